package import Foundation

/// A row as either store reads it, by column name: the one description of how a record is
/// stored (both stores share column names and encodings: text, 64-bit integers, milliseconds
/// since 1970, bytes).
package protocol StoredRow {
    func string(_ column: String) throws -> String
    func optionalString(_ column: String) throws -> String?
    func int(_ column: String) throws -> Int64
    func date(_ column: String) throws -> Date
    func optionalDate(_ column: String) throws -> Date?
    func bytes(_ column: String) throws -> [UInt8]
}

/// Column lists both stores select.
package enum StoredColumns {
    /// The columns ``ExecutionRecord/init(row:)`` reads.
    package static let execution = """
        arn, account, state_machine_arn, revision_id, name, status, input, output, error, cause,
        start_date, stop_date, parent_arn, root_arn, version, snapshot
        """
}

extension ExecutionRecord {
    /// The record an `executions` row holds.
    /// - Throws: `StoreError.backend` for an unknown status.
    package init(row: some StoredRow) throws {
        guard let status = ExecutionRecord.Status(rawValue: try row.string("status")) else {
            throw StoreError.backend.with(message: "unknown execution status")
        }
        self.init(
            arn: try row.string("arn"), account: try row.string("account"),
            stateMachineArn: try row.string("state_machine_arn"), stateMachineRevisionId: try row.string("revision_id"),
            name: try row.string("name"), status: status, input: try row.string("input"),
            output: try row.optionalString("output"), error: try row.optionalString("error"),
            cause: try row.optionalString("cause"), startDate: try row.date("start_date"),
            stopDate: try row.optionalDate("stop_date"), parentArn: try row.optionalString("parent_arn"),
            rootArn: try row.string("root_arn"), version: try row.int("version"), snapshot: try row.bytes("snapshot"))
    }
}

extension StateMachineRecord {
    /// The record a `state_machines` row joined with its revision holds.
    /// - Throws: `StoreError.backend` for an unknown kind or status.
    package init(row: some StoredRow) throws {
        guard let kind = StateMachineRecord.Kind(rawValue: try row.string("kind")),
              let status = StateMachineRecord.Status(rawValue: try row.string("status"))
        else { throw StoreError.backend.with(message: "unknown state machine kind or status") }
        self.init(
            arn: try row.string("arn"), account: try row.string("account"), name: try row.string("name"), kind: kind,
            definition: try row.string("definition"), roleArn: try row.string("role_arn"), status: status,
            creationDate: try row.date("creation_date"), revisionId: try row.string("revision_id"),
            updateDate: try row.date("update_date"))
    }
}

extension ActivityRecord {
    /// The record an `activities` row holds.
    package init(row: some StoredRow) throws {
        self.init(arn: try row.string("arn"), account: try row.string("account"), name: try row.string("name"),
                  creationDate: try row.date("creation_date"))
    }
}

extension TimerRecord {
    /// The record a `timers` row holds.
    package init(row: some StoredRow) throws {
        self.init(id: try row.string("id"), executionArn: try row.string("execution_arn"),
                  dueDate: try row.date("due_date"), payload: try row.string("payload"))
    }
}

extension Lease {
    /// The lease a `leases` row holds.
    package init(row: some StoredRow) throws {
        self.init(name: try row.string("name"), owner: try row.string("owner"),
                  fencingToken: try row.int("fencing_token"), expiresAt: try row.date("expires_at"))
    }
}
