public import Foundation
import PostgresNIO
public import Store

extension PostgresExecutionStore {
    public func acquireLease(name: String, owner: String, ttl: Duration, now: Date) async throws -> Lease? {
        let expiresAt = now.addingTimeInterval(ttl.timeInterval).milliseconds
        let now = now.milliseconds
        return try await execute(Prepared<AcquireLease>(name, owner, expiresAt, now)).first.map(Self.lease)
    }

    public func renewLeases(names: [String], owner: String, ttl: Duration, now: Date) async throws -> [Lease] {
        guard !names.isEmpty else { return [] }
        let expiresAt = now.addingTimeInterval(ttl.timeInterval).milliseconds
        return try await execute(Prepared<RenewLeases>(expiresAt, names, owner, now.milliseconds)).map(Self.lease)
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

    enum AcquireLease: StatementText {
        static let sql = """
            INSERT INTO leases AS l (name, owner, fencing_token, expires_at) VALUES ($1, $2, 1, $3)
            ON CONFLICT (name) DO UPDATE SET
                fencing_token = CASE WHEN l.owner = excluded.owner AND l.expires_at > $4
                                     THEN l.fencing_token ELSE l.fencing_token + 1 END,
                owner = excluded.owner,
                expires_at = excluded.expires_at
            WHERE l.owner = excluded.owner OR l.expires_at <= $4
            RETURNING name, owner, fencing_token, expires_at
            """
    }
    enum RenewLeases: StatementText {
        static let sql = """
            UPDATE leases SET expires_at = $1 WHERE name = ANY($2) AND owner = $3 AND expires_at > $4
            RETURNING name, owner, fencing_token, expires_at
            """
    }

    static func lease(_ row: PostgresRow) throws -> Lease { try Lease(row: row.makeRandomAccess()) }
}
