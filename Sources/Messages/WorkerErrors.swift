/// The errors (their names, as a Task sees them) a worker reports on its own behalf, not from a handler.
public enum WorkerErrors {
    /// The invocation named an activity or function this worker has no handler for
    /// (it reached a queue the worker consumes, e.g. published there by hand or misrouted).
    public static let handlerNotFound = "Stepwise.HandlerNotFound"
    /// A `Codable` handler could not decode its input into the declared type.
    public static let invalidInput = "Stepwise.InvalidInput"
    /// The handler ran past the invocation's `TimeoutSeconds`; the worker cancelled it. The
    /// coordinator's own timer reports the same error; whichever arrives second is dropped by key.
    public static let timeout = "States.Timeout"
}
