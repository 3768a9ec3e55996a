import Foundation
import PostgresNIO
import Store

extension PostgresExecutionStore {
    /// Runs `body` in `BEGIN … COMMIT` on one pooled connection, rolling back if it throws.
    /// Unlike `PostgresClient.withTransaction` it rethrows the body's own error.
    @discardableResult
    func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await connection.rows("BEGIN", logger: self.logger)
                do {
                    let value = try await body(connection)
                    try await connection.rows("COMMIT", logger: self.logger)
                    return value
                } catch {
                    _ = try? await connection.rows("ROLLBACK", logger: self.logger)
                    throw error
                }
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs one statement on a pooled connection and collects its rows. Outside `BEGIN … COMMIT`
    /// a statement is its own transaction: atomic, and durable once this returns.
    ///
    /// Not `PostgresClient.query`: in postgres-nio 1.33 it never returns the connection to the pool
    /// when the statement fails after its row description (as a function raising an error does),
    /// so every refused commit would leak a connection until the pool is empty and the store hangs.
    @discardableResult
    func execute(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await client.withConnection { connection in
                try await connection.rows(query, logger: self.logger)
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Maps postgres-nio errors to ``StoreError`` (including the codes the store's functions raise);
    /// store errors pass through.
    static func storeError(_ error: any Error) -> any Error {
        if error is StoreError { return error }
        if let error = error as? PSQLError {
            if let code = error.serverInfo?[.sqlState], let storeError = PostgresSchema.errorCodes[code] {
                return storeError.with(message: error.serverInfo?[.message] ?? "")
            }
            if isUniqueViolation(error) {
                return StoreError.alreadyExists.with(message: error.serverInfo?[.message] ?? "unique violation")
            }
            return StoreError.backend.with(message: String(reflecting: error))
        }
        return StoreError.backend.with(message: "\(error)")
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }
}
