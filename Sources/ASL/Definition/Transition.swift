/// Where a state goes when it completes: `Next` or `End`.
public enum Transition: Sendable, Hashable {
    case next(String)
    case end

    /// The target state's name, or nil for `End`.
    public var nextState: String? { if case .next(let name) = self { name } else { nil } }
}
