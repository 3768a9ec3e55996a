/// Frames by id: ids are dense and increasing, so an array of optionals beats a dictionary on
/// the hot path (no hashing, in-place mutation).
struct FrameTable: Sendable {
    private var slots: [Frame?] = []

    subscript(id: Int) -> Frame? {
        _read {
            if id < slots.count { yield slots[id] } else { yield nil }
        }
        _modify {
            while id >= slots.count { slots.append(nil) }
            yield &slots[id]
        }
    }

    /// Removes and returns frame `id`.
    mutating func removeValue(forKey id: Int) -> Frame? {
        guard id < slots.count else { return nil }
        defer { slots[id] = nil }
        return slots[id]
    }

    mutating func removeAll() { slots.removeAll() }
}
