import Foundation
import JSONValue

/// What each start runs: a built-in workflow, the user's definition, or an existing state machine.
public enum LoadScenario: Sendable, Equatable {
    /// Three Task states on the stock worker's `echo`.
    case flat
    /// The user's definition (created once per account for the run) with a fixed input.
    case definition(String, input: String)
    /// An existing state machine (one account), with a fixed input.
    case existing(arn: String, input: String)

    public var name: String {
        switch self {
        case .flat: "flat"
        case .definition: "definition"
        case .existing(let arn, _): "existing \(arn)"
        }
    }

    static func flatDefinition(region: String) -> String {
        let echo = "arn:aws:lambda:\(region):123456789012:function:echo"
        return """
            {"Comment": "stepwise load: flat", "StartAt": "A", "States": {
              "A": {"Type": "Task", "Resource": "\(echo)", "Next": "B"},
              "B": {"Type": "Task", "Resource": "\(echo)", "Next": "C"},
              "C": {"Type": "Task", "Resource": "\(echo)", "End": true}}}
            """
    }

    /// The definition to create, if the scenario creates one.
    func definition(region: String) -> String? {
        switch self {
        case .flat: Self.flatDefinition(region: region)
        case .definition(let text, _): text
        case .existing: nil
        }
    }

    /// The input of start `index`.
    func input(_ index: Int) -> String {
        switch self {
        case .flat: #"{"i": \#(index)}"#
        case .definition(_, let input), .existing(_, let input): input
        }
    }
}
