import ASL
import EngineTesting
import Foundation
import JSONValue
import Testing

@Suite struct SynchronousDriverTests {
    @Test func tasksAreAnsweredByTheHandler() throws {
        let definition = try Fixtures.definition(#"""
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:double",
          "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 1}], "End": true}}}
        """#)
        let calls = Counter()
        var driver = SynchronousDriver { invocation in
            if calls.next() == 0 { return .failure(error: "Flaky", cause: "once") }
            let n = invocation.input["n"]?.numberValue?.int ?? 0
            return .success(.int(n * 2))
        }
        let run = driver.run(definition, input: Fixtures.json(#"{"n": 21}"#))
        #expect(run.result.status == .succeeded)
        #expect(run.result.output == .int(42))
        #expect(run.invocations.count == 2)
        #expect(driver.clock.nowMilliseconds == ManualClock().nowMilliseconds + 1_000)
    }

    @Test func waitsAdvanceVirtualTimeOnly() throws {
        let definition = try Fixtures.definition(#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}"#)
        var driver = SynchronousDriver()
        let before = driver.clock.nowMilliseconds
        let run = driver.run(definition)
        #expect(run.result.status == .succeeded)
        #expect(driver.clock.nowMilliseconds == before + 3_600_000)
        #expect(run.history.map(\.type) == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"])
    }

    @Test func childExecutionsRunSynchronously() throws {
        var driver = SynchronousDriver()
        let childArn = driver.stateMachineArn("child")
        driver.stateMachines[childArn] = try Fixtures.definition(#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Child", "Cause": "no"}}}"#)
        let parent = try Fixtures.definition(#"""
        {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
          "Parameters": {"StateMachineArn": "\#(childArn)", "Input": {}}, "End": true}}}
        """#)
        let run = driver.run(parent)
        #expect(run.result.status == .failed)
        #expect(run.result.error == "States.TaskFailed")
        #expect(run.result.cause?.contains(#""Error":"Child""#) == true)
    }
}

/// A thread-safe counter for task handlers.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int {
        lock.lock()
        defer { value += 1; lock.unlock() }
        return value
    }
}
