public import ASL
import JSONValue

/// What rebuilds an interpreter: its seed, its start time and every event it handled with the
/// time it handled it, in order. Stored as the execution's `snapshot`; replaying it through
/// ``ExecutionStateMachine`` gives back the same value (the interpreter is deterministic).
public struct Journal: Sendable, Equatable {
    public var seed: UInt64
    public var startMilliseconds: Int64
    public var entries: [(milliseconds: Int64, event: ExecutionEvent)]
    /// The parent's task this execution answers when it ends (`.sync`, `.sync:2`), if any.
    public var parentTask: ParentTask?

    /// The task of a parent execution that started this one.
    public struct ParentTask: Sendable, Equatable {
        public var key: String
        /// `requestResponse`, `sync`, `sync2` or `waitForTaskToken`.
        public var mode: String
        public init(key: String, mode: String) {
            self.key = key
            self.mode = mode
        }
    }

    /// `entries[..<encodedCount]` serialised, comma-separated: `snapshot()` appends only new entries
    /// (entries only ever grow by appending; fewer entries than encoded starts afresh).
    private var encodedEntries: [UInt8] = []
    private var encodedCount = 0

    public init(seed: UInt64, startMilliseconds: Int64, entries: [(milliseconds: Int64, event: ExecutionEvent)] = [],
                parentTask: ParentTask? = nil) {
        self.seed = seed
        self.startMilliseconds = startMilliseconds
        self.entries = entries
        self.parentTask = parentTask
    }

    public static func == (lhs: Journal, rhs: Journal) -> Bool {
        lhs.seed == rhs.seed && lhs.parentTask == rhs.parentTask && lhs.startMilliseconds == rhs.startMilliseconds && lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.milliseconds == $1.milliseconds && $0.event == $1.event }
    }

    /// The journal as bytes (a JSON object): `encoded()`, serialising only the entries added since
    /// the last call (a live execution's journal grows by a few entries per commit and is stored
    /// whole each time).
    public mutating func snapshot() -> [UInt8] {
        if encodedCount > entries.count { encodedEntries = []; encodedCount = 0 }
        if encodedCount < entries.count {
            var o = JSONWriter(capacity: 256 * (entries.count - encodedCount))
            for entry in entries[encodedCount...] { Self.write(entry.event, at: entry.milliseconds, to: &o) }
            if !encodedEntries.isEmpty { encodedEntries.append(UInt8(ascii: ",")) }
            encodedEntries.append(contentsOf: o.bytes())
            encodedCount = entries.count
        }
        return encoded(entries: encodedEntries)
    }

    public func encoded() -> [UInt8] {
        var o = JSONWriter(capacity: 256 * entries.count)
        for entry in entries { Self.write(entry.event, at: entry.milliseconds, to: &o) }
        return encoded(entries: o.bytes())
    }

    /// The journal object around its entries, given as comma-separated JSON objects.
    private func encoded(entries: [UInt8]) -> [UInt8] {
        var o = JSONWriter(capacity: entries.count + 128)
        o.beginObject()
        o.member("seed", String(seed))
        o.member("start", Int(startMilliseconds))
        if let parentTask {
            o.key("parent")
            o.beginObject()
            o.member("key", parentTask.key)
            o.member("mode", parentTask.mode)
            o.endObject()
        }
        o.key("events")
        o.beginArray()
        if !entries.isEmpty { o.raw(entries) }
        o.endArray()
        o.endObject()
        return o.bytes()
    }

    /// Reads bytes written by ``encoded()``.
    /// - Throws: ``JournalError`` when the bytes are not a journal.
    public init(decoding bytes: [UInt8]) throws(JournalError) {
        guard let json = try? JSON(parsing: bytes), let seedText = json["seed"]?.stringValue, let seed = UInt64(seedText),
              let start = json["start"]?.numberValue?.int, let events = json["events"]?.arrayValue else {
            throw JournalError(message: "the execution snapshot is not a journal")
        }
        var entries: [(milliseconds: Int64, event: ExecutionEvent)] = []
        entries.reserveCapacity(events.count)
        for e in events { entries.append(try Self.decode(e)) }
        var parentTask: ParentTask? = nil
        if let key = json["parent"]?["key"]?.stringValue, let mode = json["parent"]?["mode"]?.stringValue {
            parentTask = ParentTask(key: key, mode: mode)
        }
        self.init(seed: seed, startMilliseconds: Int64(start), entries: entries, parentTask: parentTask)
    }

    private static func write(_ event: ExecutionEvent, at ms: Int64, to o: inout JSONWriter) {
        o.beginObject()
        o.member("t", Int(ms))
        switch event {
        case .taskStarted(let id):
            o.member("k", "started"); o.member("id", id)
        case .taskHeartbeat(let id):
            o.member("k", "heartbeat"); o.member("id", id)
        case .taskSucceeded(let id, let output):
            o.member("k", "succeeded"); o.member("id", id); o.member("output", output)
        case .taskFailed(let id, let error, let cause):
            o.member("k", "failed"); o.member("id", id); o.member("error", error)
            o.member("cause", ifPresent: cause)
        case .childExecutionFinished(let id, let outcome):
            o.member("k", "child"); o.member("id", id)
            o.key("outcome")
            o.beginObject()
            o.member("arn", outcome.executionArn)
            o.member("status", outcome.status.rawValue)
            if let output = outcome.output { o.member("output", output) }
            o.member("error", ifPresent: outcome.error)
            o.member("cause", ifPresent: outcome.cause)
            o.member("start", Int(outcome.startMilliseconds))
            o.member("stop", Int(outcome.stopMilliseconds))
            o.endObject()
        case .timerFired(let id):
            o.member("k", "timer"); o.member("id", id)
        case .stopRequested(let error, let cause):
            o.member("k", "stop")
            o.member("error", ifPresent: error)
            o.member("cause", ifPresent: cause)
        }
        o.endObject()
    }

    private static func decode(_ json: JSON) throws(JournalError) -> (milliseconds: Int64, event: ExecutionEvent) {
        guard let t = json["t"]?.numberValue?.int, let kind = json["k"]?.stringValue else {
            throw JournalError(message: "a journal entry has no time or kind")
        }
        let id = json["id"]?.stringValue ?? ""
        let event: ExecutionEvent
        switch kind {
        case "started": event = .taskStarted(taskId: id)
        case "heartbeat": event = .taskHeartbeat(taskId: id)
        case "succeeded": event = .taskSucceeded(taskId: id, output: json["output"] ?? .null)
        case "failed": event = .taskFailed(taskId: id, error: json["error"]?.stringValue ?? "", cause: json["cause"]?.stringValue)
        case "child":
            guard let c = json["outcome"], let arn = c["arn"]?.stringValue,
                  let status = c["status"]?.stringValue.flatMap(ExecutionStatus.init(rawValue:)) else {
                throw JournalError(message: "a journal child entry is malformed")
            }
            event = .childExecutionFinished(taskId: id, ChildExecutionOutcome(
                executionArn: arn, status: status, output: c["output"], error: c["error"]?.stringValue,
                cause: c["cause"]?.stringValue, startMilliseconds: Int64(c["start"]?.numberValue?.int ?? 0),
                stopMilliseconds: Int64(c["stop"]?.numberValue?.int ?? 0)))
        case "timer": event = .timerFired(id: id)
        case "stop": event = .stopRequested(error: json["error"]?.stringValue, cause: json["cause"]?.stringValue)
        default: throw JournalError(message: "unknown journal entry kind '\(kind)'")
        }
        return (Int64(t), event)
    }
}

/// A stored snapshot that cannot be read back.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
