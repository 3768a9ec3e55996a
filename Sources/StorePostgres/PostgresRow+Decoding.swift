import Foundation
import PostgresNIO
import Store

extension PostgresRandomAccessRow {
    func string(_ column: String) throws -> String {
        try self[column].decode(String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        try self[column].decode(String?.self)
    }

    func int(_ column: String) throws -> Int64 {
        try self[column].decode(Int64.self)
    }

    func date(_ column: String) throws -> Date {
        Date(epochMilliseconds: try int(column))
    }

    func optionalDate(_ column: String) throws -> Date? {
        try self[column].decode(Int64?.self).map(Date.init(epochMilliseconds:))
    }

    func bytes(_ column: String) throws -> [UInt8] {
        try self[column].decode(ByteBuffer?.self).map { Array($0.readableBytesView) } ?? []
    }
}

extension Date {
    /// Milliseconds since 1970, the stored form of every date.
    var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }
}

extension Optional where Wrapped == Date {
    var epochMilliseconds: Int64? { self.map(\.epochMilliseconds) }
}

extension Array where Element == UInt8 {
    var byteBuffer: ByteBuffer { ByteBuffer(bytes: self) }
}
