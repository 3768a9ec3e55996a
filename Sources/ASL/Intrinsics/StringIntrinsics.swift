import JSONValue
/// States.StringSplit.
enum StringIntrinsics {
    /// Splits on any of the delimiter's characters and drops empty pieces (as AWS does).
    static func split(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let text = try a.string(0)
        let delimiters = Set(try a.string(1).unicodeScalars)
        var pieces: [JSON] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if delimiters.contains(scalar) {
                if !current.isEmpty { pieces.append(.string(String(current))) }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { pieces.append(.string(String(current))) }
        return .array(pieces)
    }
}
