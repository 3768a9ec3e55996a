import JSONValue
extension JSON {
    /// AWS's payload quota: 256 KiB of UTF-8 JSON.
    static let payloadLimit = 262_144

    /// Whether the serialised value exceeds 256 KiB (estimated without serialising, stopping early).
    var exceedsPayloadLimit: Bool {
        var budget = JSON.payloadLimit
        return !fits(&budget)
    }

    private func fits(_ budget: inout Int) -> Bool {
        switch self {
        case .null, .bool: budget -= 5
        case .number(let n): budget -= n.text.utf8.count
        case .string(let s): budget -= s.utf8.count + 2
        case .array(let a):
            budget -= 2 + a.count
            for v in a where budget >= 0 { if !v.fits(&budget) { return false } }
        case .object(let o):
            budget -= 2
            for (k, v) in o {
                budget -= k.utf8.count + 4
                if budget < 0 || !v.fits(&budget) { return false }
            }
        }
        return budget >= 0
    }
}
