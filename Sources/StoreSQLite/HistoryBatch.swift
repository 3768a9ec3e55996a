import Foundation
import Store

/// The history events one commit appends, stored as one `history_batches` row.
///
/// One row per commit instead of one per event: a 3-Task execution writes 5 rows and 5 index
/// entries instead of 17 of each. The text is the events one after another, each as
/// `id,previousEventId,timestampMilliseconds,type,byteCount:details`, where `byteCount` is the
/// length of `details` in UTF-8 bytes; migration 4 builds the same text in SQL from the old rows.
enum HistoryBatch {
    /// The batch text of `events` (in id order).
    static func encode(_ events: [HistoryEvent]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(events.reduce(0) { $0 + $1.details.utf8.count + $1.type.utf8.count + 64 })
        for event in events {
            append(event.id, to: &bytes, then: ",")
            append(event.previousEventId, to: &bytes, then: ",")
            append(event.timestamp.epochMilliseconds, to: &bytes, then: ",")
            bytes.append(contentsOf: event.type.utf8)
            bytes.append(UInt8(ascii: ","))
            append(Int64(event.details.utf8.count), to: &bytes, then: ":")
            bytes.append(contentsOf: event.details.utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` in decimal, then `separator`.
    private static func append(_ value: Int64, to bytes: inout [UInt8], then separator: Unicode.Scalar) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        var magnitude = value.magnitude
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
        bytes.append(UInt8(ascii: separator))
    }

    /// The events of a batch text, in id order.
    static func decode(_ text: String) throws -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        var utf8 = Substring(text).utf8
        while !utf8.isEmpty {
            let id = try integer(&utf8, until: UInt8(ascii: ","))
            let previous = try integer(&utf8, until: UInt8(ascii: ","))
            let timestamp = try integer(&utf8, until: UInt8(ascii: ","))
            guard let comma = utf8.firstIndex(of: UInt8(ascii: ",")) else { throw malformed() }
            let type = String(Substring(utf8[utf8.startIndex..<comma]))
            utf8 = utf8[utf8.index(after: comma)...]
            let count = try integer(&utf8, until: UInt8(ascii: ":"))
            guard count >= 0, count <= utf8.count else { throw malformed() }
            let end = utf8.index(utf8.startIndex, offsetBy: Int(count))
            guard let details = String(validating: utf8[utf8.startIndex..<end], as: UTF8.self) else { throw malformed() }
            utf8 = utf8[end...]
            events.append(HistoryEvent(
                id: id, previousEventId: previous, timestamp: Date(epochMilliseconds: timestamp), type: type, details: details))
        }
        return events
    }

    /// Reads a decimal integer (an optional `-`, then digits) up to `separator`, and skips the separator.
    private static func integer(_ utf8: inout Substring.UTF8View, until separator: UInt8) throws -> Int64 {
        guard let end = utf8.firstIndex(of: separator), let value = Int64(Substring(utf8[utf8.startIndex..<end])) else {
            throw malformed()
        }
        utf8 = utf8[utf8.index(after: end)...]
        return value
    }

    private static func malformed() -> StoreError {
        StoreError.backend.with(message: "a stored history batch is malformed")
    }
}
