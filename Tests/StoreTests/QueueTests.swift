import Foundation
import Store
import Testing

@Suite("History, timers and outbox")
struct QueueTests {
    @Test("history pages forwards and backwards", arguments: Backend.allCases)
    func historyPagination(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let execution = fixture.execution("one")
            try await store.createExecution(fixture.start(execution), quota: .unlimited)
            // Commits of several sizes, so that pages start and end inside what one commit wrote.
            for (version, ids) in [(Int64(1), Int64(2)...4), (2, 5...5), (3, 6...18), (4, 19...25)] {
                try await store.commit(ExecutionCommit(
                    executionArn: execution.arn, expectedVersion: version, date: fixture.date(1), events: fixture.events(ids)))
            }

            var forward: [[Int64]] = []
            var after: Int64?
            while forward.count < 10 {
                let page = try await store.history(HistoryQuery(executionArn: execution.arn, after: after, limit: 10))
                if page.isEmpty { break }
                forward.append(page.map(\.id))
                after = page.last?.id
            }
            #expect(forward == [Array(1...10), Array(11...20), Array(21...25)])

            var backward: [[Int64]] = []
            after = nil
            while backward.count < 10 {
                let page = try await store.history(HistoryQuery(executionArn: execution.arn, after: after, limit: 10, reverse: true))
                if page.isEmpty { break }
                backward.append(page.map(\.id))
                after = page.last?.id
            }
            #expect(backward == [Array((16...25).reversed()), Array((6...15).reversed()), Array((1...5).reversed())])

            let event = try #require(try await store.history(HistoryQuery(executionArn: execution.arn, after: 6, limit: 1)).first)
            #expect(event == fixture.events(7...7)[0])
            #expect(try await store.history(HistoryQuery(executionArn: execution.arn, after: 5, limit: 3, reverse: true)).map(\.id) == [4, 3, 2])
            #expect(try await store.history(HistoryQuery(executionArn: execution.arn, after: 25)).isEmpty)
            #expect(try await store.history(HistoryQuery(executionArn: fixture.executionArn("none"))).isEmpty)
        }
    }

    @Test("due timers across executions, earliest first, limited", arguments: Backend.allCases)
    func dueTimers(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let first = fixture.execution("first")
            let second = fixture.execution("second")
            let a = fixture.timer("a", execution: first, due: 30)
            let b = fixture.timer("b", execution: second, due: 10)
            let c = fixture.timer("c", execution: first, due: 20)
            let d = fixture.timer("d", execution: second, due: 40)
            try await store.createExecution(fixture.start(first, timers: [a, c]), quota: .unlimited)
            try await store.createExecution(fixture.start(second, timers: [d, b]), quota: .unlimited)

            #expect(try await store.dueTimers(before: fixture.date(35), limit: 10) == [b, c, a])
            #expect(try await store.dueTimers(before: fixture.date(35), limit: 2) == [b, c])
            #expect(try await store.dueTimers(before: fixture.date(10), limit: 10).isEmpty)
            await #expect(throws: StoreError.invalidArgument) { try await store.dueTimers(before: fixture.date(35), limit: -1) }
            #expect(try await store.timers(executionArn: second.arn) == [b, d])

            // Firing a timer deletes it in the commit that handles it.
            try await store.commit(ExecutionCommit(
                executionArn: second.arn, expectedVersion: 1, date: fixture.date(11), deleteTimerIds: [b.id]))
            #expect(try await store.dueTimers(before: fixture.date(100), limit: 10) == [c, a, d])
        }
    }

    @Test("outbox in id order; deleted messages are gone", arguments: Backend.allCases)
    func outbox(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let first = fixture.execution("first")
            let second = fixture.execution("second")
            let m1 = fixture.message("m1", execution: first)
            let m2 = fixture.message("m2", execution: first)
            let m3 = fixture.message("m3", execution: second)
            let m4 = fixture.message("m4", execution: first)
            try await store.createExecution(fixture.start(first, outbox: [m1, m2]), quota: .unlimited)
            try await store.createExecution(fixture.start(second, outbox: [m3]), quota: .unlimited)
            try await store.commit(ExecutionCommit(executionArn: first.arn, expectedVersion: 1, date: fixture.date(1), outbox: [m4]))

            let pending = try await store.pendingOutbox(limit: 10)
            #expect(pending.map(\.message) == [m1, m2, m3, m4])
            #expect(pending.map(\.id) == pending.map(\.id).sorted())
            #expect(Set(pending.map(\.id)).count == 4)
            #expect(pending[0].message.body == Array("body-m1".utf8) + [0, 255])
            #expect(try await store.pendingOutbox(limit: 2).map(\.message) == [m1, m2])

            try await store.deleteOutbox(ids: [pending[0].id, pending[2].id, 999_999])
            #expect(try await store.pendingOutbox(limit: 10).map(\.message) == [m2, m4])
            try await store.deleteOutbox(ids: [])
            await #expect(throws: StoreError.invalidArgument) { try await store.pendingOutbox(limit: 0) }

            let m5 = fixture.message("m5", execution: second)
            try await store.commit(ExecutionCommit(executionArn: second.arn, expectedVersion: 1, date: fixture.date(2), outbox: [m5]))
            let after = try await store.pendingOutbox(limit: 10)
            #expect(after.map(\.message) == [m2, m4, m5])
            #expect(after[2].id > pending[3].id)
        }
    }
}
