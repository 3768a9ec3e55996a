import Foundation
import PostgresNIO
public import Store

extension PostgresExecutionStore {
    static let stateMachineSelect = """
        SELECT m.arn, m.account, m.name, m.kind, m.status, m.creation_date, m.revision_id,
               r.definition, r.role_arn, r.creation_date AS update_date
        FROM state_machines m
        JOIN state_machine_revisions r ON r.state_machine_arn = m.arn AND r.revision_id = m.revision_id
        """

    public func createStateMachine(_ record: StateMachineRecord) async throws {
        try await transaction { connection in
            try await connection.rows(
                """
                INSERT INTO state_machines (arn, account, name, kind, status, creation_date, revision_id)
                VALUES (\(record.arn), \(record.account), \(record.name), \(record.kind.rawValue),
                        \(record.status.rawValue), \(record.creationDate.milliseconds), \(record.revisionId))
                """, logger: self.logger)
            try await self.insertRevision(
                StateMachineRevision(stateMachineArn: record.arn, revisionId: record.revisionId, definition: record.definition,
                                     roleArn: record.roleArn, creationDate: record.updateDate),
                connection)
        }
    }

    public func getStateMachine(arn: String) async throws -> StateMachineRecord {
        let rows = try await execute(Prepared<StateMachineByARN>(arn))
        guard let row = rows.first else { throw StoreError.notFound.with(message: "state machine \(arn) does not exist") }
        return try Self.stateMachine(row)
    }

    public func updateStateMachine(_ update: StateMachineUpdate) async throws -> StateMachineRecord {
        try await transaction { connection in
            let rows = try await connection.rows(
                PostgresQuery(unsafeSQL: "\(Self.stateMachineSelect) WHERE m.arn = $1 FOR UPDATE OF m", binds: binds(update.arn)),
                logger: self.logger)
            guard let row = rows.first else { throw StoreError.notFound.with(message: "state machine \(update.arn) does not exist") }
            var record = try Self.stateMachine(row)
            record.definition = update.definition ?? record.definition
            record.roleArn = update.roleArn ?? record.roleArn
            record.revisionId = update.revisionId
            record.updateDate = update.date
            try await self.insertRevision(
                StateMachineRevision(stateMachineArn: record.arn, revisionId: record.revisionId, definition: record.definition,
                                     roleArn: record.roleArn, creationDate: update.date),
                connection)
            try await connection.rows(
                "UPDATE state_machines SET revision_id = \(update.revisionId) WHERE arn = \(update.arn)", logger: self.logger)
            return record
        }
    }

    public func getStateMachineRevision(arn: String, revisionId: String) async throws -> StateMachineRevision {
        let rows = try await execute(Prepared<RevisionByID>(arn, revisionId))
        guard let row = rows.first?.makeRandomAccess() else {
            throw StoreError.notFound.with(message: "revision \(revisionId) of \(arn) does not exist")
        }
        return StateMachineRevision(
            stateMachineArn: arn, revisionId: try row.string("revision_id"), definition: try row.string("definition"),
            roleArn: try row.string("role_arn"), creationDate: try row.date("creation_date"))
    }

    public func markStateMachineDeleting(arn: String) async throws {
        let deleting = StateMachineRecord.Status.deleting.rawValue
        let rows = try await transaction { connection in
            try await connection.rows(
                "UPDATE state_machines SET status = \(deleting) WHERE arn = \(arn) RETURNING arn", logger: self.logger
            ).count
        }
        if rows == 0 { throw StoreError.notFound.with(message: "state machine \(arn) does not exist") }
    }

    public func deleteStateMachine(arn: String) async throws {
        try await transaction { connection in
            let rows = try await connection.rows("DELETE FROM state_machines WHERE arn = \(arn) RETURNING arn", logger: self.logger)
            if rows.isEmpty { throw StoreError.notFound.with(message: "state machine \(arn) does not exist") }
            try await connection.rows("DELETE FROM state_machine_revisions WHERE state_machine_arn = \(arn)", logger: self.logger)
            try await connection.rows("DELETE FROM tags WHERE resource_arn = \(arn)", logger: self.logger)
        }
    }

    public func listStateMachines(account: String, page: PageRequest) async throws -> Page<StateMachineRecord> {
        guard page.limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        let rows = try await execute(PostgresQuery(
            unsafeSQL: "\(Self.stateMachineSelect) WHERE m.account = $1 AND m.arn > $2 ORDER BY m.arn LIMIT $3",
            binds: binds(account, page.token ?? "", page.limit + 1)))
        let items = try rows.prefix(page.limit).map(Self.stateMachine)
        return Page(items: items, nextToken: rows.count > page.limit ? items.last?.arn : nil)
    }

    func insertRevision(_ revision: StateMachineRevision, _ connection: PostgresConnection) async throws {
        try await connection.rows(
            """
            INSERT INTO state_machine_revisions (state_machine_arn, revision_id, definition, role_arn, creation_date)
            VALUES (\(revision.stateMachineArn), \(revision.revisionId), \(revision.definition), \(revision.roleArn),
                    \(revision.creationDate.milliseconds))
            """, logger: logger)
    }

    enum StateMachineByARN: StatementText { static let sql = "\(stateMachineSelect) WHERE m.arn = $1" }
    enum RevisionByID: StatementText {
        static let sql = """
            SELECT revision_id, definition, role_arn, creation_date FROM state_machine_revisions
            WHERE state_machine_arn = $1 AND revision_id = $2
            """
    }

    static func stateMachine(_ row: PostgresRow) throws -> StateMachineRecord { try StateMachineRecord(row: row.makeRandomAccess()) }
}

/// Bindings for a query written with `$1, $2, …` placeholders.
func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
    binds(values)
}

/// Bindings for a query written with `$1, $2, …` placeholders.
func binds(_ values: [any PostgresDynamicTypeEncodable]) -> PostgresBindings {
    var bindings = PostgresBindings()
    for value in values {
        bindings.append(value)
    }
    return bindings
}
