/// How `ErrorEquals` matches an error name.
enum ErrorMatcher {
    /// `States.ALL` matches every error, `States.TaskFailed` every error but `States.Timeout`;
    /// other names compare exactly, except that AWS's nested-start quota error answers to both its
    /// names (`StepFunctions.ExecutionLimitExceeded` and `...ExecutionLimitExceededException`).
    /// Terminal errors (`States.Runtime`, `States.DataLimitExceeded`)
    /// never match: AWS always fails the execution on them.
    static func matches(_ errorEquals: [String], _ error: String) -> Bool {
        if terminal(error) { return false }
        for name in errorEquals {
            if name == error || name == "States.ALL" { return true }
            if name == error + "Exception", error == "StepFunctions.ExecutionLimitExceeded" { return true }
            if name == "States.TaskFailed", error != "States.Timeout" { return true }
        }
        return false
    }

    /// Errors no Catch or Retry handles.
    static func terminal(_ error: String) -> Bool {
        error == "States.DataLimitExceeded" || error == "States.Runtime"
    }
}
