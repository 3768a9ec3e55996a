import VaporCSQLite

/// One SQLite connection over the C API (sqlite-nio's bundled copy, so the process has one SQLite).
///
/// Not thread-safe: only the ``SQLiteThread`` that opened it uses it. Statements are prepared once
/// per SQL text and kept (`SQLITE_PREPARE_PERSISTENT`); each use resets them and clears their bindings.
final class SQLiteDatabase {
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    private var byPlace: [TextPlace: (text: String, statement: SQLiteStatement)] = [:]
    private var batchTexts: [BatchKey: String] = [:]

    /// Opens (creating if needed) the database file with extended result codes, then runs `pragmas`.
    init(path: String, pragmas: [String]) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let result = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard let handle else { throw SQLiteError(code: result, message: "cannot open \(path)") }
        guard result == SQLITE_OK else {
            let error = SQLiteError(code: result, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
            sqlite_nio_sqlite3_close_v2(handle)
            throw error
        }
        self.handle = handle
        do {
            for pragma in pragmas { try script(pragma) }
        } catch {
            close()
            throw error
        }
    }

    /// Finalizes every statement and closes the connection.
    func close() {
        for statement in statements.values { statement.finalize() }
        statements.removeAll()
        byPlace.removeAll()
        sqlite_nio_sqlite3_close_v2(handle)
    }

    /// Runs SQL text that takes no parameters and whose rows are not needed (pragmas, DDL), without caching it.
    func script(_ sql: String) throws {
        try check(sqlite_nio_sqlite3_exec(handle, sql, nil, nil, nil))
    }

    /// Runs a statement and returns its rows.
    @discardableResult
    func rows(_ sql: String, _ binds: [SQLiteValue] = []) throws -> [SQLiteRow] {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(binds, database: self)
        var rows: [SQLiteRow] = []
        while try statement.step(database: self) {
            rows.append(statement.row())
        }
        return rows
    }

    /// Runs a statement that returns no rows (or whose rows are ignored).
    func execute(_ sql: String, _ binds: [SQLiteValue] = []) throws {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(binds, database: self)
        while try statement.step(database: self) {}
    }

    /// Whether a transaction is open (`BEGIN` without `COMMIT` or `ROLLBACK` yet).
    var inTransaction: Bool {
        sqlite_nio_sqlite3_get_autocommit(handle) == 0
    }

    /// The statement for `sql`, prepared the first time. Found by where the text's bytes are (a
    /// literal's never move) before hashing the whole text: most statements are literals run
    /// many times a second. A hit is confirmed by comparing the texts, which costs nothing when
    /// both are the same string.
    private func prepared(_ sql: String) throws -> SQLiteStatement {
        let place = TextPlace(sql)
        if let place, let (text, statement) = byPlace[place], text == sql { return statement }
        if let statement = statements[sql] {
            remember(place, sql, statement)
            return statement
        }
        var pointer: OpaquePointer?
        try check(sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil))
        guard let pointer else { throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement: \(sql)") }
        let statement = SQLiteStatement(pointer)
        statements[sql] = statement
        remember(place, sql, statement)
        return statement
    }

    /// Notes where a text is; bounded, as a text built for each call is somewhere new each time.
    private func remember(_ place: TextPlace?, _ sql: String, _ statement: SQLiteStatement) {
        guard let place else { return }
        if byPlace.count >= 512 { byPlace.removeAll(keepingCapacity: true) }
        byPlace[place] = (sql, statement)
    }

    /// Where a string's UTF-8 bytes are stored, when they are stored contiguously.
    private struct TextPlace: Hashable {
        let address: UInt
        let count: Int

        init?(_ text: String) {
            guard let place = text.utf8.withContiguousStorageIfAvailable({
                (UInt(bitPattern: $0.baseAddress), $0.count)
            }) else { return nil }
            (address, count) = place
        }
    }

    /// The SQL text of a batch statement, made by `make` the first time.
    func batchSQL(_ key: BatchKey, make: (BatchKey) -> String) -> String {
        if let sql = batchTexts[key] { return sql }
        let sql = make(key)
        batchTexts[key] = sql
        return sql
    }

    /// Throws the connection's error unless `result` is `SQLITE_OK`.
    func check(_ result: Int32) throws {
        guard result != SQLITE_OK else { return }
        throw SQLiteError(code: result, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }
}
