public import JSONValue
import Synchronization

/// The activity or Lambda function a Task state calls, and the queue its workers consume.
///
/// Queue names (see ``WireNames``): activity `NAME` → `stepwise.activity.NAME`; function `NAME`
/// → `stepwise.fn.NAME` (any version or alias: the qualifier is kept but does not change the
/// queue). Names may use letters, digits, `-`, `_`, `.` and `$` (for `$LATEST`; 1–80 characters), which keeps every
/// queue name a valid, unambiguous AMQP name.
public struct TaskTarget: Sendable, Hashable, CustomStringConvertible {
    /// What kind of resource the name belongs to.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case activity
        case function
    }

    public var kind: Kind
    /// The activity or function name, without account, region or qualifier.
    public var name: String
    /// A function version or alias (`:prod`, `:3`), if the resource named one.
    public var qualifier: String?

    /// - Parameters:
    ///   - kind: Activity or function.
    ///   - name: The bare name.
    ///   - qualifier: A function version or alias.
    public init(kind: Kind, name: String, qualifier: String? = nil) {
        self.kind = kind
        self.name = name
        self.qualifier = qualifier
    }

    /// The queue workers serving this target consume.
    public var queue: String { Self.queue(kind: kind, name: name) }

    /// The queue for `name` of `kind`: `stepwise.activity.NAME` or `stepwise.fn.NAME`.
    public static func queue(kind: Kind, name: String) -> String {
        (kind == .activity ? WireNames.activityQueuePrefix : WireNames.functionQueuePrefix) + name
    }

    public var description: String { "\(kind.rawValue) \(name)" + (qualifier.map { ":\($0)" } ?? "") }

    /// Whether `resource` is the optimized Lambda integration, whose output the coordinator wraps
    /// as `{"Payload": output, "StatusCode": 200, ...}` and whose function gets `Payload` as input.
    public static func isLambdaInvoke(_ resource: String) -> Bool {
        resource == "arn:aws:states:::lambda:invoke" || resource == "arn:aws:states:::lambda:invoke.waitForTaskToken"
    }

    /// Resolves a Task state's resource to its target.
    /// - Parameters:
    ///   - resource: `arn:aws:states:REGION:ACCOUNT:activity:NAME`,
    ///     `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`, or
    ///     `arn:aws:states:::lambda:invoke[.waitForTaskToken]`.
    ///   - parameters: The effective parameters; for `lambda:invoke` their `FunctionName` (a name,
    ///     `NAME:QUALIFIER`, `ACCOUNT:function:NAME[:QUALIFIER]` or a full function ARN) names the function.
    /// - Throws: ``MessageError/invalidResource`` for any other resource or a bad name.
    public static func resolve(resource: String, parameters: JSON) throws(MessageError) -> TaskTarget {
        if isLambdaInvoke(resource) {
            guard let functionName = parameters["FunctionName"]?.stringValue else {
                throw .invalidResource("\(resource) needs a string 'FunctionName' in its parameters")
            }
            return try function(functionName)
        }
        return try parsed.value(resource) { () throws(MessageError) in try parse(resource: resource) }
    }

    private static func parse(resource: String) throws(MessageError) -> TaskTarget {
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 7, parts[0] == "arn", parts[2] == "states", parts[5] == "activity" {
            return TaskTarget(kind: .activity, name: try validName(parts[6], in: resource))
        }
        if parts.count >= 7, parts[0] == "arn", parts[2] == "lambda" {
            return try function(resource)
        }
        throw .invalidResource("no worker queue serves the resource '\(resource)'")
    }

    /// Parses a Lambda `FunctionName`: `NAME[:QUALIFIER]`, `ACCOUNT:function:NAME[:QUALIFIER]`
    /// or `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`.
    public static func function(_ functionName: String) throws(MessageError) -> TaskTarget {
        try parsedFunctions.value(functionName) { () throws(MessageError) in try parse(functionName: functionName) }
    }

    private static func parse(functionName: String) throws(MessageError) -> TaskTarget {
        let parts = functionName.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let rest: ArraySlice<String>
        if parts.first == "arn" {
            guard parts.count == 7 || parts.count == 8, parts[2] == "lambda", parts[5] == "function" else {
                throw .invalidResource("'\(functionName)' is not a Lambda function ARN")
            }
            rest = parts[6...]
        } else if parts.count >= 3, parts[1] == "function" {
            guard parts.count <= 4 else { throw .invalidResource("'\(functionName)' has too many ':' parts") }
            rest = parts[2...]
        } else {
            guard parts.count <= 2 else { throw .invalidResource("'\(functionName)' is not a function name or ARN") }
            rest = parts[...]
        }
        let name = try validName(rest[rest.startIndex], in: functionName)
        var qualifier: String? = nil
        if rest.count == 2 {
            qualifier = try validName(rest[rest.startIndex + 1], in: functionName)
        }
        return TaskTarget(kind: .function, name: name, qualifier: qualifier)
    }

    /// Resources and function names parsed before: a definition names the same few again and again.
    private static let parsed = ParseCache()
    private static let parsedFunctions = ParseCache()

    private static func validName(_ name: String, in text: String) throws(MessageError) -> String {
        let ok = !name.isEmpty && name.utf8.count <= 80 && name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x24
        }
        guard ok else {
            throw .invalidResource("'\(name)' in '\(text)' must be 1-80 letters, digits, '-', '_' or '.'")
        }
        return name
    }
}

/// Parse results by text, dropped all at once when `capacity` is reached.
private final class ParseCache: Sendable {
    private let entries = Mutex<[String: Result<TaskTarget, MessageError>]>([:])
    private let capacity = 1024

    func value(_ text: String, parse: () throws(MessageError) -> TaskTarget) throws(MessageError) -> TaskTarget {
        if let known = entries.withLock({ $0[text] }) { return try known.get() }
        let result: Result<TaskTarget, MessageError>
        do { result = .success(try parse()) } catch { result = .failure(error) }
        entries.withLock { all in
            if all.count >= capacity { all.removeAll(keepingCapacity: true) }
            all[text] = result
        }
        return try result.get()
    }
}
