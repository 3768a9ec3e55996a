import Foundation
import Store
import Testing

@Suite("Activities and tags")
struct ActivityTests {
    @Test("activities: idempotent create, get, list by account in pages, delete", arguments: Backend.allCases)
    func activities(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            func activity(_ name: String, account: String? = nil) -> ActivityRecord {
                let account = account ?? fixture.account
                return ActivityRecord(arn: "arn:aws:states:us-east-1:\(account):activity:\(name)", account: account, name: name,
                               creationDate: fixture.date(Double(name.count)))
            }
            let a = activity("a"), b = activity("bb"), c = activity("ccc"), other = activity("a", account: "210987654321")
            for r in [a, b, c, other] { #expect(try await store.createActivity(r) == r) }
            var again = a
            again.creationDate = fixture.date(99)
            #expect(try await store.createActivity(again) == a, "a second create returns the first")
            #expect(try await store.getActivity(arn: b.arn) == b)
            let first = try await store.listActivities(account: fixture.account, page: PageRequest(limit: 2))
            #expect(first.items == [a, b])
            let second = try await store.listActivities(account: fixture.account, page: PageRequest(limit: 2, token: first.nextToken))
            #expect(second.items == [c])
            #expect(second.nextToken == nil)
            try await store.deleteActivity(arn: a.arn)
            await #expect(throws: StoreError.notFound) { try await store.getActivity(arn: a.arn) }
            try await store.deleteActivity(arn: a.arn)
            #expect(try await store.getActivity(arn: other.arn) == other)
        }
    }

    @Test("tags: add, replace, remove; deleting the resource drops them", arguments: Backend.allCases)
    func tags(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let machine = fixture.stateMachine()
            try await store.createStateMachine(machine)
            try await store.tagResource(arn: machine.arn, tags: [ResourceTag(key: "b", value: "1"), ResourceTag(key: "a", value: "2")])
            try await store.tagResource(arn: machine.arn, tags: [ResourceTag(key: "b", value: "3")])
            #expect(try await store.tags(resourceArn: machine.arn) == [ResourceTag(key: "a", value: "2"), ResourceTag(key: "b", value: "3")])
            try await store.untagResource(arn: machine.arn, keys: ["a", "zzz"])
            #expect(try await store.tags(resourceArn: machine.arn) == [ResourceTag(key: "b", value: "3")])
            try await store.deleteStateMachine(arn: machine.arn)
            #expect(try await store.tags(resourceArn: machine.arn).isEmpty)
        }
    }
}
