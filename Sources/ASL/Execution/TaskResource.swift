/// A Task `Resource` ARN split the way history events report it.
struct TaskResource: Sendable, Hashable {
    /// `states`, `lambda`, `activity` ...
    var type: String
    /// `startExecution.sync`, `invoke`, or the whole ARN for activities and functions.
    var name: String
    /// The integration pattern, from the suffix.
    var childMode: ChildExecutionRequest.Mode?
    var waitsForToken: Bool

    init(_ arn: String) {
        // Most resources are function and activity ARNs: take their service field from the bytes
        // and leave the full split to `states` integrations.
        if let service = ARNFields.field(2, of: arn), !arn.utf8[service].elementsEqual("states".utf8) {
            type = String(arn[service])
            name = arn
            childMode = nil
            waitsForToken = arn.utf8.suffix(17).elementsEqual(".waitForTaskToken".utf8)
            return
        }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        waitsForToken = arn.hasSuffix(".waitForTaskToken")
        if parts.count == 6, parts[2] == "states", parts[3].isEmpty, parts[4].isEmpty {
            let service = parts[5].split(separator: ":", maxSplits: 1).map(String.init)
            type = service.first ?? ""
            name = service.count > 1 ? service[1] : ""
        } else if parts.count >= 6, parts[2] == "states", parts[5].hasPrefix("activity:") {
            type = "activity"
            name = arn
        } else {
            type = parts.count > 2 ? parts[2] : arn
            name = arn
        }
        if type == "states", name.hasPrefix("startExecution") {
            switch name {
            case "startExecution.sync": childMode = .sync
            case "startExecution.sync:2": childMode = .sync2
            case "startExecution.waitForTaskToken": childMode = .waitForTaskToken
            default: childMode = .requestResponse
            }
        } else {
            childMode = nil
        }
    }
}
