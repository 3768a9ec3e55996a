import VaporCSQLite

/// A prepared statement kept by its ``SQLiteDatabase``; used by one thread, one execution at a time.
final class SQLiteStatement {
    private let pointer: OpaquePointer
    /// The result column names, read once (a statement's columns do not change).
    private var columns: [String]?

    /// Text for an empty string (a nil pointer would bind NULL).
    private static var empty: UnsafePointer<CChar> {
        UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
    }

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    func bind(_ values: [SQLiteValue], database: SQLiteDatabase) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let result: Int32 = switch value {
            case .null:
                sqlite_nio_sqlite3_bind_null(pointer, index)
            case .integer(let int):
                sqlite_nio_sqlite3_bind_int64(pointer, index, int)
            case .real(let double):
                sqlite_nio_sqlite3_bind_double(pointer, index, double)
            case .text(var text):
                // The bytes with their length: no NUL-terminated copy (SQLite copies them itself).
                text.withUTF8 { utf8 in
                    utf8.withMemoryRebound(to: CChar.self) {
                        sqlite_nio_sqlite3_bind_text(pointer, index, $0.baseAddress ?? Self.empty, Int32($0.count), Self.transient)
                    }
                }
            case .blob(let bytes) where bytes.isEmpty:
                // An empty blob, not NULL (a nil pointer would bind NULL).
                sqlite_nio_sqlite3_bind_zeroblob(pointer, index, 0)
            case .blob(let bytes):
                bytes.withUnsafeBytes {
                    sqlite_nio_sqlite3_bind_blob(pointer, index, $0.baseAddress, Int32($0.count), Self.transient)
                }
            }
            try database.check(result)
        }
    }

    /// Advances to the next row: `true` if there is one, `false` when done.
    func step(database: SQLiteDatabase) throws -> Bool {
        switch sqlite_nio_sqlite3_step(pointer) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let result:
            // The statement's own code (extended), as the connection reports it.
            try database.check(result)
            return false
        }
    }

    /// The current row.
    func row() -> SQLiteRow {
        let count = sqlite_nio_sqlite3_column_count(pointer)
        if columns?.count != Int(count) {
            columns = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(pointer, $0)) }
        }
        return SQLiteRow(columns: columns ?? [], values: (0..<count).map(value))
    }

    private func value(_ index: Int32) -> SQLiteValue {
        switch sqlite_nio_sqlite3_column_type(pointer, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite_nio_sqlite3_column_int64(pointer, index))
        case SQLITE_FLOAT:
            return .real(sqlite_nio_sqlite3_column_double(pointer, index))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(pointer, index) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(pointer, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(pointer, index))
            guard let blob = sqlite_nio_sqlite3_column_blob(pointer, index), count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }

    /// Makes the statement ready for its next use. Its bindings stay: every use binds all of its
    /// parameters again, and `sqlite3_clear_bindings` would expire (re-prepare) every statement
    /// whose plan looked at a bound value.
    func reset() {
        sqlite_nio_sqlite3_reset(pointer)
    }

    func finalize() {
        sqlite_nio_sqlite3_finalize(pointer)
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the call returns.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}
