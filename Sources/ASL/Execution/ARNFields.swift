/// Fields of an ARN, found by their `:` bytes (a `:` byte is never part of a longer UTF-8 sequence),
/// which is much cheaper than splitting the string into characters.
public enum ARNFields {
    /// The range of field `index` (0-based, between `:` bytes); nil when the ARN has fewer fields.
    /// The last field runs to the end.
    public static func field(_ index: Int, of arn: String) -> Range<String.Index>? {
        let utf8 = arn.utf8
        var start = utf8.startIndex
        var seen = 0
        var position = utf8.startIndex
        while position != utf8.endIndex {
            if utf8[position] == UInt8(ascii: ":") {
                if seen == index { return start..<position }
                seen += 1
                start = utf8.index(after: position)
            }
            position = utf8.index(after: position)
        }
        return seen == index ? start..<utf8.endIndex : nil
    }
}
