import Foundation

/// `nextToken` values: the store's position bound to the caller's account and the listing it
/// came from, so a token can neither be replayed against another listing nor another account.
enum PageToken {
    static func encode(_ position: String, account: String, scope: String) -> String {
        Data("\(account)\n\(scope)\n\(position)".utf8).base64EncodedString()
    }

    static func decode(_ token: String?, account: String, scope: String) throws(APIError) -> String? {
        guard let token else { return nil }
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8) else { throw .invalidToken() }
        let parts = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0] == account, parts[1] == scope else { throw .invalidToken() }
        return parts[2]
    }
}
