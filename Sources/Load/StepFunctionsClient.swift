import AsyncHTTPClient
public import Foundation
public import JSONValue
import NIOCore
import NIOHTTP1

/// Calls a Step Functions endpoint (AWS JSON 1.0, SigV4) over kept-alive HTTP/1.1 connections.
public final class StepFunctionsClient: Sendable {
    /// An error answer: AWS's code (`ExecutionLimitExceeded`, `ThrottlingException`, ...) and message,
    /// or a transport failure (`code` empty).
    public struct CallError: Error, Sendable, CustomStringConvertible {
        public var code: String
        public var message: String
        public var status: Int

        public var description: String { code.isEmpty ? message : "\(code): \(message)" }
    }

    let endpoint: URL
    let host: String
    let signer: RequestSigner
    let http: HTTPClient

    /// - Parameters:
    ///   - endpoint: `http://127.0.0.1:8083` or an AWS endpoint.
    ///   - connections: Most connections kept to the endpoint.
    public init(endpoint: URL, credentials: AWSCredentials, region: String, connections: Int = 64) throws {
        guard let host = endpoint.host, endpoint.scheme == "http" || endpoint.scheme == "https" else {
            throw CallError(code: "", message: "the endpoint must be an http:// or https:// URL: \(endpoint)", status: 0)
        }
        self.endpoint = endpoint
        self.host = endpoint.port.map { "\(host):\($0)" } ?? host
        self.signer = RequestSigner(credentials: credentials, region: region)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(70))
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Calls `action` (`StartExecution`; `Stepwise.DescribeAccountQuota` for Stepwise's own) with `body`.
    /// - Throws: ``CallError``.
    public func call(_ action: String, _ body: JSON) async throws(CallError) -> JSON {
        let target = action.contains(".") ? action : "AWSStepFunctions." + action
        let bytes = body.serializedBytes()
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        for (name, value) in signer.headers(host: host, target: target, body: bytes, date: Date()) where name != "host" {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: bytes))
        let status: Int
        let text: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: .seconds(75))
            status = Int(response.status.code)
            text = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw CallError(code: "", message: "cannot reach \(endpoint): \(error)", status: 0)
        }
        let json = (try? JSON(parsing: String(buffer: text))) ?? .object(JSONObject())
        guard (200..<300).contains(status) else {
            let type = json["__type"]?.stringValue ?? "HTTP\(status)"
            let code = type.split(separator: "#").last.map(String.init) ?? type
            let message = json["message"]?.stringValue ?? json["Message"]?.stringValue ?? ""
            throw CallError(code: code, message: message, status: status)
        }
        return json
    }

    /// Closes the connections.
    public func shutdown() async {
        try? await http.shutdown()
    }
}
