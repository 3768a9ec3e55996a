import Foundation
public import Store

extension SQLiteExecutionStore {
    static let stateMachineSelect = """
        SELECT m.arn, m.account, m.name, m.kind, m.status, m.creation_date, m.revision_id,
               r.definition, r.role_arn, r.creation_date AS update_date
        FROM state_machines m
        JOIN state_machine_revisions r ON r.state_machine_arn = m.arn AND r.revision_id = m.revision_id
        """

    public func createStateMachine(_ record: StateMachineRecord) async throws {
        try await writer.write { database in
            try database.execute(
                """
                INSERT INTO state_machines (arn, account, name, kind, status, creation_date, revision_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(record.arn), .text(record.account), .text(record.name), .text(record.kind.rawValue),
                 .text(record.status.rawValue), SQLiteValue(record.creationDate), .text(record.revisionId)])
            try Self.insertRevision(
                StateMachineRevision(stateMachineArn: record.arn, revisionId: record.revisionId, definition: record.definition,
                                     roleArn: record.roleArn, creationDate: record.updateDate),
                database)
        }
    }

    public func getStateMachine(arn: String) async throws -> StateMachineRecord {
        guard let row = try await read("\(Self.stateMachineSelect) WHERE m.arn = ?", [.text(arn)]).first else {
            throw StoreError.notFound.with(message: "state machine \(arn) does not exist")
        }
        return try Self.stateMachine(row)
    }

    public func updateStateMachine(_ update: StateMachineUpdate) async throws -> StateMachineRecord {
        try await writer.write { database in
            guard let row = try database.rows("\(Self.stateMachineSelect) WHERE m.arn = ?", [.text(update.arn)]).first else {
                throw StoreError.notFound.with(message: "state machine \(update.arn) does not exist")
            }
            var record = try Self.stateMachine(row)
            record.definition = update.definition ?? record.definition
            record.roleArn = update.roleArn ?? record.roleArn
            record.revisionId = update.revisionId
            record.updateDate = update.date
            try Self.insertRevision(
                StateMachineRevision(stateMachineArn: record.arn, revisionId: record.revisionId, definition: record.definition,
                                     roleArn: record.roleArn, creationDate: update.date),
                database)
            try database.execute(
                "UPDATE state_machines SET revision_id = ? WHERE arn = ?", [.text(update.revisionId), .text(update.arn)])
            return record
        }
    }

    public func getStateMachineRevision(arn: String, revisionId: String) async throws -> StateMachineRevision {
        let rows = try await read(
            """
            SELECT revision_id, definition, role_arn, creation_date FROM state_machine_revisions
            WHERE state_machine_arn = ? AND revision_id = ?
            """,
            [.text(arn), .text(revisionId)])
        guard let row = rows.first else {
            throw StoreError.notFound.with(message: "revision \(revisionId) of \(arn) does not exist")
        }
        return StateMachineRevision(
            stateMachineArn: arn, revisionId: try row.string("revision_id"), definition: try row.string("definition"),
            roleArn: try row.string("role_arn"), creationDate: try row.date("creation_date"))
    }

    public func markStateMachineDeleting(arn: String) async throws {
        try await writer.write { database in
            let rows = try database.rows(
                "UPDATE state_machines SET status = ? WHERE arn = ? RETURNING arn",
                [.text(StateMachineRecord.Status.deleting.rawValue), .text(arn)])
            if rows.isEmpty { throw StoreError.notFound.with(message: "state machine \(arn) does not exist") }
        }
    }

    public func deleteStateMachine(arn: String) async throws {
        try await writer.write { database in
            let rows = try database.rows("DELETE FROM state_machines WHERE arn = ? RETURNING arn", [.text(arn)])
            if rows.isEmpty { throw StoreError.notFound.with(message: "state machine \(arn) does not exist") }
            try database.execute("DELETE FROM state_machine_revisions WHERE state_machine_arn = ?", [.text(arn)])
            try database.execute("DELETE FROM tags WHERE resource_arn = ?", [.text(arn)])
        }
    }

    public func listStateMachines(account: String, page: PageRequest) async throws -> Page<StateMachineRecord> {
        guard page.limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        let rows = try await read(
            "\(Self.stateMachineSelect) WHERE m.account = ? AND m.arn > ? ORDER BY m.arn LIMIT ?",
            [.text(account), .text(page.token ?? ""), SQLiteValue(page.limit + 1)])
        let items = try rows.prefix(page.limit).map(Self.stateMachine)
        return Page(items: items, nextToken: rows.count > page.limit ? items.last?.arn : nil)
    }

    static func insertRevision(_ revision: StateMachineRevision, _ database: SQLiteDatabase) throws {
        try database.execute(
            """
            INSERT INTO state_machine_revisions (state_machine_arn, revision_id, definition, role_arn, creation_date)
            VALUES (?, ?, ?, ?, ?)
            """,
            [.text(revision.stateMachineArn), .text(revision.revisionId), .text(revision.definition),
             .text(revision.roleArn), SQLiteValue(revision.creationDate)])
    }

    static func stateMachine(_ row: SQLiteRow) throws -> StateMachineRecord { try StateMachineRecord(row: row) }
}
