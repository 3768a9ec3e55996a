import ASL
import Foundation
import JSONValue
import Store

extension ExecutionRecord {
    /// Sets the terminal status, output, error and stop date the interpreter's result gives.
    mutating func finish(_ result: ExecutionResult, at date: Date) {
        status = ExecutionRecord.Status(rawValue: result.status.rawValue) ?? .failed
        output = result.output?.serialized()
        error = result.error
        cause = result.cause
        stopDate = Date(milliseconds: date.milliseconds)
    }
}
