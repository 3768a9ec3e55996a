import Store

/// A failed sqlite3 call: its extended result code and the connection's message.
struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_BUSY`, ...).
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }

    var isUniqueViolation: Bool {
        code == 2067 /* SQLITE_CONSTRAINT_UNIQUE */ || code == 1555 /* SQLITE_CONSTRAINT_PRIMARYKEY */
    }

    /// Maps SQLite errors to ``StoreError``; store errors pass through.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? SQLiteError {
            if error.isUniqueViolation { return StoreError.alreadyExists.with(message: error.message) }
            return StoreError.backend.with(message: "\(error)")
        }
        return StoreError.backend.with(message: "\(error)")
    }
}
