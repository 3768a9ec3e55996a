import Coordinator

/// AWS's naming rules and ARN shapes for Step Functions resources.
enum Names {
    /// A state machine, execution or activity name: 1–80 characters, none of AWS's forbidden ones
    /// (whitespace, `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /`, control characters).
    static func isValid(_ name: String) -> Bool {
        guard (1...80).contains(name.count) else { return false }
        for scalar in name.unicodeScalars {
            let v = scalar.value
            if v <= 0x1F || (0x7F...0x9F).contains(v) { return false }
            if scalar.properties.isWhitespace { return false }
            if "<>{}[]?*\"#%\\^|~`$&,;:/".unicodeScalars.contains(scalar) { return false }
        }
        return true
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
        let parts = arn.split(separator: ":", maxSplits: 7, omittingEmptySubsequences: false).map(String.init)
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
