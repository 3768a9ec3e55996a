import PostgresNIO

/// The text of a statement the store prepares: parsed and planned once on each pooled connection,
/// then only bound and executed. postgres-nio names a prepared statement by its type, so each text
/// is a type of its own. Prepared are the write path and every poll (commits, creates, the outbox,
/// timers, leases, and the reads each start and result makes); statements built at run time
/// (listings with optional filters) and administrative ones are not.
///
/// A text selects its columns by name, never `*`: a prepared plan refuses to run once a table it
/// reads has gained a column (migrations add columns).
protocol StatementText: Sendable {
    static var sql: String { get }
}

/// A ``StatementText`` with one call's values.
struct Prepared<Text: StatementText>: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static var name: String { "stepwise_\(Text.self)" }
    static var sql: String { Text.sql }

    let bindings: PostgresBindings

    init(_ values: any PostgresDynamicTypeEncodable...) {
        self.bindings = binds(values)
    }

    /// The values of `query`, built by the same code as the text (so the two cannot disagree).
    init(_ query: PostgresQuery) {
        assert(query.sql == Text.sql, "\(Text.self) is not the text of this query")
        self.bindings = query.binds
    }

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension PostgresExecutionStore {
    /// Runs a prepared statement on a pooled connection and collects its rows (see
    /// ``execute(_:)-(PostgresQuery)`` for why not through `PostgresClient`).
    @discardableResult
    func execute<Text>(_ statement: Prepared<Text>) async throws -> [PostgresRow] {
        do {
            return try await client.withConnection { connection in
                try await connection.whileOpen {
                    var rows: [PostgresRow] = []
                    for try await row in try await connection.execute(statement, logger: self.logger) {
                        rows.append(row)
                    }
                    return rows
                }
            }
        } catch {
            throw Self.storeError(error)
        }
    }
}
