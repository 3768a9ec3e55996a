/// Regular-expression matching for `=~` filters, with the standard library's `Regex` (no Foundation).
enum FilterRegex {
    static func isValid(_ pattern: String) -> Bool {
        (try? Regex(pattern)) != nil
    }

    /// Whole-string match, as Jayway JsonPath does.
    static func matches(_ text: String, pattern: String, caseInsensitive: Bool) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        let effective = caseInsensitive ? regex.ignoresCase() : regex
        return (try? effective.wholeMatch(in: text)) != nil
    }
}
