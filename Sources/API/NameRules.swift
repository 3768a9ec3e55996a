import Coordinator
import Foundation

/// AWS's naming rules and ARN shapes for Step Functions resources.
enum NameRules {
    /// A state machine, execution or activity name: 1–80 characters, none of AWS's forbidden ones
    /// (whitespace, `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /`, control characters).
    static func isValid(_ name: String) -> Bool {
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: one character a byte once control characters (CR LF is one character) are refused anyway.
            guard (1...80).contains(name.utf8.count) else { return false }
            return name.utf8.allSatisfy { !forbiddenASCII[Int($0)] }
        }
        guard (1...80).contains(name.count) else { return false }
        for scalar in name.unicodeScalars {
            let v = scalar.value
            if v <= 0x1F || (0x7F...0x9F).contains(v) { return false }
            if scalar.properties.isWhitespace { return false }
            if forbiddenPunctuation.unicodeScalars.contains(scalar) { return false }
        }
        return true
    }

    private static let forbiddenPunctuation = "<>{}[]?*\"#%\\^|~`$&,;:/"

    /// The ASCII bytes `isValid` refuses: controls, DEL, whitespace and AWS's forbidden punctuation.
    private static let forbiddenASCII: [Bool] = (0..<128).map { byte in
        let scalar = Unicode.Scalar(UInt8(byte))
        return byte <= 0x1F || byte == 0x7F || scalar.properties.isWhitespace
            || forbiddenPunctuation.unicodeScalars.contains(scalar)
    }

    /// A random (version 4) UUID in lower case, as `UUID().uuidString.lowercased()` gives, from the system generator
    /// (Foundation's `UUID()` opens and reads `/dev/urandom` each time on Linux).
    static func randomUUID() -> String {
        uuid(version: 4, milliseconds: nil)
    }

    /// A time-ordered (version 7, RFC 9562) UUID in lower case: 48 bits of Unix milliseconds, then 74 random bits.
    /// The name of an execution started without one, so that new executions' ARNs, which key the store's indexes,
    /// sort after the ones before them instead of landing anywhere (each random key dirties another index page).
    static func timeOrderedUUID(now: Date = Date()) -> String {
        uuid(version: 7, milliseconds: UInt64(max(0, (now.timeIntervalSince1970 * 1000).rounded(.down))))
    }

    private static func uuid(version: UInt8, milliseconds: UInt64?) -> String {
        var generator = SystemRandomNumberGenerator()
        var bits = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &bits) { bytes in
            if let milliseconds {
                for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * index)) }
            }
            bytes[6] = bytes[6] & 0x0F | version << 4
            bytes[8] = bytes[8] & 0x3F | 0x80  // variant RFC 4122/9562
            var out: [UInt8] = []
            out.reserveCapacity(36)
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
                out.append(lowerHexDigits[Int(byte >> 4)])
                out.append(lowerHexDigits[Int(byte & 0x0F)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    static func checkName(_ name: String) throws(APIError) {
        guard isValid(name) else { throw APIError("InvalidName", "Invalid Name: '\(name)'") }
    }

    /// The parts of `arn:aws:states:REGION:ACCOUNT:TYPE:NAME[:MORE]`.
    struct Parsed {
        var region: String
        var account: String
        var type: String
        var name: String
        var rest: String?
    }

    static func parse(_ arn: String, type: String) throws(APIError) -> Parsed {
        let parts = (ASCIIWords.split(arn, omittingEmpty: false, maxSplits: 7, where: { $0 == UInt8(ascii: ":") })
            ?? arn.split(separator: ":", maxSplits: 7, omittingEmptySubsequences: false)).map(String.init)
        guard parts.count >= 7, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "states",
              !parts[3].isEmpty, parts[4].count == 12, parts[4].allSatisfy(\.isNumber) else {
            throw .invalidArn(arn, "Resource type not valid in this context")
        }
        guard parts[5] == type else { throw .invalidArn(arn, "Resource type not valid in this context") }
        guard !parts[6].isEmpty else { throw .invalidArn(arn) }
        return Parsed(region: parts[3], account: parts[4], type: parts[5], name: parts[6], rest: parts.count > 7 ? parts[7] : nil)
    }

    static func stateMachineArn(region: String, account: String, name: String) -> String {
        "arn:aws:states:\(region):\(account):stateMachine:\(name)"
    }

    static func activityArn(region: String, account: String, name: String) -> String {
        "arn:aws:states:\(region):\(account):activity:\(name)"
    }
}
