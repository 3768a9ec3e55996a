public import Foundation
public import Store

extension SQLiteExecutionStore {
    public func acquireLease(name: String, owner: String, ttl: Duration, now: Date) async throws -> Lease? {
        let expiresAt = now.addingTimeInterval(ttl.timeInterval)
        return try await writer.write { database in
            try database.rows(
                """
                INSERT INTO leases (name, owner, fencing_token, expires_at) VALUES (?1, ?2, 1, ?3)
                ON CONFLICT (name) DO UPDATE SET
                    fencing_token = CASE WHEN leases.owner = excluded.owner AND leases.expires_at > ?4
                                         THEN leases.fencing_token ELSE leases.fencing_token + 1 END,
                    owner = excluded.owner,
                    expires_at = excluded.expires_at
                WHERE leases.owner = excluded.owner OR leases.expires_at <= ?4
                RETURNING name, owner, fencing_token, expires_at
                """,
                [.text(name), .text(owner), SQLiteValue(expiresAt), SQLiteValue(now)]
            ).first.map(Self.lease)
        }
    }

    public func renewLeases(names: [String], owner: String, ttl: Duration, now: Date) async throws -> [Lease] {
        guard !names.isEmpty else { return [] }
        let expiresAt = now.addingTimeInterval(ttl.timeInterval)
        return try await writer.write { database in
            try names.compactMap { name in
                try database.rows(
                    """
                    UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ? AND expires_at > ?
                    RETURNING name, owner, fencing_token, expires_at
                    """,
                    [SQLiteValue(expiresAt), .text(name), .text(owner), SQLiteValue(now)]
                ).first.map(Self.lease)
            }
        }
    }

    public func releaseLease(name: String, owner: String) async throws {
        try await writer.write { database in
            try database.execute(
                "UPDATE leases SET expires_at = 0 WHERE name = ? AND owner = ?", [.text(name), .text(owner)])
        }
    }

    public func liveLeases(prefix: String, now: Date) async throws -> [Lease] {
        try await read(
            "SELECT name, owner, fencing_token, expires_at FROM leases WHERE substr(name, 1, ?) = ? AND expires_at > ? ORDER BY name",
            [SQLiteValue(prefix.count), .text(prefix), SQLiteValue(now)]
        ).map(Self.lease)
    }

    static func lease(_ row: SQLiteRow) throws -> Lease { try Lease(row: row) }
}
