/// Splitting ASCII text on bytes, which for ASCII gives what splitting on characters gives (a CR LF pair is one
/// character, so neither CR nor LF may be a separator), much faster.
enum ASCIIWords {
    /// The words of `text` between separator bytes, as `split(maxSplits:omittingEmptySubsequences:whereSeparator:)`
    /// gives them, or `nil` when `text` is not all ASCII.
    /// - Parameters:
    ///   - omittingEmpty: Whether empty words (between two separators, or at either end) are left out.
    ///   - maxSplits: After this many words the rest is one word.
    ///   - isSeparator: Whether a byte separates words; never true for CR or LF.
    static func split(_ text: some StringProtocol, omittingEmpty: Bool = true, maxSplits: Int = .max,
                      where isSeparator: (UInt8) -> Bool) -> [Substring]?
    {
        var copy = String(text)
        return copy.withUTF8 { bytes -> [Substring]? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var words: [Substring] = []
            var start = 0
            func word(_ end: Int) -> Bool {
                guard !omittingEmpty || end > start else { return false }
                words.append(Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)))
                return true
            }
            if maxSplits > 0 {
                for index in 0..<bytes.count where isSeparator(bytes[index]) {
                    let appended = word(index)
                    start = index + 1
                    if appended && words.count == maxSplits { break }
                }
            }
            _ = word(bytes.count)
            return words
        }
    }

    /// `text.lowercased()`, from the bytes when `text` is ASCII (header names always are).
    static func lowercased(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return text.lowercased() }
        guard utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return text }
        return String(unsafeUninitializedCapacity: utf8.count) { out in
            for (i, byte) in utf8.enumerated() {
                out[i] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            }
            return utf8.count
        }
    }
}
