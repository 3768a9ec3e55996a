import JSONValue
public import Messages
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Worker {
    /// Registers a handler that takes and returns `Codable` values (through Foundation's JSON coders).
    ///
    /// Input that does not decode into `Input` fails the Task with ``WorkerErrors/invalidInput``.
    /// - Parameters:
    ///   - name: The activity or function name.
    ///   - kinds: Serve the function, the activity, or both (default).
    ///   - input: The input type.
    ///   - handler: Runs one invocation.
    public mutating func handle<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ name: String, kinds: Set<TaskTarget.Kind> = [.function, .activity], input: Input.Type,
        _ handler: @escaping @Sendable (Input, TaskContext) async throws -> Output
    ) {
        handle(name, kinds: kinds) { json, context in
            let value: Input
            do {
                value = try JSONDecoder().decode(Input.self, from: Data(json.serializedBytes()))
            } catch {
                throw TaskFailure(error: WorkerErrors.invalidInput, cause: "input does not decode as \(Input.self): \(error)")
            }
            let output = try await handler(value, context)
            let data = try JSONEncoder().encode(output)
            return try JSON(parsing: [UInt8](data))
        }
    }
}
