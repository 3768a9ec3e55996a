/// A JSON object that keeps its keys in insertion order. Equality ignores order, as JSON does.
/// Small objects are searched linearly; a key index is built once an object grows past `indexThreshold`.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// One member, as iteration yields it.
    public typealias Element = (key: String, value: JSON)

    /// Stored member (a struct rather than a tuple so array operations stay specialized).
    struct Member: Sendable {
        var key: String
        var value: JSON
    }

    private var entries: [Member] = []
    private var index: [String: Int]? = nil
    static let indexThreshold = 12

    public init() {}
    public init(_ pairs: [(String, JSON)]) {
        entries.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    /// The keys in insertion order.
    public var keys: [String] { entries.map(\.key) }
    /// The values in insertion order.
    public var values: [JSON] { entries.map(\.value) }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        for i in entries.indices where entries[i].key == key { return i }
        return nil
    }

    /// Reads, replaces (keeping the key's position), appends, or (with nil) removes a member.
    public subscript(key: String) -> JSON? {
        get {
            guard let i = position(of: key) else { return nil }
            return entries[i].value
        }
        set {
            if let newValue {
                if let i = position(of: key) {
                    entries[i].value = newValue
                } else {
                    entries.append(Member(key: key, value: newValue))
                    if index != nil {
                        index![key] = entries.count - 1
                    } else if entries.count > JSONObject.indexThreshold {
                        rebuildIndex()
                    }
                }
            } else if let i = position(of: key) {
                entries.remove(at: i)
                if index != nil { rebuildIndex() }
            }
        }
    }

    private mutating func rebuildIndex() {
        guard entries.count > JSONObject.indexThreshold else { index = nil; return }
        var built = [String: Int](minimumCapacity: entries.count)
        for (i, e) in entries.enumerated() { built[e.key] = i }
        index = built
    }

    /// Builds an object from members in order; a repeated key keeps its first position and its last value.
    init(members: [Member]) {
        if members.count <= JSONObject.indexThreshold {
            var unique = true
            check: for i in members.indices where i > 0 {
                let key = members[i].key
                let length = key.utf8.count
                for j in 0..<i where members[j].key.utf8.count == length && members[j].key == key { unique = false; break check }
            }
            if unique { entries = members; return }
        } else {
            var built = [String: Int](minimumCapacity: members.count)
            var unique = true
            for (i, m) in members.enumerated() where built.updateValue(i, forKey: m.key) != nil { unique = false; break }
            if unique { entries = members; index = built; return }
        }
        for m in members { self[m.key] = m.value }
    }

    /// Reserves room for `n` members.
    public mutating func reserveCapacity(_ n: Int) { entries.reserveCapacity(n) }

    /// Iterates members in insertion order.
    public struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Member]>
        public mutating func next() -> Element? {
            guard let m = base.next() else { return nil }
            return (m.key, m.value)
        }
    }

    public func makeIterator() -> Iterator { Iterator(base: entries.makeIterator()) }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for m in lhs.entries {
            guard let other = rhs[m.key], other == m.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var sum: Int = 0
        for m in entries {
            var h = Hasher()
            h.combine(m.key)
            h.combine(m.value)
            sum = sum &+ h.finalize()
        }
        hasher.combine(count)
        hasher.combine(sum)
    }
}
