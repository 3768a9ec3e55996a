import JSONValue

/// A state machine's definition laid out for drawing (the console's graph): each `States` map is a
/// block whose states stand in rows by their longest distance from `StartAt` (back edges, as a
/// loop's way back to its Choice, do not count), centred; a Parallel state holds its branches side
/// by side, a Map state its item processor. Pure; `GraphSVG` draws it.
///
/// Laid out here rather than by a package: the mirror has no graph layout library, and a
/// definition's graph is small (rows of boxes) and nested, which layered layout of this kind
/// handles in a page of code.
struct DefinitionGraph: Equatable {
    struct Node: Equatable {
        /// The state's name; nil for the start and end markers.
        var name: String?
        var type: String
        var x: Double, y: Double, width: Double, height: Double
        /// A Parallel's branches or a Map's processor, positioned inside this node.
        var blocks: [DefinitionGraph] = []
    }

    struct Edge: Equatable {
        enum Kind: String { case next, choice, catchError = "catch" }
        var from: Int, to: Int
        var kind: Kind
        /// Leads to a state in the same or an earlier row (a loop).
        var back: Bool
    }

    var nodes: [Node] = []
    var edges: [Edge] = []
    var x = 0.0, y = 0.0, width = 0.0, height = 0.0

    static let nodeHeight = 40.0, rowGap = 34.0, columnGap = 24.0, padding = 12.0, header = 28.0, markerSize = 16.0

    /// The graph of a whole definition, with start and end markers; nil when it has no `States`.
    init?(definition: JSON) {
        guard let states = definition["States"]?.objectValue, let start = definition["StartAt"]?.stringValue else { return nil }
        self.init(states: states, startAt: start, markers: true)
    }

    init(states: JSONObject, startAt: String, markers: Bool) {
        let names = states.keys
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let successors = names.map { Self.successors(states[$0]?.objectValue ?? JSONObject()).compactMap { e in index[e.0].map { ($0, e.1) } } }
        // Depth-first from the start (then from any state not reached): the order states are found
        // in, and which edges lead back to a state still being walked.
        var order: [Int] = [], state = Array(repeating: 0, count: names.count), back = Set<[Int]>()
        func visit(_ n: Int) {
            state[n] = 1
            order.append(n)
            for (m, _) in successors[n] {
                if state[m] == 1 { back.insert([n, m]) } else if state[m] == 0 { visit(m) }
            }
            state[n] = 2
        }
        if let s = index[startAt] { visit(s) }
        for n in names.indices where state[n] == 0 { visit(n) }
        // Rows: the longest path over forward edges (relaxed in found order until stable; graphs are small).
        var row = Array(repeating: markers ? 1 : 0, count: names.count)
        var changed = true, rounds = 0
        while changed && rounds < names.count + 1 {
            changed = false
            rounds += 1
            for n in order {
                for (m, _) in successors[n] where !back.contains([n, m]) && row[m] < row[n] + 1 {
                    row[m] = row[n] + 1
                    changed = true
                }
            }
        }
        for n in names.indices {
            let body = states[names[n]]?.objectValue ?? JSONObject()
            nodes.append(Self.node(names[n], body))
        }
        for n in names.indices {
            for (m, kind) in successors[n] { edges.append(Edge(from: n, to: m, kind: kind, back: back.contains([n, m]) || row[m] <= row[n])) }
        }
        var rows = Array(repeating: [Int](), count: (row.max() ?? 0) + 2)
        for n in order { rows[row[n]].append(n) }
        if markers {
            let last = rows.lastIndex { !$0.isEmpty } ?? 0
            nodes.append(Node(name: nil, type: "Start", x: 0, y: 0, width: Self.markerSize, height: Self.markerSize))
            nodes.append(Node(name: nil, type: "End", x: 0, y: 0, width: Self.markerSize, height: Self.markerSize))
            let startMarker = names.count, endMarker = names.count + 1
            rows[0] = [startMarker]
            if last + 1 >= rows.count { rows.append([]) }
            rows[last + 1] = [endMarker]
            if let s = index[startAt] { edges.append(Edge(from: startMarker, to: s, kind: .next, back: false)) }
            for n in names.indices where Self.ends(states[names[n]]?.objectValue ?? JSONObject()) {
                edges.append(Edge(from: n, to: endMarker, kind: .next, back: false))
            }
        }
        place(rows.filter { !$0.isEmpty })
    }

    /// Positions the rows' nodes, each row centred, and sizes the block.
    private mutating func place(_ rows: [[Int]]) {
        let widths = rows.map { r in r.reduce(0) { $0 + nodes[$1].width } + Double(max(r.count - 1, 0)) * Self.columnGap }
        width = widths.max() ?? 0
        var top = 0.0
        for (r, members) in rows.enumerated() {
            var left = (width - widths[r]) / 2
            let rowHeight = members.map { nodes[$0].height }.max() ?? 0
            for n in members {
                nodes[n].x = left
                nodes[n].y = top + (rowHeight - nodes[n].height) / 2
                left += nodes[n].width + Self.columnGap
            }
            top += rowHeight + Self.rowGap
        }
        height = max(top - Self.rowGap, 0)
    }

    private static func node(_ name: String, _ body: JSONObject) -> Node {
        let type = body["Type"]?.stringValue ?? "?"
        let textWidth = Double(max(name.count, type.count + 4)) * 7.2 + 2 * padding
        var inner: [DefinitionGraph] = []
        if type == "Parallel" {
            for branch in body["Branches"]?.arrayValue ?? [] {
                if let states = branch["States"]?.objectValue, let start = branch["StartAt"]?.stringValue {
                    inner.append(DefinitionGraph(states: states, startAt: start, markers: false))
                }
            }
        } else if type == "Map", let processor = body["ItemProcessor"] ?? body["Iterator"],
                  let states = processor["States"]?.objectValue, let start = processor["StartAt"]?.stringValue {
            inner.append(DefinitionGraph(states: states, startAt: start, markers: false))
        }
        guard !inner.isEmpty else { return Node(name: name, type: type, x: 0, y: 0, width: max(120, textWidth), height: nodeHeight) }
        var left = padding
        for i in inner.indices {
            inner[i].x = left
            inner[i].y = header + padding
            left += inner[i].width + (i == inner.count - 1 ? padding : 2 * columnGap)
        }
        let innerHeight = inner.map(\.height).max() ?? 0
        return Node(name: name, type: type, x: 0, y: 0, width: max(left, textWidth), height: header + innerHeight + 2 * padding, blocks: inner)
    }

    /// The states a state leads to, in the order the definition names them, with the edge's kind.
    static func successors(_ body: JSONObject) -> [(String, Edge.Kind)] {
        var next: [(String, Edge.Kind)] = []
        for choice in body["Choices"]?.arrayValue ?? [] { if let n = choice["Next"]?.stringValue { next.append((n, .choice)) } }
        if let n = body["Default"]?.stringValue { next.append((n, .choice)) }
        if let n = body["Next"]?.stringValue { next.append((n, .next)) }
        for handler in body["Catch"]?.arrayValue ?? [] { if let n = handler["Next"]?.stringValue { next.append((n, .catchError)) } }
        var seen = Set<String>()
        return next.filter { seen.insert($0.0 + "\u{0}" + $0.1.rawValue).inserted }
    }

    /// Whether a state can end the execution (or its branch).
    static func ends(_ body: JSONObject) -> Bool {
        let type = body["Type"]?.stringValue
        return body["End"]?.boolValue == true || type == "Succeed" || type == "Fail"
    }
}
