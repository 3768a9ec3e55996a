import ASL
import Store

/// A parsed state machine revision.
struct LoadedDefinition: Sendable {
    var definition: StateMachineDefinition
    var roleArn: String
}

/// Parsed definitions by revision id (revisions never change, so entries never go stale).
actor DefinitionCache {
    private let store: any ExecutionStore
    private var revisions: [String: LoadedDefinition] = [:]

    init(store: any ExecutionStore) {
        self.store = store
    }

    /// The revision's parsed definition.
    /// - Throws: `StoreError` when it is missing; `DefinitionError` when the stored text does not parse.
    func definition(stateMachineArn: String, revisionId: String, kind: StateMachineRecord.Kind? = nil) async throws -> LoadedDefinition {
        if let hit = revisions[revisionId] { return hit }
        let revision = try await store.getStateMachineRevision(arn: stateMachineArn, revisionId: revisionId)
        let type: StateMachineType
        if let kind {
            type = kind == .express ? .express : .standard
        } else {
            type = (try? await store.getStateMachine(arn: stateMachineArn).kind) == .express ? .express : .standard
        }
        let loaded = LoadedDefinition(definition: try StateMachineDefinition(parsing: revision.definition, type: type),
                                      roleArn: revision.roleArn)
        revisions[revisionId] = loaded
        return loaded
    }
}
