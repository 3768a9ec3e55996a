import Foundation
import SQLiteNIO
import Store

extension SQLiteConnection {
    /// Runs a statement and returns its rows (the async overload, annotated so the future one is not picked).
    @discardableResult
    func rows(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        let rows: [SQLiteRow] = try await self.query(sql, binds)
        return rows
    }

    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ binds: [SQLiteData] = []) async throws {
        let _: [SQLiteRow] = try await self.query(sql, binds)
    }
}

extension SQLiteData {
    init(_ string: String?) {
        self = string.map { .text($0) } ?? .null
    }

    init(_ int: Int64) {
        self = .integer(Int(int))
    }

    init(_ date: Date?) {
        self = date.map { .integer(Int($0.epochMilliseconds)) } ?? .null
    }

    init(bytes: [UInt8]) {
        self = .blob(ByteBuffer(bytes: bytes))
    }
}

extension SQLiteRow {
    func string(_ column: String) throws -> String {
        guard let value = self.column(column)?.string else { throw missing(column) }
        return value
    }

    func optionalString(_ column: String) -> String? {
        self.column(column)?.string
    }

    func int(_ column: String) throws -> Int64 {
        guard let value = self.column(column)?.integer else { throw missing(column) }
        return Int64(value)
    }

    func date(_ column: String) throws -> Date {
        Date(epochMilliseconds: try int(column))
    }

    func optionalDate(_ column: String) -> Date? {
        self.column(column)?.integer.map { Date(epochMilliseconds: Int64($0)) }
    }

    func bytes(_ column: String) throws -> [UInt8] {
        switch self.column(column) {
        case .some(.blob(let buffer)): return Array(buffer.readableBytesView)
        case .some(.text(let text)): return Array(text.utf8)
        case .some(.null): return []
        default: throw missing(column)
        }
    }

    private func missing(_ column: String) -> StoreError {
        StoreError.backend.with(message: "column \(column) is missing or has the wrong type")
    }
}

extension Date {
    /// Milliseconds since 1970, the stored form of every date.
    var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }
}
