public import Foundation
import PostgresNIO
public import Store

extension PostgresExecutionStore {
    public func acquireLease(name: String, owner: String, ttl: Duration, now: Date) async throws -> Lease? {
        let expiresAt = now.addingTimeInterval(ttl.timeInterval).milliseconds
        let now = now.milliseconds
        return try await execute(
            """
            INSERT INTO leases AS l (name, owner, fencing_token, expires_at) VALUES (\(name), \(owner), 1, \(expiresAt))
            ON CONFLICT (name) DO UPDATE SET
                fencing_token = CASE WHEN l.owner = excluded.owner AND l.expires_at > \(now)
                                     THEN l.fencing_token ELSE l.fencing_token + 1 END,
                owner = excluded.owner,
                expires_at = excluded.expires_at
            WHERE l.owner = excluded.owner OR l.expires_at <= \(now)
            RETURNING name, owner, fencing_token, expires_at
            """
        ).first.map(Self.lease)
    }

    public func renewLease(name: String, owner: String, ttl: Duration, now: Date) async throws -> Lease? {
        let expiresAt = now.addingTimeInterval(ttl.timeInterval).milliseconds
        let now = now.milliseconds
        return try await execute(
            """
            UPDATE leases SET expires_at = \(expiresAt)
            WHERE name = \(name) AND owner = \(owner) AND expires_at > \(now)
            RETURNING name, owner, fencing_token, expires_at
            """
        ).first.map(Self.lease)
    }

    public func releaseLease(name: String, owner: String) async throws {
        try await execute("UPDATE leases SET expires_at = 0 WHERE name = \(name) AND owner = \(owner)")
    }

    public func liveLeases(prefix: String, now: Date) async throws -> [Lease] {
        let pattern = prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        let now = now.milliseconds
        return try await execute(
            "SELECT name, owner, fencing_token, expires_at FROM leases WHERE name LIKE \(pattern) AND expires_at > \(now) ORDER BY name"
        ).map(Self.lease)
    }

    static func lease(_ row: PostgresRow) throws -> Lease { try Lease(row: row.makeRandomAccess()) }
}
