import Foundation
public import Store

extension SQLiteExecutionStore {
    public func createActivity(_ record: ActivityRecord) async throws -> ActivityRecord {
        try await writer.write { database in
            try database.execute(
                "INSERT INTO activities (arn, account, name, creation_date) VALUES (?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING",
                [.text(record.arn), .text(record.account), .text(record.name), SQLiteValue(record.creationDate)])
            guard let row = try database.rows("SELECT arn, account, name, creation_date FROM activities WHERE arn = ?",
                                              [.text(record.arn)]).first else {
                throw StoreError.backend.with(message: "activity \(record.arn) vanished")
            }
            return try Self.activity(row)
        }
    }

    public func getActivity(arn: String) async throws -> ActivityRecord {
        guard let row = try await read("SELECT arn, account, name, creation_date FROM activities WHERE arn = ?", [.text(arn)]).first else {
            throw StoreError.notFound.with(message: "activity \(arn) does not exist")
        }
        return try Self.activity(row)
    }

    public func deleteActivity(arn: String) async throws {
        try await writer.write { database in
            try database.execute("DELETE FROM activities WHERE arn = ?", [.text(arn)])
            try database.execute("DELETE FROM tags WHERE resource_arn = ?", [.text(arn)])
        }
    }

    public func listActivities(account: String, page: PageRequest) async throws -> Page<ActivityRecord> {
        guard page.limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        let rows = try await read(
            "SELECT arn, account, name, creation_date FROM activities WHERE account = ? AND arn > ? ORDER BY arn LIMIT ?",
            [.text(account), .text(page.token ?? ""), SQLiteValue(page.limit + 1)])
        let items = try rows.prefix(page.limit).map(Self.activity)
        return Page(items: items, nextToken: rows.count > page.limit ? items.last?.arn : nil)
    }

    public func tags(resourceArn: String) async throws -> [ResourceTag] {
        try await read("SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY key", [.text(resourceArn)]).map {
            ResourceTag(key: try $0.string("key"), value: try $0.string("value"))
        }
    }

    public func stateMachineTags(account: String, keyPrefix: String) async throws -> [String: [ResourceTag]] {
        let rows = try await read(
            """
            SELECT t.resource_arn, t.key, t.value FROM state_machines m JOIN tags t ON t.resource_arn = m.arn
            WHERE m.account = ? AND substr(t.key, 1, ?) = ? ORDER BY t.resource_arn, t.key
            """, [.text(account), SQLiteValue(keyPrefix.utf8.count), .text(keyPrefix)])
        var tags: [String: [ResourceTag]] = [:]
        for row in rows {
            tags[try row.string("resource_arn"), default: []].append(ResourceTag(key: try row.string("key"), value: try row.string("value")))
        }
        return tags
    }

    public func tagResource(arn: String, tags: [ResourceTag]) async throws {
        guard !tags.isEmpty else { return }
        try await writer.write { database in
            for tag in tags {
                try database.execute(
                    "INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?) ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value",
                    [.text(arn), .text(tag.key), .text(tag.value)])
            }
        }
    }

    public func untagResource(arn: String, keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await writer.write { database in
            for key in keys {
                try database.execute("DELETE FROM tags WHERE resource_arn = ? AND key = ?", [.text(arn), .text(key)])
            }
        }
    }

    static func activity(_ row: SQLiteRow) throws -> ActivityRecord { try ActivityRecord(row: row) }
}
