import ASL
import Foundation
import Store

/// CreateStateMachine, DescribeStateMachine, UpdateStateMachine, DeleteStateMachine,
/// ListStateMachines, ValidateStateMachineDefinition.
enum StateMachineActions {
    static func create(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let name = try p.string("name")
        let definition = try p.string("definition")
        let roleArn = try p.string("roleArn")
        try Names.checkName(name)
        try p.checkLength("definition", definition, 1...1_048_576)
        try checkRole(roleArn)
        let kind = try type(p.optionalString("type"))
        try checkLogging(p.object["loggingConfiguration"])
        try checkDefinition(definition, kind)
        let arn = Names.stateMachineArn(region: ctx.region, account: caller.account, name: name)
        let now = Date()
        let record = StateMachineRecord(arn: arn, account: caller.account, name: name, kind: kind, definition: definition,
                                        roleArn: roleArn, creationDate: now, revisionId: Names.randomUUID())
        do {
            try await ctx.store.createStateMachine(record)
        } catch let error as StoreError where error == .alreadyExists {
            let existing = try await ctx.store { try await ctx.store.getStateMachine(arn: arn) }
            // AWS: the same definition and role make the call idempotent.
            guard existing.definition == definition, existing.roleArn == roleArn, existing.kind == kind else {
                throw APIError("StateMachineAlreadyExists", "State Machine Already Exists: '\(arn)'")
            }
            return .object(JSONObject([("stateMachineArn", .string(arn)), ("creationDate", Shapes.date(existing.creationDate))]))
        } catch {
            throw .internalFailure("the store failed: \(error)")
        }
        try await TagActions.apply(p.object["tags"], to: arn, ctx)
        return .object(JSONObject([("stateMachineArn", .string(arn)), ("creationDate", Shapes.date(record.creationDate))]))
    }

    static func describe(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let machine = try await load(p.string("stateMachineArn"), caller, ctx)
        return Shapes.stateMachine(machine)
    }

    static func update(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let machine = try await load(p.string("stateMachineArn"), caller, ctx)
        let definition = try p.optionalString("definition")
        let roleArn = try p.optionalString("roleArn")
        guard definition != nil || roleArn != nil || p.object["loggingConfiguration"] != nil || p.object["tracingConfiguration"] != nil else {
            throw APIError("MissingRequiredParameter", "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified")
        }
        try checkLogging(p.object["loggingConfiguration"])
        if let definition { try checkDefinition(definition, machine.kind) }
        if let roleArn { try checkRole(roleArn) }
        if machine.status == .deleting { throw APIError("StateMachineDeleting", "State Machine Is Being Deleted: '\(machine.arn)'") }
        let now = Date()
        defer { ctx.machines.forget(machine.arn) }
        let updated = try await ctx.store {
            try await ctx.store.updateStateMachine(StateMachineUpdate(
                arn: machine.arn, revisionId: Names.randomUUID(), definition: definition, roleArn: roleArn, date: now))
        }
        return .object(JSONObject([("updateDate", Shapes.date(updated.updateDate)), ("revisionId", .string(updated.revisionId))]))
    }

    static func delete(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let arn = try p.string("stateMachineArn")
        let parsed = try Names.parse(arn, type: "stateMachine")
        guard parsed.account == caller.account, parsed.rest == nil else { return .object(JSONObject()) }
        defer { ctx.machines.forget(arn) }
        do {
            try await ctx.store.deleteStateMachine(arn: arn)
        } catch let error as StoreError where error == .notFound {
            // AWS answers DeleteStateMachine on a missing machine with success.
        } catch {
            throw .internalFailure("the store failed: \(error)")
        }
        return .object(JSONObject())
    }

    static func list(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let limit = try p.maxResults()
        let position = try PageToken.decode(p.optionalString("nextToken"), account: caller.account, scope: "stateMachines")
        let page = try await ctx.store { try await ctx.store.listStateMachines(account: caller.account, page: PageRequest(limit: limit, token: position)) }
        var o = JSONObject([("stateMachines", .array(page.items.map(Shapes.stateMachineListItem)))])
        if let next = page.nextToken { o["nextToken"] = .string(PageToken.encode(next, account: caller.account, scope: "stateMachines")) }
        return .object(o)
    }

    static func validate(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let definition = try p.string("definition")
        try p.checkLength("definition", definition, 1...1_048_576)
        let kind = try type(p.optionalString("type"))
        let maxResults = try p.optionalInt("maxResults") ?? 100
        let severity = try p.optionalString("severity") ?? "ERROR"
        var diagnostics = StateMachineDefinition.validate(definition, type: kind == .express ? .express : .standard)
        if severity == "ERROR" { diagnostics = diagnostics.filter { $0.severity == .error } }
        let truncated = diagnostics.count > maxResults
        let shown = diagnostics.prefix(maxResults).map { d in
            JSON.object(JSONObject([("severity", .string(d.severity.rawValue)), ("code", .string(d.code)),
                                    ("message", .string(d.message)), ("location", .string(d.location))]))
        }
        let ok = !diagnostics.contains { $0.severity == .error }
        return .object(JSONObject([("result", .string(ok ? "OK" : "FAIL")), ("diagnostics", .array(Array(shown))),
                                   ("truncated", .bool(truncated))]))
    }

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
        let parsed = try Names.parse(arn, type: "stateMachine")
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
