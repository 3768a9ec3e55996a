@testable import Coordinator
import Testing

/// StopExecution waits on the watch for the end its coordinator commits.
@Suite(.timeLimit(.minutes(1))) struct ExecutionWatchTests {
    @Test func aWaiterWakesWhenItsExecutionEndsAndNotForAnother() async {
        let watch = ExecutionWatch()
        let waiter = watch.register("arn:a")
        let other = watch.register("arn:b")
        async let ended = waiter.wait(timeout: .seconds(600))
        watch.ended("arn:a")
        #expect(await ended)
        #expect(await other.wait(timeout: .milliseconds(20)) == false, "another execution's end does not wake it")
        other.cancel()
    }

    @Test func anEndBeforeTheWaitIsNotLost() async {
        let watch = ExecutionWatch()
        let waiter = watch.register("arn:a")
        watch.ended("arn:a")
        #expect(await waiter.wait(timeout: .seconds(600)))
    }

    @Test func aCancelledWaiterReturnsAndIsForgotten() async {
        let watch = ExecutionWatch()
        let waiter = watch.register("arn:a")
        async let ended = waiter.wait(timeout: .seconds(600))
        waiter.cancel()
        // Returns at once (a wait that missed the cancel would run into the suite's time limit).
        #expect(await ended == false)
        // Its execution's end finds no waiter (and wakes no one).
        watch.ended("arn:a")
        #expect(await waiter.wait(timeout: .milliseconds(20)) == false)
    }
}
