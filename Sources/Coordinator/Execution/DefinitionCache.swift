import ASL
import Store
import Synchronization

/// A parsed state machine revision.
struct LoadedDefinition: Sendable {
    var definition: StateMachineDefinition
    var roleArn: String
}

/// Parsed definitions by revision id (revisions never change, so entries never go stale).
///
/// A lock, not an actor: every start reads it, and a hit needs no hop. Two first reads of one
/// revision may both load it; either result is the same.
final class DefinitionCache: Sendable {
    private let store: any ExecutionStore
    private let revisions = Mutex<[String: LoadedDefinition]>([:])

    init(store: any ExecutionStore) {
        self.store = store
    }

    /// The revision's parsed definition.
    /// - Throws: `StoreError` when it is missing; `DefinitionError` when the stored text does not parse.
    func definition(stateMachineArn: String, revisionId: String, kind: StateMachineRecord.Kind? = nil) async throws -> LoadedDefinition {
        if let hit = revisions.withLock({ $0[revisionId] }) { return hit }
        let revision = try await store.getStateMachineRevision(arn: stateMachineArn, revisionId: revisionId)
        let type: StateMachineType
        if let kind {
            type = kind == .express ? .express : .standard
        } else {
            type = (try? await store.getStateMachine(arn: stateMachineArn).kind) == .express ? .express : .standard
        }
        let loaded = LoadedDefinition(definition: try StateMachineDefinition(parsing: revision.definition, type: type),
                                      roleArn: revision.roleArn)
        revisions.withLock { $0[revisionId] = loaded }
        return loaded
    }
}
