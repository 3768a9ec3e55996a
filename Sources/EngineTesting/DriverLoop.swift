import ASL

/// The pending work of one synchronously driven execution: tasks to answer, timers by due time.
struct DriverLoop {
    enum Pending {
        case task(TaskInvocation)
        case child(ChildExecutionRequest)
        case event(ExecutionEvent)
    }

    var queue: [Pending] = []
    var head = 0
    var timers: [String: Int64] = [:]
    var history: [HistoryEvent] = []
    var invocations: [TaskInvocation] = []
    var result: ExecutionResult?

    mutating func perform(_ actions: [ExecutionAction]) {
        for action in actions {
            switch action {
            case .recordHistory(let event): history.append(event)
            case .invokeTask(let invocation):
                invocations.append(invocation)
                queue.append(.task(invocation))
            case .startChildExecution(let request):
                queue.append(.child(request))
            case .cancelTask: break
            case .startTimer(let id, let due): timers[id] = due
            case .cancelTimer(let id): timers[id] = nil
            case .finish(let result): self.result = result
            }
        }
    }

    /// The next thing to feed: queued work first, then the earliest timer (advancing the clock).
    mutating func nextEvent(clock: inout ManualClock) -> Pending? {
        if head < queue.count {
            defer { head += 1 }
            return queue[head]
        }
        guard let (id, due) = timers.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { return nil }
        timers[id] = nil
        clock.advance(to: due)
        return .event(.timerFired(id: id))
    }
}
