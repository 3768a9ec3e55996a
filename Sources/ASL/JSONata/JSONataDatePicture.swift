/// A subset of XPath picture strings for `$fromMillis`/`$now`: `[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z]`,
/// with numeric widths, month/day names (`[MNn]`, `[FNn]`, `[FN,*-3]`), `[h]`, `[P]`, `[d]` and `[[`/`]]` escapes.
enum JSONataDatePicture {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Parses a timezone such as `+0100`, `-05:00` or `Z` into minutes east of UTC.
    static func offsetMinutes(_ zone: String?) -> Int? {
        guard let zone, !zone.isEmpty else { return 0 }
        if zone == "Z" { return 0 }
        let digits = zone.dropFirst().filter { $0 != ":" }
        guard let sign = zone.first, sign == "+" || sign == "-", digits.count == 4, let v = Int(digits) else { return nil }
        let minutes = (v / 100) * 60 + v % 100
        return sign == "-" ? -minutes : minutes
    }

    static func format(milliseconds ms: Int64, picture: String, offsetMinutes: Int) throws(JSONataError) -> String {
        let local = ms + Int64(offsetMinutes) * 60_000
        let secs = local >= 0 ? local / 1000 : (local - 999) / 1000
        let millis = Int(local - secs * 1000)
        let dayNumber = Int(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400)
        let rem = Int(secs - Int64(dayNumber) * 86400)
        let (year, month, day) = RFC3339Timestamp.civil(fromDays: dayNumber)
        let weekday = ((dayNumber % 7) + 7 + 3) % 7 // 1970-01-01 was a Thursday (index 3 from Monday)
        let dayOfYear = dayNumber - RFC3339Timestamp.daysFromCivil(year: year, month: 1, day: 1) + 1
        let hour = rem / 3600, minute = rem / 60 % 60, second = rem % 60

        var out = ""
        let chars = Array(picture)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "[" && i + 1 < chars.count && chars[i + 1] == "[" { out.append("["); i += 2; continue }
            if c == "]" && i + 1 < chars.count && chars[i + 1] == "]" { out.append("]"); i += 2; continue }
            guard c == "[" else { out.append(c); i += 1; continue }
            guard let close = chars[i...].firstIndex(of: "]") else {
                throw JSONataError("D3135", "No matching closing bracket ']' in date/time picture string")
            }
            let marker = String(chars[(i + 1)..<close]).filter { !$0.isWhitespace }
            i = close + 1
            guard let component = marker.first else { continue }
            var modifier = String(marker.dropFirst())
            var maxWidth: Int? = nil
            if let comma = modifier.firstIndex(of: ",") {
                let widths = modifier[modifier.index(after: comma)...]
                modifier = String(modifier[..<comma])
                if let dash = widths.firstIndex(of: "-") { maxWidth = Int(widths[widths.index(after: dash)...]) }
            }
            switch component {
            case "Y": out += number(year, modifier, defaultWidth: 1)
            case "M": out += modifier.hasPrefix("N") || modifier.hasPrefix("n") ? name(months[month - 1], modifier, maxWidth) : number(month, modifier, defaultWidth: 1)
            case "D": out += number(day, modifier, defaultWidth: 1)
            case "d": out += number(dayOfYear, modifier, defaultWidth: 1)
            case "F": out += modifier.isEmpty || modifier.hasPrefix("N") || modifier.hasPrefix("n") ? name(days[weekday], modifier.isEmpty ? "n" : modifier, maxWidth) : number(weekday + 1, modifier, defaultWidth: 1)
            case "H": out += number(hour, modifier, defaultWidth: 1)
            case "h": out += number(hour % 12 == 0 ? 12 : hour % 12, modifier, defaultWidth: 1)
            case "P": out += name(hour < 12 ? "am" : "pm", modifier.isEmpty ? "n" : modifier, nil)
            case "m": out += number(minute, modifier, defaultWidth: 2)
            case "s": out += number(second, modifier, defaultWidth: 2)
            case "f": out += number(millis, modifier.isEmpty ? "001" : modifier, defaultWidth: 3)
            case "Z", "z":
                if offsetMinutes == 0 && modifier.hasSuffix("t") { out += "Z"; break }
                let sign = offsetMinutes < 0 ? "-" : "+"
                let a = abs(offsetMinutes)
                let hh = pad(a / 60, 2), mm = pad(a % 60, 2)
                out += (component == "z" ? "GMT" : "") + sign + hh + (modifier.isEmpty || modifier.contains(":") ? ":" : "") + mm
            default:
                throw JSONataError("D3132", "Unknown component specifier \(component) in date/time picture string")
            }
        }
        return out
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(abs(v))
        return (v < 0 ? "-" : "") + (s.count >= width ? s : String(repeating: "0", count: width - s.count) + s)
    }

    private static func number(_ v: Int, _ modifier: String, defaultWidth: Int) -> String {
        let digits = modifier.filter { $0.isASCII && $0.isNumber }.count
        return pad(v, digits > 0 ? digits : defaultWidth)
    }

    private static func name(_ full: String, _ modifier: String, _ maxWidth: Int?) -> String {
        var text = full
        if let maxWidth, maxWidth < text.count { text = String(text.prefix(maxWidth)) }
        if modifier.hasPrefix("Nn") { return text }
        if modifier.hasPrefix("N") { return text.uppercased() }
        return text.lowercased()
    }
}
