import Foundation
import PostgresNIO
public import Store

extension PostgresExecutionStore {
    public func createActivity(_ record: ActivityRecord) async throws -> ActivityRecord {
        try await transaction { connection in
            try await connection.rows(
                """
                INSERT INTO activities (arn, account, name, creation_date)
                VALUES (\(record.arn), \(record.account), \(record.name), \(record.creationDate.milliseconds))
                ON CONFLICT (arn) DO NOTHING
                """, logger: self.logger)
            let rows = try await connection.rows(
                "SELECT arn, account, name, creation_date FROM activities WHERE arn = \(record.arn)", logger: self.logger)
            guard let row = rows.first else { throw StoreError.backend.with(message: "activity \(record.arn) vanished") }
            return try Self.activity(row)
        }
    }

    public func getActivity(arn: String) async throws -> ActivityRecord {
        try await transaction { connection in
            let rows = try await connection.rows(
                "SELECT arn, account, name, creation_date FROM activities WHERE arn = \(arn)", logger: self.logger)
            guard let row = rows.first else { throw StoreError.notFound.with(message: "activity \(arn) does not exist") }
            return try Self.activity(row)
        }
    }

    public func deleteActivity(arn: String) async throws {
        try await transaction { connection in
            try await connection.rows("DELETE FROM activities WHERE arn = \(arn)", logger: self.logger)
            try await connection.rows("DELETE FROM tags WHERE resource_arn = \(arn)", logger: self.logger)
        }
    }

    public func listActivities(account: String, page: PageRequest) async throws -> Page<ActivityRecord> {
        guard page.limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        let after = page.token ?? ""
        let limit = page.limit + 1
        return try await transaction { connection in
            let rows = try await connection.rows(
                """
                SELECT arn, account, name, creation_date FROM activities
                WHERE account = \(account) AND arn > \(after) ORDER BY arn LIMIT \(limit)
                """, logger: self.logger)
            let items = try rows.prefix(page.limit).map(Self.activity)
            return Page(items: items, nextToken: rows.count > page.limit ? items.last?.arn : nil)
        }
    }

    public func tags(resourceArn: String) async throws -> [ResourceTag] {
        try await execute("SELECT key, value FROM tags WHERE resource_arn = \(resourceArn) ORDER BY key").map { postgresRow in
            let row = postgresRow.makeRandomAccess()
            return ResourceTag(key: try row.string("key"), value: try row.string("value"))
        }
    }

    public func stateMachineTags(account: String, keyPrefix: String) async throws -> [String: [ResourceTag]] {
        let rows = try await execute("""
            SELECT t.resource_arn, t.key, t.value FROM state_machines m JOIN tags t ON t.resource_arn = m.arn
            WHERE m.account = \(account) AND left(t.key, \(Int32(keyPrefix.count))) = \(keyPrefix) ORDER BY t.resource_arn, t.key
            """)
        var tags: [String: [ResourceTag]] = [:]
        for postgresRow in rows {
            let row = postgresRow.makeRandomAccess()
            tags[try row.string("resource_arn"), default: []].append(ResourceTag(key: try row.string("key"), value: try row.string("value")))
        }
        return tags
    }

    public func tagResource(arn: String, tags: [ResourceTag]) async throws {
        guard !tags.isEmpty else { return }
        try await transaction { connection in
            for tag in tags {
                try await connection.rows(
                    """
                    INSERT INTO tags (resource_arn, key, value) VALUES (\(arn), \(tag.key), \(tag.value))
                    ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value
                    """, logger: self.logger)
            }
        }
    }

    public func untagResource(arn: String, keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await transaction { connection in
            try await connection.rows("DELETE FROM tags WHERE resource_arn = \(arn) AND key = ANY(\(keys))", logger: self.logger)
        }
    }

    static func activity(_ row: PostgresRow) throws -> ActivityRecord { try ActivityRecord(row: row.makeRandomAccess()) }
}

extension PostgresSchema {
    /// The tables of activities and tags (schema version 3).
    static let activityTables = [
        "CREATE TABLE activities (arn TEXT PRIMARY KEY, account TEXT NOT NULL, name TEXT NOT NULL, creation_date BIGINT NOT NULL)",
        "CREATE INDEX activities_by_account ON activities (account, arn)",
        "CREATE TABLE tags (resource_arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (resource_arn, key))",
    ]
}
