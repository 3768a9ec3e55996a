import Foundation
import PostgresNIO
import Store
@testable import StorePostgres
import Testing

/// What the PostgreSQL store does for its write path's speed: prepared statements, and the table
/// layout of migration 7.
@Suite("PostgreSQL statements and layout")
struct PostgresLayoutTests {
    @Test("a store statement is prepared on its connection once, then only executed")
    func preparedOnce() async throws {
        try await Backend.withPostgresStores(count: 1) { stores in
            let store = stores[0]
            let fixture = Fixture()
            let execution = fixture.execution("prepared")
            try await store.createExecution(fixture.start(execution), quota: .unlimited)
            let (found, prepared) = try await store.client.withConnection { connection in
                var found = 0
                for _ in 0..<3 {
                    for try await _ in try await connection.execute(
                        Prepared<PostgresExecutionStore.ExecutionByARN>(execution.arn), logger: Backend.logger) {
                        found += 1
                    }
                }
                var names: [String] = []
                for try await (name, sql) in try await connection.query(
                    "SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'stepwise_%'", logger: Backend.logger
                ).decode((String, String).self) where sql == PostgresExecutionStore.ExecutionByARN.sql {
                    names.append(name)
                }
                return (found, names)
            }
            #expect(found == 3)
            #expect(prepared == ["stepwise_ExecutionByARN"])
        }
    }

    @Test("migration 7: key columns compare bytes, and executions leave room for heap-only updates")
    func layout() async throws {
        try await Backend.withPostgresStores(count: 1) { stores in
            let store = stores[0]
            let collations = try await store.execute("""
                SELECT table_name, column_name, coalesce(collation_name, '') FROM information_schema.columns
                WHERE table_schema = current_schema() AND column_name IN ('arn', 'execution_arn', 'name', 'account')
                  AND table_name IN ('executions', 'history_events', 'processed_results', 'timers', 'outbox', 'leases')
                """).map { try $0.decode((String, String, String).self) }
            #expect(collations.count == 8)
            #expect(collations.allSatisfy { $0.2 == "C" })
            let options = try await store.execute(
                "SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE oid = 'executions'::regclass"
            ).map { try $0.decode(String.self) }
            #expect(options == ["fillfactor=50"])
            // Byte order: an upper-case name sorts before a lower-case one whatever the database's locale.
            let fixture = Fixture()
            for name in ["b", "B"] {
                try await store.createExecution(fixture.start(fixture.execution(name)), quota: .unlimited)
            }
            let arns = try await store.execute("SELECT arn FROM executions ORDER BY arn").map { try $0.decode(String.self) }
            #expect(arns == [fixture.execution("B").arn, fixture.execution("b").arn])
        }
    }
}
