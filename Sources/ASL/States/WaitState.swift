/// `"Type": "Wait"`: waits a number of seconds or until a timestamp; becomes a timer.
public struct WaitState: Sendable {
    public var name: String
    public var transition: Transition
    public var io: StateIO
    /// Exactly one of the four is set.
    public var seconds: Int?
    public var timestamp: String?
    public var secondsPath: String?
    public var timestampPath: String?
    /// JSONata `Seconds`/`Timestamp` written as `{% %}` expressions.
    public var secondsExpression: String?
    public var timestampExpression: String?
}
