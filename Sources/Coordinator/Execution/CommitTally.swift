import ASL

/// What one commit did to tasks, for the metrics (gathered by ``ActionRecorder``; pure). A task's
/// resource is named as its history events name it, `<resourceType>:<resource>`
/// (`lambda:invoke`, `states:startExecution.sync:2`), which a definition's `Resource` ARN gives
/// after `arn:aws:states:::`: a label with as many values as the definitions have resources.
struct CommitTally: Sendable, Equatable {
    enum What: String, Sendable {
        case scheduled, retried, succeeded, failed
        case timedOut = "timed_out"
    }

    struct Entry: Sendable, Equatable {
        var resource: String
        var what: What
    }

    var entries: [Entry] = []
    /// States entered (AWS's state transitions).
    var stateTransitions = 0

    var isEmpty: Bool { entries.isEmpty && stateTransitions == 0 }

    /// Counts what a history event says about a task.
    mutating func count(_ details: HistoryEventDetails) {
        switch details {
        case .stateEntered:
            stateTransitions += 1
        case .taskScheduled(let type, let resource, _, _, _, _):
            entries.append(Entry(resource: type + ":" + resource, what: .scheduled))
        case .taskOutput(let key, let type, let resource, _) where key == "taskSucceededEventDetails":
            entries.append(Entry(resource: type + ":" + resource, what: .succeeded))
        case .taskError(let key, let type, let resource, _, _):
            entries.append(Entry(resource: type + ":" + resource, what: key == "taskTimedOutEventDetails" ? .timedOut : .failed))
        default:
            break
        }
    }

    /// Counts a task's attempt after its first (a Retry).
    mutating func retried(resourceArn: String) {
        let prefix = "arn:aws:states:::"
        let name = resourceArn.hasPrefix(prefix) ? String(resourceArn.dropFirst(prefix.count)) : resourceArn
        entries.append(Entry(resource: name, what: .retried))
    }
}
