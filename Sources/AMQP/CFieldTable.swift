internal import CRabbitMQ
#if canImport(Glibc)
import Glibc
#endif

/// Builds rabbitmq-c field tables whose memory lives until `release()`.
final class CFieldTable {
    private var strings: [UnsafeMutablePointer<CChar>] = []
    private var entryBuffers: [UnsafeMutablePointer<amqp_table_entry_t>] = []

    func bytes(_ s: String) -> amqp_bytes_t {
        let p = strdup(s)!
        strings.append(p)
        return amqp_bytes_t(len: strlen(p), bytes: UnsafeMutableRawPointer(p))
    }

    func table(_ fields: [String: AMQPFieldValue]) -> amqp_table_t {
        guard !fields.isEmpty else { return amqp_empty_table }
        let entries = UnsafeMutablePointer<amqp_table_entry_t>.allocate(capacity: fields.count)
        entryBuffers.append(entries)
        for (i, (key, value)) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            let k = bytes(key)
            switch value {
            case .string(let s): entries[i] = stepwise_entry_utf8(k, bytes(s))
            case .int(let n): entries[i] = stepwise_entry_i64(k, n)
            case .bool(let b): entries[i] = stepwise_entry_bool(k, b ? 1 : 0)
            case .double(let d): entries[i] = stepwise_entry_f64(k, d)
            }
        }
        return amqp_table_t(num_entries: Int32(fields.count), entries: entries)
    }

    func release() {
        strings.forEach { free($0) }
        entryBuffers.forEach { $0.deallocate() }
        strings = []
        entryBuffers = []
    }

    deinit { release() }

    /// Reads a rabbitmq-c table into Swift values; kinds Stepwise does not use are skipped.
    static func read(_ table: amqp_table_t) -> [String: AMQPFieldValue] {
        var out: [String: AMQPFieldValue] = [:]
        guard table.num_entries > 0, let entries = table.entries else { return out }
        for i in 0..<Int(table.num_entries) {
            var entry = entries[i]
            let key = string(entry.key)
            switch entry.value.kind {
            case UInt8(ascii: "S"), UInt8(ascii: "x"):
                out[key] = .string(string(entry.value.value.bytes))
            case UInt8(ascii: "t"):
                out[key] = .bool(entry.value.value.boolean != 0)
            case UInt8(ascii: "d"):
                out[key] = .double(entry.value.value.f64)
            case UInt8(ascii: "f"):
                out[key] = .double(Double(entry.value.value.f32))
            default:
                var ok: Int32 = 0
                let n = stepwise_field_integer(&entry.value, &ok)
                if ok != 0 { out[key] = .int(n) }
            }
        }
        return out
    }

    static func string(_ b: amqp_bytes_t) -> String {
        guard b.len > 0, let p = b.bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: b.len), as: UTF8.self)
    }
}
