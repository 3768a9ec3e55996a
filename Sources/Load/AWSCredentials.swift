public import Foundation

/// Credentials and region as the AWS CLI and SDKs find them: `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`/`AWS_DEFAULT_REGION`, else the profile
/// (`AWS_PROFILE`, default `default`) of `~/.aws/credentials` (`AWS_SHARED_CREDENTIALS_FILE`) and
/// `~/.aws/config` (`AWS_CONFIG_FILE`).
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// `KEY:SECRET` (the `--account` option).
    public init?(pair: String) {
        let parts = pair.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(accessKeyId: parts[0], secretAccessKey: parts[1])
    }

    /// The credentials and region of `environment`, or `nil` for either when none is set.
    public static func resolve(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (credentials: AWSCredentials?, region: String?)
    {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let profile = environment["AWS_PROFILE"] ?? "default"
        let files = INIFile.read(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials")
        let config = INIFile.read(environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config")
        let configSection = config[profile == "default" ? "default" : "profile " + profile] ?? [:]
        var credentials: AWSCredentials?
        if let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] {
            credentials = AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
        } else if let section = files[profile] ?? (configSection["aws_access_key_id"] != nil ? configSection : nil),
                  let key = section["aws_access_key_id"], let secret = section["aws_secret_access_key"] {
            credentials = AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: section["aws_session_token"])
        }
        let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? configSection["region"]
        return (credentials, region)
    }
}

/// The sections of an AWS INI file (`[name]`, `key = value`); a missing file has none.
enum INIFile {
    static func read(_ path: String) -> [String: [String: String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[current, default: [:]][key] = value
        }
        return sections
    }
}
