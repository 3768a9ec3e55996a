import Foundation
import NIOHTTP1

/// Who sent a request: the account of the access key whose Signature Version 4 verifies, or,
/// with verification off, the account of the key named in the `Authorization` header (the first
/// configured account when none is named).
struct RequestGate: Sendable {
    let keys: [AccessKey]
    let verify: Bool
    let verifier: SignatureVerifier

    init(keys: [AccessKey], verify: Bool) {
        self.keys = keys
        self.verify = verify
        self.verifier = SignatureVerifier(keys: keys)
    }

    func caller(for request: HTTPServerRequest) throws(APIError) -> Caller {
        guard verify else {
            let authorization = request.headers.first(name: "Authorization") ?? ""
            let named = keys.first { authorization.contains("Credential=\($0.id)/") }
            return Caller(account: named?.account ?? keys.first?.account ?? "123456789012")
        }
        switch verifier.verify(request, now: Date()) {
        case .success(let key): return Caller(account: key.account)
        case .failure(let error): throw APIError(error.code, error.message, status: error.status)
        }
    }
}
