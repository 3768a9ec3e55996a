import Foundation
import Store
import Testing

@Suite("State machines")
struct StateMachineTests {
    @Test("create, get, duplicate create", arguments: Backend.allCases)
    func createAndGet(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let record = fixture.stateMachine()
            try await store.createStateMachine(record)
            #expect(try await store.getStateMachine(arn: record.arn) == record)
            await #expect(throws: StoreError.alreadyExists) { try await store.createStateMachine(record) }
            await #expect(throws: StoreError.notFound) { try await store.getStateMachine(arn: fixture.stateMachineArn("missing")) }
        }
    }

    @Test("updates add revisions and keep the old ones", arguments: Backend.allCases)
    func revisions(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let record = fixture.stateMachine()
            try await store.createStateMachine(record)
            let updated = try await store.updateStateMachine(
                StateMachineUpdate(arn: record.arn, revisionId: "rev-2", definition: "{\"v\":2}", date: fixture.date(10)))
            #expect(updated.revisionId == "rev-2")
            #expect(updated.definition == "{\"v\":2}")
            #expect(updated.roleArn == record.roleArn)
            #expect(updated.updateDate == fixture.date(10))
            #expect(updated.creationDate == record.creationDate)
            #expect(try await store.getStateMachine(arn: record.arn) == updated)

            let renamedRole = try await store.updateStateMachine(
                StateMachineUpdate(arn: record.arn, revisionId: "rev-3", roleArn: "arn:aws:iam::1:role/other", date: fixture.date(20)))
            #expect(renamedRole.definition == "{\"v\":2}")

            let first = try await store.getStateMachineRevision(arn: record.arn, revisionId: "rev-1")
            #expect(first.definition == record.definition)
            #expect(first.creationDate == record.creationDate)
            #expect(try await store.getStateMachineRevision(arn: record.arn, revisionId: "rev-2").definition == "{\"v\":2}")
            await #expect(throws: StoreError.notFound) {
                try await store.getStateMachineRevision(arn: record.arn, revisionId: "rev-9")
            }
            await #expect(throws: StoreError.notFound) {
                try await store.updateStateMachine(StateMachineUpdate(arn: fixture.stateMachineArn("x"), revisionId: "r", date: fixture.date(0)))
            }
        }
    }

    @Test("mark deleting, then delete", arguments: Backend.allCases)
    func deletion(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let record = fixture.stateMachine()
            try await store.createStateMachine(record)
            try await store.markStateMachineDeleting(arn: record.arn)
            #expect(try await store.getStateMachine(arn: record.arn).status == .deleting)
            try await store.deleteStateMachine(arn: record.arn)
            await #expect(throws: StoreError.notFound) { try await store.getStateMachine(arn: record.arn) }
            await #expect(throws: StoreError.notFound) { try await store.getStateMachineRevision(arn: record.arn, revisionId: "rev-1") }
            await #expect(throws: StoreError.notFound) { try await store.deleteStateMachine(arn: record.arn) }
            await #expect(throws: StoreError.notFound) { try await store.markStateMachineDeleting(arn: record.arn) }
            // The name can be used again.
            try await store.createStateMachine(record)
        }
    }

    @Test("list is per account, paginated, in ARN order", arguments: Backend.allCases)
    func list(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let other = Fixture()
            for name in ["e", "b", "a", "d", "c"] {
                try await store.createStateMachine(fixture.stateMachine(name))
            }
            try await store.createStateMachine(other.stateMachine("a"))

            var names: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let page = try await store.listStateMachines(account: fixture.account, page: PageRequest(limit: 2, token: token))
                #expect(page.items.count <= 2)
                names += page.items.map(\.name)
                token = page.nextToken
                pages += 1
            } while token != nil && pages < 10
            #expect(names == ["a", "b", "c", "d", "e"])
            #expect(pages == 3)
            let all = try await store.listStateMachines(account: fixture.account, page: PageRequest(limit: 5))
            #expect(all.items.count == 5)
            #expect(all.nextToken == nil)
            await #expect(throws: StoreError.invalidArgument) {
                try await store.listStateMachines(account: fixture.account, page: PageRequest(limit: 0))
            }
        }
    }
}
