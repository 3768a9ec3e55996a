import Foundation
import Store

/// Records for one test: a unique account and ARNs, whole-millisecond dates.
struct Fixture {
    let account = String(UInt64.random(in: 100_000_000_000...999_999_999_999))
    let base = Date(timeIntervalSince1970: 1_800_000_000)

    func date(_ seconds: Double) -> Date {
        base.addingTimeInterval(seconds)
    }

    func stateMachineArn(_ name: String = "machine") -> String {
        "arn:aws:states:us-east-1:\(account):stateMachine:\(name)"
    }

    func executionArn(_ name: String, machine: String = "machine") -> String {
        "arn:aws:states:us-east-1:\(account):execution:\(machine):\(name)"
    }

    func stateMachine(_ name: String = "machine", definition: String = #"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#)
        -> StateMachineRecord
    {
        StateMachineRecord(
            arn: stateMachineArn(name), account: account, name: name, kind: .standard, definition: definition,
            roleArn: "arn:aws:iam::\(account):role/run", creationDate: date(0), revisionId: "rev-1")
    }

    func execution(
        _ name: String, machine: String = "machine", start: Double = 0, parent: ExecutionRecord? = nil
    ) -> ExecutionRecord {
        ExecutionRecord(
            arn: executionArn(name, machine: machine), account: account, stateMachineArn: stateMachineArn(machine),
            stateMachineRevisionId: "rev-1", name: name, input: #"{"n":1}"#, startDate: date(start),
            parentArn: parent?.arn, rootArn: parent?.rootArn, snapshot: Array("snapshot-0".utf8))
    }

    func events(_ ids: ClosedRange<Int64>, type: String = "PassStateEntered") -> [HistoryEvent] {
        ids.map { HistoryEvent(id: $0, previousEventId: $0 - 1, timestamp: date(Double($0)), type: type, details: #"{"id":\#($0)}"#) }
    }

    func timer(_ id: String, execution: ExecutionRecord, due: Double) -> TimerRecord {
        TimerRecord(id: "\(execution.arn)#\(id)", executionArn: execution.arn, dueDate: date(due), payload: #"{"timer":"\#(id)"}"#)
    }

    func message(_ routingKey: String, execution: ExecutionRecord) -> OutboxMessage {
        OutboxMessage(
            executionArn: execution.arn, exchange: "stepwise.tasks", routingKey: routingKey,
            body: Array("body-\(routingKey)".utf8) + [0, 255], headers: #"{"k":"\#(routingKey)"}"#, createdDate: date(1))
    }

    /// A start with `ExecutionStarted` as event 1.
    func start(_ execution: ExecutionRecord, timers: [TimerRecord] = [], outbox: [OutboxMessage] = []) -> ExecutionStart {
        ExecutionStart(
            execution: execution, events: events(1...1, type: "ExecutionStarted"), outbox: outbox, timers: timers)
    }

    /// A commit that stops the execution.
    func stop(_ execution: ExecutionRecord, version: Int64, status: ExecutionRecord.Status = .succeeded) -> ExecutionCommit {
        ExecutionCommit(
            executionArn: execution.arn, expectedVersion: version, date: date(100), status: status,
            output: status == .succeeded ? #"{"done":true}"# : nil, stopDate: date(100), snapshot: Array("done".utf8))
    }
}
