import Foundation

/// Draws a ``DefinitionGraph`` as inline SVG: each state a `<g class="state …" data-state="name">`
/// coloured by what happened to it (a class per ``StepStatus``; CSS in the console's stylesheet),
/// edges as lines with arrow heads (a Catch's dashed, a loop's curved back on the right).
enum GraphSVG {
    static func render(_ graph: DefinitionGraph, statuses: [String: StepStatus] = [:]) -> String {
        var out = ""
        // Room on both sides for loops drawn round the graph's edges.
        let margin = 16.0, side = 40.0
        let width = graph.width + 2 * (margin + side), height = graph.height + 2 * margin
        out += ##"<svg xmlns="http://www.w3.org/2000/svg" class="graph" id="graph" viewBox="0 0 \##(n(width)) \##(n(height))" width="\##(n(width))" height="\##(n(height))">"##
        out += ##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7280"/></marker></defs>"##
        draw(graph, dx: margin + side, dy: margin, statuses, &out)
        out += "</svg>"
        return out
    }

    private static func draw(_ graph: DefinitionGraph, dx: Double, dy: Double, _ statuses: [String: StepStatus], _ out: inout String) {
        let ox = dx + graph.x, oy = dy + graph.y
        for edge in graph.edges {
            let a = graph.nodes[edge.from], b = graph.nodes[edge.to]
            let dash = edge.kind == .catchError ? ##" stroke-dasharray="5 4""## : ""
            if edge.back {
                // Out of the source's side and back into the target's same side, round the block's
                // edge on the side the source stands (so the way back crosses no state between).
                let left = a.x + a.width / 2 < graph.width / 2
                let sx = ox + a.x + (left ? 0 : a.width), sy = oy + a.y + a.height / 2
                let tx = ox + b.x + (left ? 0 : b.width), ty = oy + b.y + b.height / 2
                let bend = left ? min(ox, sx, tx) - 24 : max(ox + graph.width, sx, tx) + 24
                out += ##"<path class="edge \##(edge.kind.rawValue)" d="M \##(n(sx)) \##(n(sy)) C \##(n(bend)) \##(n(sy)), \##(n(bend)) \##(n(ty)), \##(n(tx)) \##(n(ty))" fill="none" stroke="#9ca3af"\##(dash) marker-end="url(#arrow)"/>"##
            } else {
                let sx = ox + a.x + a.width / 2, sy = oy + a.y + a.height, tx = ox + b.x + b.width / 2, ty = oy + b.y
                out += ##"<line class="edge \##(edge.kind.rawValue)" x1="\##(n(sx))" y1="\##(n(sy))" x2="\##(n(tx))" y2="\##(n(ty))" stroke="#9ca3af"\##(dash) marker-end="url(#arrow)"/>"##
            }
        }
        for node in graph.nodes {
            let x = ox + node.x, y = oy + node.y
            guard let name = node.name else {
                let filled = node.type == "End" ? "#111827" : "#fff"
                out += ##"<circle class="marker" cx="\##(n(x + node.width / 2))" cy="\##(n(y + node.height / 2))" r="\##(n(node.width / 2))" fill="\##(filled)" stroke="#111827" stroke-width="2"><title>\##(node.type)</title></circle>"##
                continue
            }
            let status = statuses[name]?.rawValue ?? "NOT_REACHED"
            out += ##"<g class="state \##(status)" data-state="\##(escape(name))" tabindex="0" role="button">"##
            out += ##"<title>\##(escape(name)) (\##(escape(node.type))): \##(status.lowercased().replacingOccurrences(of: "_", with: " "))</title>"##
            out += ##"<rect x="\##(n(x))" y="\##(n(y))" width="\##(n(node.width))" height="\##(n(node.height))" rx="6"/>"##
            if node.blocks.isEmpty {
                out += ##"<text x="\##(n(x + node.width / 2))" y="\##(n(y + 17))" text-anchor="middle">\##(escape(name))</text>"##
                out += ##"<text class="type" x="\##(n(x + node.width / 2))" y="\##(n(y + 32))" text-anchor="middle">\##(escape(node.type))</text>"##
            } else {
                out += ##"<text x="\##(n(x + 10))" y="\##(n(y + 18))">\##(escape(name)) <tspan class="type">\##(escape(node.type))</tspan></text>"##
            }
            out += "</g>"
            for block in node.blocks {
                out += ##"<rect class="branch" x="\##(n(x + block.x - 6))" y="\##(n(y + block.y - 6))" width="\##(n(block.width + 12))" height="\##(n(block.height + 12))" rx="4"/>"##
                draw(block, dx: x, dy: y, statuses, &out)
            }
        }
    }

    private static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Text and attribute values escaped for XML.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
