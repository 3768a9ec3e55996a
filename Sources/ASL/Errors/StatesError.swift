/// An ASL runtime failure as a value (`States.Runtime`, `States.TaskFailed`, a user error name ...).
/// It flows into Retry and Catch; it is never thrown across the driver boundary.
public struct StatesError: Error, Sendable, Hashable {
    /// The error name, e.g. `States.Runtime`.
    public var error: String
    /// The human-readable cause, or nil when AWS reports none.
    public var cause: String?

    public init(_ error: String, cause: String? = nil) {
        self.error = error
        self.cause = cause
    }

    public static func runtime(_ cause: String) -> StatesError { StatesError("States.Runtime", cause: cause) }
    public static func intrinsicFailure(_ cause: String) -> StatesError { StatesError("States.IntrinsicFailure", cause: cause) }
    public static func parameterPathFailure(_ cause: String) -> StatesError { StatesError("States.ParameterPathFailure", cause: cause) }
    public static func resultPathMatchFailure(_ cause: String) -> StatesError { StatesError("States.ResultPathMatchFailure", cause: cause) }
}

extension StatesError {
    /// `States.ReferencePathConflict`: what AWS reports when a ResultPath cannot be applied to the input.
    public static func referencePathConflict(_ cause: String) -> StatesError {
        StatesError("States.ReferencePathConflict", cause: cause)
    }
}
