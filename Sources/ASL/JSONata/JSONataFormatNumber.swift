/// `$formatNumber(number, picture)` for decimal pictures: `#,##0.00`, `0.0%`, `#0.00;(#0.00)`, per-mille `‰`,
/// prefixes and suffixes. Rounding is half to even, as JSONata's. Exponent pictures are refused (D3137).
enum JSONataFormatNumber {
    static let function = JSONataBuiltin("formatNumber", "<n-so?:s>") { (_, a) throws(JSONataError) in
        guard let value = a[0]?.double, let picture = a[1]?.string else { return nil }
        return .string(try format(value, picture))
    }

    static func format(_ value: Double, _ picture: String) throws(JSONataError) -> String {
        let parts = picture.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else { throw JSONataError("D3080", "The picture string must only contain a maximum of two sub-pictures") }
        let negative = value < 0
        let chosen = negative && parts.count == 2 ? parts[1] : parts[0]
        let text = try formatPositive(abs(value), chosen)
        return negative && parts.count == 1 ? "-" + text : text
    }

    private static func isActive(_ c: Character) -> Bool { c == "#" || c == "0" || c == "," || c == "." || (c.isASCII && c.isNumber) }

    private static func formatPositive(_ value: Double, _ picture: String) throws(JSONataError) -> String {
        let chars = Array(picture)
        guard let first = chars.firstIndex(where: isActive), let last = chars.lastIndex(where: isActive) else {
            throw JSONataError("D3085", "The picture string must contain at least one digit or #: \(JSONataError.quote(picture))")
        }
        let prefix = String(chars[..<first]), suffix = String(chars[(last + 1)...])
        let body = String(chars[first...last])
        if body.contains("e") { throw JSONataError("D3137", "Exponent pictures are not supported by $formatNumber") }
        var scaled = value
        if (prefix + suffix).contains("%") { scaled *= 100 } else if (prefix + suffix).contains("‰") { scaled *= 1000 }
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2 else { throw JSONataError("D3081", "A sub-picture must not contain more than one decimal separator") }
        let integerPicture = Array(pieces[0]), fractionPicture = pieces.count == 2 ? Array(pieces[1]) : []
        let minInteger = integerPicture.filter { $0 != "#" && $0 != "," }.count
        let minFraction = fractionPicture.filter { $0 != "#" && $0 != "," }.count
        let maxFraction = fractionPicture.filter { $0 != "," }.count
        var grouping: Int? = nil
        if let comma = integerPicture.lastIndex(of: ",") { grouping = integerPicture.count - comma - 1 }

        let rounded = JSONataNumericFunctions.round(scaled, maxFraction)
        var (integerDigits, fractionDigits) = plainDecimal(rounded)
        while fractionDigits.count < minFraction { fractionDigits += "0" }
        while fractionDigits.count > minFraction, fractionDigits.hasSuffix("0") { fractionDigits.removeLast() }
        if integerDigits == "0" && minInteger == 0 { integerDigits = "" }
        while integerDigits.count < minInteger { integerDigits = "0" + integerDigits }
        if let grouping, grouping > 0 {
            var grouped = ""
            for (i, c) in integerDigits.reversed().enumerated() {
                if i > 0 && i % grouping == 0 { grouped.append(",") }
                grouped.append(c)
            }
            integerDigits = String(grouped.reversed())
        }
        let number = fractionDigits.isEmpty ? integerDigits : integerDigits + "." + fractionDigits
        return prefix + (number.isEmpty ? "0" : number) + suffix
    }

    /// The integer and fraction digits of a non-negative finite number, without exponent notation.
    static func plainDecimal(_ value: Double) -> (String, String) {
        guard value != 0, value.isFinite else { return ("0", "") }
        let (digits, n) = JSONataNumber.decompose(value)
        let text = digits.map { String($0) }.joined()
        if n <= 0 { return ("0", String(repeating: "0", count: -n) + text) }
        if n >= digits.count { return (text + String(repeating: "0", count: n - digits.count), "") }
        let split = text.index(text.startIndex, offsetBy: n)
        return (String(text[..<split]), String(text[split...]))
    }
}
