import Foundation

/// Regular-expression matching for `=~` filters (the only use of Foundation in Paths).
enum FilterRegex {
    static func isValid(_ pattern: String) -> Bool {
        (try? NSRegularExpression(pattern: pattern)) != nil
    }

    /// Whole-string match, as Jayway JsonPath does.
    static func matches(_ text: String, pattern: String, caseInsensitive: Bool) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []) else {
            return false
        }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        guard let match = regex.firstMatch(in: text, options: [.anchored], range: range) else { return false }
        return match.range.location == range.location && match.range.length == range.length
    }
}
