import Foundation
import Store

/// A value bound to a statement parameter or read from a result column.
enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    init(_ string: String?) {
        self = string.map { .text($0) } ?? .null
    }

    init(_ int: Int64) {
        self = .integer(int)
    }

    init(_ int: Int) {
        self = .integer(Int64(int))
    }

    /// Dates are stored as milliseconds since 1970.
    init(_ date: Date?) {
        self = date.map { .integer($0.milliseconds) } ?? .null
    }

    init(bytes: [UInt8]) {
        self = .blob(bytes)
    }
}
