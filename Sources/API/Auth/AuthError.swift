/// Why a request failed AWS Signature Version 4 authentication, as AWS answers it on the JSON protocol.
///
/// `code` is the short error name; on the wire it goes into `__type`, which AWS's own front end prefixes with
/// `com.amazon.coral.service#` (SDKs keep what follows the `#`). Every one of these is answered with HTTP 400 by the
/// AWS JSON 1.0 services (Step Functions, DynamoDB...), unlike the query protocol's 403.
public struct AuthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error name, e.g. `InvalidSignatureException`.
    public var code: String
    /// AWS's message text.
    public var message: String
    /// The HTTP status to answer with.
    public var status: Int

    /// Creates an error.
    /// - Parameters:
    ///   - code: The error name, e.g. `InvalidSignatureException`.
    ///   - message: The message text.
    ///   - status: The HTTP status, 400 for every authentication error AWS's JSON protocol returns.
    public init(code: String, message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String { "\(code): \(message)" }

    /// The `__type` AWS's front end sends for this error.
    public var awsType: String { "com.amazon.coral.service#" + code }
}

extension AuthError {
    static let missingAuthenticationTokenCode = "MissingAuthenticationTokenException"
    static let incompleteSignatureCode = "IncompleteSignatureException"
    static let invalidSignatureCode = "InvalidSignatureException"
    static let unrecognizedClientCode = "UnrecognizedClientException"

    /// No `Authorization` header, or one that is not an `AWS4-` signature at all.
    public static let missingAuthenticationToken = AuthError(
        code: missingAuthenticationTokenCode, message: "Missing Authentication Token")

    /// The access key id is not one of the configured keys.
    public static let unrecognizedClient = AuthError(
        code: unrecognizedClientCode, message: "The security token included in the request is invalid.")

    /// The signature does not match the one computed from the request and the key's secret.
    public static let signatureMismatch = AuthError(
        code: invalidSignatureCode,
        message: "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")

    /// The `Authorization` header or the date is malformed or incomplete.
    static func incompleteSignature(_ message: String) -> AuthError {
        AuthError(code: incompleteSignatureCode, message: message)
    }

    /// The signature is well formed but cannot be valid (expired, scope or signed headers wrong).
    static func invalidSignature(_ message: String) -> AuthError {
        AuthError(code: invalidSignatureCode, message: message)
    }
}
