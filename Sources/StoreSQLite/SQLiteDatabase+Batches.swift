/// Statements over many rows at once: multi-row `VALUES` lists and `IN (…)` lists, in chunks of at
/// most ``batchSize`` so that only a few distinct statements are prepared and cached.
extension SQLiteDatabase {
    static let batchSize = 32

    /// The shape of a batch statement, to find its SQL text without building it again.
    struct BatchKey: Hashable {
        var prefix: String
        var suffix: String
        var width: Int
        var count: Int
    }

    /// Runs `prefix VALUES (?, …), (?, …) suffix` for the rows (all of one width) and returns the
    /// rows the statements return (with a `RETURNING` suffix).
    @discardableResult
    func insert(_ prefix: String, rows: [[SQLiteValue]], suffix: String = "") throws -> [SQLiteRow] {
        guard let width = rows.first?.count else { return [] }
        var returned: [SQLiteRow] = []
        for chunk in Self.chunks(rows) {
            let sql = batchSQL(BatchKey(prefix: prefix, suffix: suffix, width: width, count: chunk.count)) { key in
                let tuple = "(" + Array(repeating: "?", count: key.width).joined(separator: ", ") + ")"
                return "\(key.prefix) VALUES \(Array(repeating: tuple, count: key.count).joined(separator: ", ")) \(key.suffix)"
            }
            returned += try self.rows(sql, chunk.flatMap { $0 })
        }
        return returned
    }

    /// Runs `prefix IN (?, …)` for the values (a `DELETE … WHERE column`, say).
    func execute(_ prefix: String, in values: [SQLiteValue]) throws {
        for chunk in Self.chunks(values) {
            let sql = batchSQL(BatchKey(prefix: prefix, suffix: "", width: 1, count: chunk.count)) { key in
                "\(key.prefix) IN (\(Array(repeating: "?", count: key.count).joined(separator: ", ")))"
            }
            try execute(sql, Array(chunk))
        }
    }

    private static func chunks<Element>(_ elements: [Element]) -> [ArraySlice<Element>] {
        stride(from: 0, to: elements.count, by: batchSize).map { elements[$0..<min($0 + batchSize, elements.count)] }
    }
}
