import Foundation
import JSONValue
import Store

/// The console's signed-in pages for one request: each reads the store (through the API actions'
/// own checks where there is one, so another account's resource does not exist) and renders.
struct ConsoleRoutes {
    let console: Console
    let session: ConsoleSession
    let caller: Caller
    let query: [String: String]

    private var ctx: APIContext { console.context }
    private var store: any ExecutionStore { console.context.store }

    private func page(_ body: ConsolePages.Body, status: Int = 200) -> HTTPServerResponse {
        console.page(status, body, session: session)
    }

    func executions() async throws(APIError) -> HTTPServerResponse {
        let q = ListPages.ExecutionsQuery(query)
        let machines = try await ctx.store { try await store.listStateMachines(account: caller.account, page: PageRequest(limit: 1000)) }.items
        switch q.filter(account: caller.account) {
        case .failure(let problem):
            return page(ListPages.executions(q, page: nil, counts: [:], machines: machines, problem: problem.message), status: 400)
        case .success(let filter):
            if let machine = q.machine { _ = try await StateMachineActions.load(machine, caller, ctx) }
            var unfiltered = filter
            unfiltered.status = nil
            do {
                let list = try await store.listExecutions(filter, page: PageRequest(limit: q.size, token: q.next))
                let counts = try await store.executionCounts(unfiltered)
                return page(ListPages.executions(q, page: list, counts: counts, machines: machines, problem: nil))
            } catch let error as StoreError where error == .invalidArgument {
                return page(ListPages.executions(q, page: nil, counts: [:], machines: machines, problem: "The page link is not valid any more."), status: 400)
            } catch {
                throw .internalFailure("the store failed: \(error)")
            }
        }
    }

    func execution(_ arn: String) async throws(APIError) -> HTTPServerResponse {
        let record = try await ExecutionActions.load(arn, caller, ctx)
        let input = try await ctx.store { () async throws -> ExecutionPage.Input in
            let revision = try? await store.getStateMachineRevision(arn: record.stateMachineArn, revisionId: record.stateMachineRevisionId)
            // AWS keeps at most 25,000 events; the graph's colours need all of them, the table shows a page.
            let events = try await store.history(HistoryQuery(executionArn: arn, limit: 25_000))
            let children = try await store.listExecutions(ExecutionFilter(.children(of: arn)), page: PageRequest(limit: ExecutionPage.childrenPerPage))
            let ancestors = try await store.ancestors(of: arn)
            return ExecutionPage.Input(
                record: record, definition: revision.flatMap { try? JSON(parsing: $0.definition) }, events: events,
                eventsPage: Int(query["events"] ?? "") ?? 1, ancestors: ancestors, children: children,
                childStatusCounts: children.items.isEmpty ? [:] : try await store.executionCounts(ExecutionFilter(.children(of: arn))),
                grandchildCounts: try await store.childCounts(of: (ancestors + children.items).map(\.arn)))
        }
        return page(ExecutionPage.body(input))
    }

    func stop(_ arn: String) async throws(APIError) -> HTTPServerResponse {
        let body = JSON.object(JSONObject([("executionArn", .string(arn)), ("cause", .string("Stopped from the console."))]))
        _ = try await ExecutionActions.stop(try RequestMembers(body.serializedBytes()), caller, ctx)
        return Console.redirect(ConsolePages.link(arn))
    }

    func stateMachines() async throws(APIError) -> HTTPServerResponse {
        let list = try await ctx.store {
            try await store.listStateMachines(account: caller.account, page: PageRequest(limit: 100, token: query["next"]))
        }
        return page(ListPages.stateMachines(list, nextLink: list.nextToken.map { "/console/state-machines?" + ConsolePages.query([("next", $0)]) }))
    }

    func stateMachine(_ arn: String, problem: String?, form: [String: String]) async throws(APIError) -> HTTPServerResponse {
        let machine = try await StateMachineActions.load(arn, caller, ctx)
        let (executions, counts) = try await ctx.store {
            (try await store.listExecutions(.stateMachine(arn), page: PageRequest(limit: 25)).items,
             try await store.executionCounts(.stateMachine(arn)))
        }
        return page(ListPages.stateMachine(machine, executions: executions, counts: counts, problem: problem, form: form),
                    status: problem == nil ? 200 : 400)
    }

    /// Starts an execution as StartExecution does; a refusal (bad input, a taken name, the limit)
    /// is shown on the state machine's page with AWS's error code.
    func start(_ arn: String, _ form: [String: String]) async throws(APIError) -> HTTPServerResponse {
        var request = JSONObject([("stateMachineArn", .string(arn)), ("input", .string(form["input"] ?? "{}"))])
        if let name = form["name"], !name.isEmpty { request["name"] = .string(name) }
        do {
            let started = try await ExecutionActions.start(try RequestMembers(JSON.object(request).serializedBytes()), caller, ctx)
            return Console.redirect(ConsolePages.link(started["executionArn"]?.stringValue ?? ""))
        } catch where !error.code.hasSuffix("DoesNotExist") && error.code != "InvalidArn" {
            return try await stateMachine(arn, problem: "\(error.code): \(error.message)", form: form)
        }
    }

    func quotas() async throws(APIError) -> HTTPServerResponse {
        page(ListPages.quotas(try await QuotaActions.describe(try RequestMembers([]), caller, ctx)))
    }

    /// A page of an execution's children as tree items (for a node opened, or "more children").
    func tree(_ arn: String) async throws(APIError) -> HTTPServerResponse {
        let parent = try await ExecutionActions.load(arn, caller, ctx)
        let (children, counts): (Page<ExecutionRecord>, [String: Int])
        do {
            children = try await store.listExecutions(ExecutionFilter(.children(of: parent.arn)), page: PageRequest(limit: ExecutionPage.childrenPerPage, token: query["next"]))
            counts = try await store.childCounts(of: children.items.map(\.arn))
        } catch let error as StoreError where error == .invalidArgument {
            throw APIError("InvalidToken", "The page link is not valid any more.")
        } catch {
            throw .internalFailure("the store failed: \(error)")
        }
        let html = ListPages.treeFragment(parent.arn, page: children, grandchildCounts: counts, indent: Int(query["indent"] ?? "") ?? 0)
        return HTTPServerResponse(status: 200, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }
}
