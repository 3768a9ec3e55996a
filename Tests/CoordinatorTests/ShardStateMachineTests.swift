import ASL
@testable import Coordinator
import Foundation
import JSONValue
import Messages
import Store
import Testing

/// The shard processor's logic without a broker or a store: inputs in, actions out.
@Suite struct ShardStateMachineTests {
    typealias Machine = ShardStateMachine

    static let machineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:Two"
    static let definition = """
        {"StartAt": "A", "States": {
          "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "Next": "B"},
          "B": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "End": true}}}
        """
    static let fence = LeaseFence(name: "shard.0", fencingToken: 7)
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    /// A started execution of the two-Task machine, waiting on task A, as committed at version 1.
    static func started(_ name: String = "e1") throws -> (live: LiveExecution, taskKey: String) {
        let parsed = try StateMachineDefinition(parsing: definition, type: .standard)
        let record = ExecutionRecord(arn: ARNs.executionArn(stateMachineArn: machineArn, name: name),
                                     account: "123456789012", stateMachineArn: machineArn, stateMachineRevisionId: "r1",
                                     name: name, input: "{}", startDate: now)
        var (live, _) = ExecutionDriver.start(record: record, definition: LoadedDefinition(definition: parsed, roleArn: "role"),
                                              input: .object(JSONObject()), seed: 1)
        live.record.snapshot = live.journal.snapshot()
        let key = try #require(live.taskResources.keys.first)
        return (live, key)
    }

    static func result(_ live: LiveExecution, _ key: String, output: JSON = .object(JSONObject([("ok", .bool(true))]))) -> Machine.Input {
        .result(TaskResultMessage(key: key, executionArn: live.arn, stateName: "A", outcome: .succeeded(output: output), worker: "w"))
    }

    static func commits(_ actions: [Machine.Action]) -> [ExecutionCommit] {
        actions.flatMap { action -> [ExecutionCommit] in
            if case .commit(let c) = action { return c }
            return []
        }
    }

    static func settled(_ actions: [Machine.Action], _ how: Machine.Settlement) -> [Int] {
        actions.flatMap { action -> [Int] in
            if case .settle(let tokens, let h) = action, h == how { return tokens }
            return []
        }
    }

    static func ignored(_ actions: [Machine.Action]) -> Int {
        actions.reduce(0) { n, action in
            if case .ignored(let k) = action { return n + k }
            return n
        }
    }

    static func has(_ actions: [Machine.Action], _ test: (Machine.Action) -> Bool) -> Bool { actions.contains(where: test) }

    @Test func aResultBecomesOneFencedCommitAndIsAckedOnlyAfterIt() throws {
        let (live, key) = try Self.started()
        var machine = Machine(fence: Self.fence)
        machine.adopt(live)
        let actions = machine.receive([(0, Self.result(live, key))], now: Self.now)
        let commit = try #require(Self.commits(actions).first)
        #expect(Self.commits(actions).count == 1)
        #expect(Self.settled(actions, .ack).isEmpty, "nothing is acked before the commit")
        #expect(commit.executionArn == live.arn)
        #expect(commit.expectedVersion == 1)
        #expect(commit.fence == Self.fence)
        #expect(commit.processedResultKeys == [key])
        #expect(commit.status == .running)
        #expect(commit.events.map(\.type).contains("TaskSucceeded"))
        #expect(commit.events.map(\.type).contains("TaskScheduled"), "task B is scheduled in the same commit")
        #expect(commit.outbox.count == 1, "task B's invocation goes out with the commit")

        let after = machine.committed([.success(2)])
        #expect(Self.settled(after, .ack) == [0])
        #expect(Self.has(after) { if case .wakeRelay = $0 { true } else { false } })
        #expect(Self.has(after) { if case .committed(let c) = $0, c.arn == live.arn, !c.finished { true } else { false } })
        let cached = try #require(machine.cached(live.arn))
        #expect(cached.version == 2)
        #expect(!cached.machine.isWaiting(forTask: key))
        #expect(cached.taskResources.count == 1, "waiting on task B now")
    }

    @Test func aDuplicateInTheBatchAndALateResultAreAckedWithoutEffect() throws {
        let (live, key) = try Self.started()
        var machine = Machine(fence: Self.fence)
        machine.adopt(live)
        let first = machine.receive([(0, Self.result(live, key)), (1, Self.result(live, key))], now: Self.now)
        let commit = try #require(Self.commits(first).first)
        #expect(commit.processedResultKeys == [key], "applied once")
        #expect(commit.events.filter { $0.type == "TaskSucceeded" }.count == 1)
        #expect(Self.ignored(first) == 1)
        #expect(Self.settled(machine.committed([.success(2)]), .ack) == [0, 1], "both acked once committed")

        let late = machine.receive([(5, Self.result(live, key))], now: Self.now)
        #expect(Self.commits(late).isEmpty, "a late result changes nothing")
        #expect(Self.settled(late, .ack) == [5])
        #expect(Self.ignored(late) == 1)
    }

    @Test func aStopRacingAResultWinsWhenItComesFirst() throws {
        let (live, key) = try Self.started()
        var machine = Machine(fence: Self.fence)
        machine.adopt(live)
        let stop = Machine.Input.signal(ExecutionSignal(executionArn: live.arn, kind: .stop, error: "E", cause: "C"))
        let actions = machine.receive([(0, stop), (1, Self.result(live, key))], now: Self.now)
        let commit = try #require(Self.commits(actions).first)
        #expect(commit.status == .aborted)
        #expect(commit.error == "E")
        #expect(commit.stopDate != nil)
        #expect(commit.processedResultKeys.isEmpty, "the result after the stop is not applied")
        #expect(!commit.events.map(\.type).contains("TaskSucceeded"))
        #expect(commit.events.last?.type == "ExecutionAborted")
        #expect(Self.ignored(actions) == 1)
        let after = machine.committed([.success(2)])
        #expect(Self.settled(after, .ack) == [0, 1])
        #expect(Self.has(after) { if case .committed(let c) = $0, c.finished, c.status == .aborted { true } else { false } })
        #expect(machine.cached(live.arn) == nil, "an ended execution is not kept")
    }

    @Test func aResultThatComesFirstWinsOverTheStop() throws {
        let (live, key) = try Self.started()
        var machine = Machine(fence: Self.fence)
        machine.adopt(live)
        let stop = Machine.Input.signal(ExecutionSignal(executionArn: live.arn, kind: .stop))
        let commit = try #require(Self.commits(machine.receive([(0, Self.result(live, key)), (1, stop)], now: Self.now)).first)
        #expect(commit.processedResultKeys == [key])
        #expect(commit.status == .aborted)
        #expect(commit.events.map(\.type).contains("TaskSucceeded"))
    }

    @Test func executionsNotInMemoryAreLoadedOnceThenApplied() throws {
        let (live, key) = try Self.started()
        var machine = Machine(fence: Self.fence)
        let actions = machine.receive([(0, Self.result(live, key)), (1, Self.result(live, key))], now: Self.now)
        #expect(Self.commits(actions).isEmpty)
        let loads = actions.compactMap { if case .load(let arns) = $0 { arns } else { nil } }
        #expect(loads == [[live.arn]], "one read per execution")
        let next = machine.loaded([live.arn: .live(live)])
        #expect(Self.commits(next).first?.processedResultKeys == [key])
    }

    @Test func inputsOfAGoneExecutionAreAckedAndOfAnUnreadableOneRequeuedAfterAPause() throws {
        let (live, key) = try Self.started("gone")
        let (other, otherKey) = try Self.started("unreadable")
        var machine = Machine(fence: Self.fence)
        _ = machine.receive([(0, Self.result(live, key)), (1, Self.result(other, otherKey))], now: Self.now)
        let actions = machine.loaded([live.arn: .gone, other.arn: .unavailable])
        #expect(Self.commits(actions).isEmpty)
        #expect(Self.settled(actions, .ack) == [0])
        #expect(Self.ignored(actions) == 1)
        #expect(Self.settled(actions, .requeue) == [1])
        let backOff = actions.firstIndex { if case .backOff = $0 { true } else { false } }
        let requeue = actions.firstIndex { if case .settle(_, .requeue) = $0 { true } else { false } }
        #expect(backOff != nil && requeue != nil && backOff! < requeue!, "the pause comes before the requeue")
        // The batch is over: the next one reads the unreadable execution again.
        let next = machine.receive([(2, Self.result(other, otherKey))], now: Self.now)
        #expect(next.contains { if case .load([other.arn]) = $0 { true } else { false } })
    }

    @Test func aCommitConflictDropsTheCachedStateAndRequeues() throws {
        let (live, key) = try Self.started()
        var machine = Machine(fence: Self.fence)
        machine.adopt(live)
        _ = machine.receive([(0, Self.result(live, key))], now: Self.now)
        let after = machine.committed([.failure(.versionConflict)])
        #expect(Self.settled(after, .requeue) == [0])
        #expect(Self.settled(after, .ack).isEmpty)
        #expect(!Self.has(after) { if case .leaseLost = $0 { true } else { false } })
        #expect(!Self.has(after) { if case .backOff = $0 { true } else { false } })
        #expect(machine.cached(live.arn) == nil)
        // The redelivered result reads the execution again.
        let again = machine.receive([(1, Self.result(live, key))], now: Self.now)
        #expect(again.contains { if case .load([live.arn]) = $0 { true } else { false } })
    }

    @Test func aFencingConflictLosesTheShardAndABackendFailurePausesFirst() throws {
        let (a, keyA) = try Self.started("a")
        let (b, keyB) = try Self.started("b")
        let (c, keyC) = try Self.started("c")
        var machine = Machine(fence: Self.fence)
        for live in [a, b, c] { machine.adopt(live) }
        let actions = machine.receive([(0, Self.result(a, keyA)), (1, Self.result(b, keyB)), (2, Self.result(c, keyC))], now: Self.now)
        #expect(Self.commits(actions).map(\.executionArn) == [a.arn, b.arn, c.arn])
        let after = machine.committed([.success(2), .failure(.backend), .failure(.fencingConflict)])
        #expect(Self.settled(after, .ack) == [0], "the commit that applied is acked")
        #expect(Self.settled(after, .requeue) == [1, 2])
        #expect(Self.has(after) { if case .leaseLost = $0 { true } else { false } })
        let backOff = after.firstIndex { if case .backOff = $0 { true } else { false } }
        let requeue = after.firstIndex { if case .settle(_, .requeue) = $0 { true } else { false } }
        #expect(backOff != nil && requeue != nil && backOff! < requeue!)
        #expect(machine.leaseLost)
        #expect(machine.cachedCount == 0, "nothing is kept once the lease is lost")
        // Later inputs go back to the queue for the next owner.
        let later = machine.receive([(3, Self.result(a, keyA))], now: Self.now)
        #expect(Self.settled(later, .requeue) == [3])
        #expect(Self.commits(later).isEmpty)
    }

    @Test func aLeaseLostMidBatchStillAcksWhatCommittedButKeepsNothing() throws {
        let (live, key) = try Self.started()
        var machine = Machine(fence: Self.fence)
        machine.adopt(live)
        #expect(Self.commits(machine.receive([(0, Self.result(live, key))], now: Self.now)).count == 1)
        #expect(Self.has(machine.leaseWasLost()) { if case .leaseLost = $0 { true } else { false } })
        #expect(machine.leaseWasLost().isEmpty, "reported once")
        let after = machine.committed([.success(2)])
        #expect(Self.settled(after, .ack) == [0], "a fenced commit that applied is done")
        #expect(machine.cached(live.arn) == nil)
        machine.adopt(live)
        #expect(machine.cached(live.arn) == nil, "nothing is adopted after the loss")
    }

    @Test func malformedDeliveriesAreDeadLetteredAndTheRestApplied() throws {
        let (live, key) = try Self.started()
        var machine = Machine(fence: Self.fence)
        machine.adopt(live)
        let actions = machine.receive([(0, .malformed), (1, Self.result(live, key))], now: Self.now)
        #expect(Self.settled(actions, .deadLetter) == [0])
        #expect(Self.commits(actions).count == 1)
    }

    @Test func aTimerNoLongerWaitedForOnlyDeletesItsRow() throws {
        let (live, _) = try Self.started()
        var machine = Machine(fence: Self.fence)
        machine.adopt(live)
        let timer = TimerRecord(id: live.arn + "|gone", executionArn: live.arn, dueDate: Self.now, payload: "gone")
        let actions = machine.receive([(0, .timer(timer))], now: Self.now)
        let commit = try #require(Self.commits(actions).first)
        #expect(commit.deleteTimerIds == [timer.id])
        #expect(commit.events.isEmpty)
        #expect(Self.settled(machine.committed([.success(2)]), .ack) == [0])
    }

    @Test func anExecutionEndingTellsItsSyncParentInTheSameCommit() throws {
        var (live, key) = try Self.started()
        live.record.parentArn = "arn:aws:states:us-east-1:123456789012:execution:Parent:p"
        live.journal.parentTask = Journal.ParentTask(key: "parent-task", mode: "sync2")
        var machine = Machine(fence: Self.fence)
        machine.adopt(live)
        let first = try #require(Self.commits(machine.receive([(0, Self.result(live, key))], now: Self.now)).first)
        #expect(first.outbox.count == 1)
        _ = machine.committed([.success(2)])
        let keyB = try #require(machine.cached(live.arn)?.taskResources.keys.first)
        let last = try #require(Self.commits(machine.receive([(1, Self.result(live, keyB))], now: Self.now)).first)
        #expect(last.status == .succeeded)
        let notice = try #require(last.outbox.first)
        #expect(notice.routingKey == Shards.queue(of: live.record.parentArn!))
        let signal = try ExecutionSignal(decoding: WireMessage(body: notice.body, headers: [WireNames.schemaHeader: ExecutionSignal.schema, WireNames.versionHeader: "1"]))
        #expect(signal.kind == .child)
        #expect(signal.taskKey == "parent-task")
        #expect(signal.child?.status == "SUCCEEDED")
    }
}
