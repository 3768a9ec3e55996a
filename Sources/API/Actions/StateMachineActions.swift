import ASL
import Foundation
import JSONValue
import Store

/// CreateStateMachine, DescribeStateMachine, UpdateStateMachine, DeleteStateMachine,
/// ListStateMachines, ValidateStateMachineDefinition.
enum StateMachineActions {
    // MARK: helpers

    /// The caller's state machine; another account's, or a missing one, does not exist.
    static func load(_ arn: String, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> StateMachineRecord {
        try checkOwnArn(arn, caller)
        return try await ctx.fetch(.stateMachineDoesNotExist(arn)) { try await ctx.store.getStateMachine(arn: arn) }
    }

    /// ``load(_:_:_:)`` through the context's short-lived cache (for StartExecution only: see
    /// ``StateMachineCache``). The caller's account is checked on every call, cached or not.
    static func loadForStart(_ arn: String, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> StateMachineRecord {
        try checkOwnArn(arn, caller)
        let record = try await ctx.machines.record(arn) { () async throws(APIError) in
            try await ctx.fetch(.stateMachineDoesNotExist(arn)) { try await ctx.store.getStateMachine(arn: arn) }
        }
        guard record.account == caller.account else { throw .stateMachineDoesNotExist(arn) }
        return record
    }

    /// A state machine ARN of the caller's own account (another account's is "does not exist").
    private static func checkOwnArn(_ arn: String, _ caller: Caller) throws(APIError) {
        let parsed = try NameRules.parse(arn, type: "stateMachine")
        guard parsed.rest == nil else { throw .invalidArn(arn, "Resource type not valid in this context") }
        guard parsed.account == caller.account else { throw .stateMachineDoesNotExist(arn) }
    }

    static func type(_ text: String?) throws(APIError) -> StateMachineRecord.Kind {
        guard let text else { return .standard }
        guard let kind = StateMachineRecord.Kind(rawValue: text) else {
            throw .validation("1 validation error detected: Value '\(text)' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]")
        }
        return kind
    }

    /// `loggingConfiguration`: a level other than `OFF` needs exactly one log destination.
    static func checkLogging(_ value: JSON?) throws(APIError) {
        guard let value, !value.isNull else { return }
        let level = value["level"]?.stringValue ?? "OFF"
        guard ["ALL", "ERROR", "FATAL", "OFF"].contains(level) else {
            throw .validation("1 validation error detected: Value '\(level)' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]")
        }
        let destinations = value["destinations"]?.arrayValue ?? []
        if level != "OFF", destinations.count != 1 {
            throw APIError("InvalidLoggingConfiguration", "Invalid Logging Configuration: Must specify exactly one Log Destination.")
        }
    }

    static func checkRole(_ roleArn: String) throws(APIError) {
        let parts = roleArn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", parts[2] == "iam", parts[5].hasPrefix("role/") else {
            throw .invalidArn(roleArn, "Resource type not valid in this context")
        }
    }

    static func checkDefinition(_ text: String, _ kind: StateMachineRecord.Kind) throws(APIError) {
        do {
            _ = try StateMachineDefinition(parsing: text, type: kind == .express ? .express : .standard)
        } catch {
            throw APIError("InvalidDefinition", error.message)
        }
    }
}
