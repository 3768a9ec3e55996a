import ASL
import Coordinator
import Foundation
import Messages
import Store

/// StartExecution, DescribeExecution, ListExecutions, StopExecution, GetExecutionHistory,
/// DescribeStateMachineForExecution.
enum ExecutionActions {
    /// AWS's payload limit for inputs and outputs.
    static let maximumPayload = 256 * 1024

    static func start(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let machine = try await StateMachineActions.loadForStart(p.string("stateMachineArn"), caller, ctx)
        let name = try p.optionalString("name") ?? Names.timeOrderedUUID()
        try Names.checkName(name)
        let input = try p.optionalString("input") ?? "{}"
        guard input.utf8.count <= maximumPayload else {
            throw .validation("1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144")
        }
        guard (try? JSON(parsing: input)) != nil else {
            throw APIError("InvalidExecutionInput", "Invalid State Machine Execution Input: 'make sure input is a valid json string.Input received: \(input)'")
        }
        if machine.status == .deleting { throw APIError("StateMachineDeleting", "State Machine Is Being Deleted: '\(machine.arn)'") }
        guard ctx.throttle.take(account: caller.account) else { throw APIError("ThrottlingException", "Rate exceeded") }
        do {
            let record = try await ctx.launcher.start(stateMachine: machine, name: name, input: input,
                                                      quota: ctx.quotas.quota(account: caller.account, nested: false))
            return .object(JSONObject([("executionArn", .string(record.arn)), ("startDate", Shapes.date(record.startDate))]))
        } catch let error as StoreError where error == .alreadyExists {
            // AWS: the same name and input while the execution runs give back the same execution.
            if let existing = error.existingExecution, existing.status == .running, existing.input == input {
                return .object(JSONObject([("executionArn", .string(existing.arn)), ("startDate", Shapes.date(existing.startDate))]))
            }
            let arn = ExecutionNames.executionArn(stateMachineArn: machine.arn, name: name)
            throw APIError("ExecutionAlreadyExists", "Execution Already Exists: '\(arn)'")
        } catch let error as StoreError where error == .limitExceeded {
            throw APIError("ExecutionLimitExceeded",
                           "The maximum number of running executions has been reached. Running execution count: \(error.message)")
        } catch let error as ExecutionLauncher.LaunchError {
            switch error {
            case .invalidInput(let m): throw APIError("InvalidExecutionInput", m)
            case .stateMachineDeleting(let arn): throw APIError("StateMachineDeleting", "State Machine Is Being Deleted: '\(arn)'")
            case .invalidDefinition(let m): throw APIError("InvalidDefinition", m)
            }
        } catch {
            throw .internalFailure("the store failed: \(error)")
        }
    }

    static func describe(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        Shapes.execution(try await load(p.string("executionArn"), caller, ctx))
    }

    static func describeStateMachine(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let execution = try await load(p.string("executionArn"), caller, ctx)
        let revision = try await ctx.store {
            try await ctx.store.getStateMachineRevision(arn: execution.stateMachineArn, revisionId: execution.stateMachineRevisionId)
        }
        return .object(JSONObject([
            ("stateMachineArn", .string(execution.stateMachineArn)),
            ("name", .string(ExecutionNames.stateMachineName(of: execution.stateMachineArn))),
            ("definition", .string(revision.definition)), ("roleArn", .string(revision.roleArn)),
            ("updateDate", Shapes.date(revision.creationDate)), ("revisionId", .string(revision.revisionId)),
            ("loggingConfiguration", .object(JSONObject([("level", .string("OFF")), ("includeExecutionData", .bool(false))]))),
            ("tracingConfiguration", .object(JSONObject([("enabled", .bool(false))]))),
        ]))
    }

    static func list(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let machine = try await StateMachineActions.load(p.string("stateMachineArn"), caller, ctx)
        var status: ExecutionRecord.Status? = nil
        if let filter = try p.optionalString("statusFilter") {
            guard let s = ExecutionRecord.Status(rawValue: filter), filter != "PENDING_REDRIVE" else {
                throw .validation("1 validation error detected: Value '\(filter)' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [ABORTED, PENDING_REDRIVE, SUCCEEDED, FAILED, RUNNING, TIMED_OUT]")
            }
            status = s
        }
        let limit = try p.maxResults()
        let scope = "executions:\(machine.arn):\(status?.rawValue ?? "")"
        let position = try PageToken.decode(p.optionalString("nextToken"), account: caller.account, scope: scope)
        let page = try await ctx.store {
            try await ctx.store.listExecutions(ExecutionFilter(.stateMachine(machine.arn), status: status), page: PageRequest(limit: limit, token: position))
        }
        var o = JSONObject([("executions", .array(page.items.map(Shapes.executionListItem)))])
        if let next = page.nextToken { o["nextToken"] = .string(PageToken.encode(next, account: caller.account, scope: scope)) }
        return .object(o)
    }

    static func stop(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let execution = try await load(p.string("executionArn"), caller, ctx)
        let error = try p.optionalString("error")
        let cause = try p.optionalString("cause")
        try p.checkLength("error", error, 0...256)
        try p.checkLength("cause", cause, 0...32768)
        guard execution.status == .running else {
            return .object(JSONObject([("stopDate", Shapes.date(execution.stopDate ?? Date()))]))
        }
        try await ctx.signal(ExecutionSignal(executionArn: execution.arn, kind: .stop, error: error, cause: cause))
        // StopExecution answers once the execution is ABORTED (the owner applies the signal in milliseconds).
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let now = try await ctx.store { try await ctx.store.getExecution(arn: execution.arn) }
            if let stop = now.stopDate, now.status != .running { return .object(JSONObject([("stopDate", Shapes.date(stop))])) }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return .object(JSONObject([("stopDate", Shapes.date(Date()))]))
    }

    static func history(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let execution = try await load(p.string("executionArn"), caller, ctx)
        let limit = try p.maxResults()
        let reverse = try p.bool("reverseOrder", default: false)
        let includeData = try p.bool("includeExecutionData", default: true)
        let scope = "history:\(execution.arn):\(reverse)"
        let position = try PageToken.decode(p.optionalString("nextToken"), account: caller.account, scope: scope)
        var after: Int64? = nil
        if let position {
            guard let n = Int64(position) else { throw .invalidToken() }
            after = n
        }
        let events = try await ctx.store {
            try await ctx.store.history(HistoryQuery(executionArn: execution.arn, after: after, limit: limit + 1, reverse: reverse))
        }
        let shown = events.prefix(limit)
        var o = JSONObject([("events", .array(shown.map { Shapes.event($0, includeData: includeData) }))])
        if events.count > limit, let last = shown.last {
            o["nextToken"] = .string(PageToken.encode(String(last.id), account: caller.account, scope: scope))
        }
        return .object(o)
    }

    /// The caller's execution; another account's, or a missing one, does not exist.
    static func load(_ arn: String, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> ExecutionRecord {
        let parsed = try Names.parse(arn, type: "execution")
        guard parsed.rest != nil else { throw .invalidArn(arn, "Resource type not valid in this context") }
        guard parsed.account == caller.account else { throw .executionDoesNotExist(arn) }
        return try await ctx.fetch(.executionDoesNotExist(arn)) { try await ctx.store.getExecution(arn: arn) }
    }
}
