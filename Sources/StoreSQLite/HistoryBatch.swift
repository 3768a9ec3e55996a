import Foundation
import Store

/// The history events one commit appends, stored as one `history_batches` row.
///
/// One row per commit instead of one per event: a 3-Task execution writes 5 rows and 5 index
/// entries instead of 17 of each. The text is the events one after another, each as
/// `id,previousEventId,timestampMilliseconds,type,byteCount:details`, where `byteCount` is the
/// length of `details` in UTF-8 bytes; migration 4 builds the same text in SQL from the old rows.
enum HistoryBatch {
    /// The batch text of `events` (in id order), written straight into the string's storage.
    static func encode(_ events: [HistoryEvent]) -> String {
        let capacity = events.reduce(0) { $0 + $1.details.utf8.count + $1.type.utf8.count + 4 * 21 }
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var at = 0
            for event in events {
                at = append(event.id, to: buffer, at: at, then: ",")
                at = append(event.previousEventId, to: buffer, at: at, then: ",")
                at = append(event.timestamp.milliseconds, to: buffer, at: at, then: ",")
                at = append(event.type, to: buffer, at: at)
                buffer[at] = UInt8(ascii: ","); at += 1
                at = append(Int64(event.details.utf8.count), to: buffer, at: at, then: ":")
                at = append(event.details, to: buffer, at: at)
            }
            return at
        }
    }

    /// Writes `value` in decimal, then `separator`, at `at`; returns where the next byte goes.
    private static func append(_ value: Int64, to buffer: UnsafeMutableBufferPointer<UInt8>, at: Int,
                               then separator: Unicode.Scalar) -> Int {
        var at = at
        if value < 0 { buffer[at] = UInt8(ascii: "-"); at += 1 }
        let start = at
        var magnitude = value.magnitude
        repeat {
            buffer[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            at += 1
            magnitude /= 10
        } while magnitude > 0
        buffer[start..<at].reverse()
        buffer[at] = UInt8(ascii: separator)
        return at + 1
    }

    /// Copies `text`'s UTF-8 bytes to `at`; returns where the next byte goes.
    private static func append(_ text: String, to buffer: UnsafeMutableBufferPointer<UInt8>, at: Int) -> Int {
        var text = text
        return text.withUTF8 { utf8 in
            guard let source = utf8.baseAddress, !utf8.isEmpty else { return at }
            (buffer.baseAddress! + at).update(from: source, count: utf8.count)
            return at + utf8.count
        }
    }

    /// The events of a batch text, in id order.
    static func decode(_ text: String) throws -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        var utf8 = Substring(text).utf8
        while !utf8.isEmpty {
            let id = try integer(&utf8, until: UInt8(ascii: ","))
            let previous = try integer(&utf8, until: UInt8(ascii: ","))
            let timestamp = try integer(&utf8, until: UInt8(ascii: ","))
            guard let comma = utf8.firstIndex(of: UInt8(ascii: ",")) else { throw malformed() }
            let type = String(Substring(utf8[utf8.startIndex..<comma]))
            utf8 = utf8[utf8.index(after: comma)...]
            let count = try integer(&utf8, until: UInt8(ascii: ":"))
            guard count >= 0, count <= utf8.count else { throw malformed() }
            let end = utf8.index(utf8.startIndex, offsetBy: Int(count))
            guard let details = String(validating: utf8[utf8.startIndex..<end], as: UTF8.self) else { throw malformed() }
            utf8 = utf8[end...]
            events.append(HistoryEvent(
                id: id, previousEventId: previous, timestamp: Date(milliseconds: timestamp), type: type, details: details))
        }
        return events
    }

    /// Reads a decimal integer (an optional `-`, then digits) up to `separator`, and skips the separator.
    private static func integer(_ utf8: inout Substring.UTF8View, until separator: UInt8) throws -> Int64 {
        guard let end = utf8.firstIndex(of: separator), let value = Int64(Substring(utf8[utf8.startIndex..<end])) else {
            throw malformed()
        }
        utf8 = utf8[utf8.index(after: end)...]
        return value
    }

    private static func malformed() -> StoreError {
        StoreError.backend.with(message: "a stored history batch is malformed")
    }
}
