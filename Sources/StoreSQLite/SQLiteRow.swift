import Foundation
import Store

/// One result row: the statement's column names (shared by all its rows) and this row's values.
struct SQLiteRow: Sendable, StoredRow {
    let columns: [String]
    let values: [SQLiteValue]

    func column(_ name: String) -> SQLiteValue? {
        columns.firstIndex(of: name).map { values[$0] }
    }

    func string(_ column: String) throws -> String {
        guard case .text(let value) = self.column(column) else { throw missing(column) }
        return value
    }

    func optionalString(_ column: String) -> String? {
        if case .text(let value) = self.column(column) { value } else { nil }
    }

    func int(_ column: String) throws -> Int64 {
        guard case .integer(let value) = self.column(column) else { throw missing(column) }
        return value
    }

    func optionalDouble(_ column: String) -> Double? {
        switch self.column(column) {
        case .some(.real(let value)): value
        case .some(.integer(let value)): Double(value)
        default: nil
        }
    }

    func date(_ column: String) throws -> Date {
        Date(milliseconds: try int(column))
    }

    func optionalDate(_ column: String) -> Date? {
        if case .integer(let value) = self.column(column) { Date(milliseconds: value) } else { nil }
    }

    func bytes(_ column: String) throws -> [UInt8] {
        switch self.column(column) {
        case .some(.blob(let bytes)): return bytes
        case .some(.text(let text)): return Array(text.utf8)
        case .some(.null): return []
        default: throw missing(column)
        }
    }

    private func missing(_ column: String) -> StoreError {
        StoreError.backend.with(message: "column \(column) is missing or has the wrong type")
    }
}
