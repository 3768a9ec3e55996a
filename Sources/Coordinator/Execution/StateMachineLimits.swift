public import Store

/// A state machine's limits, set as tags on it (a Stepwise extension; see README "Limits per state
/// machine and per tree"):
///
/// - `stepwise:maxOpen`: most open executions of the state machine (nested ones included);
/// - `stepwise:maxOpenPerTree`: most open executions in one tree whose root runs this machine (the
///   root and everything it starts, at any depth, of any state machine);
/// - `stepwise:onLimit`: `fail` (the default, AWS's behaviour: `ExecutionLimitExceeded`) or
///   `queue` (the start is accepted as `PENDING` and starts when a slot frees, in order).
public struct StateMachineLimits: Sendable, Equatable {
    public static let maxOpenKey = "stepwise:maxOpen"
    public static let maxOpenPerTreeKey = "stepwise:maxOpenPerTree"
    public static let onLimitKey = "stepwise:onLimit"
    /// The largest limit (AWS's largest open-execution quota).
    public static let largest = 1_000_000

    public var maxOpen: Int?
    public var maxOpenPerTree: Int?
    public var queues: Bool

    public init(maxOpen: Int? = nil, maxOpenPerTree: Int? = nil, queues: Bool = false) {
        self.maxOpen = maxOpen
        self.maxOpenPerTree = maxOpenPerTree
        self.queues = queues
    }

    /// No limit.
    public static let none = StateMachineLimits()

    /// Why a `stepwise:` tag is refused.
    public struct Invalid: Error, Sendable, Equatable {
        public var message: String
    }

    /// The limits `tags` set. Unknown `stepwise:` keys and bad values are refused (a typo must not
    /// leave a workflow unlimited); other tags are ignored.
    public init(tags: [ResourceTag]) throws(Invalid) {
        self.init()
        for tag in tags where tag.key.hasPrefix("stepwise:") {
            switch tag.key {
            case Self.maxOpenKey: maxOpen = try Self.limit(tag)
            case Self.maxOpenPerTreeKey: maxOpenPerTree = try Self.limit(tag)
            case Self.onLimitKey:
                guard tag.value == "fail" || tag.value == "queue" else {
                    throw Invalid(message: "Invalid value for tag '\(tag.key)': '\(tag.value)'. It must be 'fail' or 'queue'.")
                }
                queues = tag.value == "queue"
            default:
                throw Invalid(message: "Unknown Stepwise tag '\(tag.key)'. Stepwise tags are \(Self.maxOpenKey), "
                              + "\(Self.maxOpenPerTreeKey) and \(Self.onLimitKey).")
            }
        }
    }

    private static func limit(_ tag: ResourceTag) throws(Invalid) -> Int {
        guard let value = Int(tag.value), (1...largest).contains(value) else {
            throw Invalid(message: "Invalid value for tag '\(tag.key)': '\(tag.value)'. It must be a whole number from 1 to \(largest).")
        }
        return value
    }

    /// Whether any limit is set.
    public var isEmpty: Bool { maxOpen == nil && maxOpenPerTree == nil }
}
