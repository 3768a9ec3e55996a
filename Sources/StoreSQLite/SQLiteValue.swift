import Foundation

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
        self = date.map { .integer($0.epochMilliseconds) } ?? .null
    }

    init(bytes: [UInt8]) {
        self = .blob(bytes)
    }
}

extension Date {
    /// Milliseconds since 1970, the stored form of every date.
    var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }
}
