import Foundation
import PostgresNIO
import Store

extension PostgresRandomAccessRow: StoredRow {
    /// Decodes a column, reporting a missing column or a type mismatch as a ``StoreError``.
    private func decode<T: PostgresDecodable>(_ column: String, _ type: T.Type) throws -> T {
        guard contains(column) else { throw StoreError.backend.with(message: "column \(column) is missing") }
        do {
            return try self[column].decode(T.self)
        } catch {
            throw StoreError.backend.with(message: "column \(column): \(String(reflecting: error))")
        }
    }

    func string(_ column: String) throws -> String {
        try decode(column, String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        try decode(column, String?.self)
    }

    func bool(_ column: String) throws -> Bool {
        try decode(column, Bool.self)
    }

    func int(_ column: String) throws -> Int64 {
        try decode(column, Int64.self)
    }

    func date(_ column: String) throws -> Date {
        Date(milliseconds: try int(column))
    }

    func optionalDate(_ column: String) throws -> Date? {
        try decode(column, Int64?.self).map(Date.init(milliseconds:))
    }

    func bytes(_ column: String) throws -> [UInt8] {
        try decode(column, ByteBuffer?.self).map { Array($0.readableBytesView) } ?? []
    }
}


extension Optional where Wrapped == Date {
    var milliseconds: Int64? { self.map(\.milliseconds) }
}

extension Array where Element == UInt8 {
    var byteBuffer: ByteBuffer { ByteBuffer(bytes: self) }
}
