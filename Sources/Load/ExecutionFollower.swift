import Foundation
import JSONValue
import Synchronization

/// Follows started executions to their end without asking about each one.
///
/// Every round it lists each state machine's executions (`ListExecutions`, newest first, in pages
/// about the size of what may have ended since the last round, up to 1,000, no status filter) and stops paging at the first execution that started before the oldest
/// one still open; each listed execution that has ended (any status but RUNNING and PENDING) and was
/// open is reported. In a steady run a round reads about the executions started since the oldest
/// open one: a few calls a second however many are started, each execution listed about once. One
/// unfiltered list rather than one per status: a status filter makes a store walk past every
/// execution of the machine that does not match (all of them, for FAILED in a healthy run). This
/// works on any endpoint that speaks the AWS API.
final class ExecutionFollower: Sendable {
    struct Open {
        var machine: String
        var startMillis: Int64
    }

    private let open = Mutex<[String: Open]>([:])
    /// Starts tracked per machine since its last round (to size the next round's pages).
    private let fresh = Mutex<[String: Int]>([:])

    /// An execution the run started (`startMillis`: the server's start date).
    func track(_ arn: String, machine: String, startMillis: Int64) {
        open.withLock { $0[arn] = Open(machine: machine, startMillis: startMillis) }
        fresh.withLock { $0[machine, default: 0] += 1 }
    }

    var openCount: Int { open.withLock { $0.count } }

    /// One round: reads the ended executions of every machine with open ones and reports each that
    /// was open, and the calls it made and the executions they listed.
    func poll(clients: [String: StepFunctionsClient], recorder: LoadRecorder) async {
        let byMachine = open.withLock { all in
            Dictionary(grouping: all.values, by: \.machine).mapValues { ($0.map(\.startMillis).min() ?? 0, $0.count) }
        }
        let started = fresh.withLock { counts in
            defer { counts = [:] }
            return counts
        }
        var calls = 0, listed = 0
        for (machine, (since, openCount)) in byMachine {
            guard let client = clients[machine] else { continue }
            // Pages about the size of what may have ended since the last round (the executions open
            // then and those started since), so a slow run does not list the whole machine each round.
            let pageSize = min(1000, max(20, openCount + started[machine, default: 0] + 10))
            var token: String?
            repeat {
                var body = JSONObject([("stateMachineArn", .string(machine)), ("maxResults", .int(pageSize))])
                if let token { body["nextToken"] = .string(token) }
                calls += 1
                guard let page = try? await client.call("ListExecutions", .object(body)) else { break }
                var older = false
                let items = page["executions"]?.arrayValue ?? []
                listed += items.count
                for item in items {
                    let start = Self.millis(item["startDate"])
                    if start < since { older = true }
                    guard let arn = item["executionArn"]?.stringValue, let status = item["status"]?.stringValue,
                          status != "RUNNING" && status != "PENDING" else { continue }
                    if let was = open.withLock({ $0.removeValue(forKey: arn) }) {
                        recorder.finished(status: status, millis: max(0, Self.millis(item["stopDate"]) - was.startMillis))
                    }
                }
                token = older ? nil : page["nextToken"]?.stringValue
            } while token != nil
        }
        recorder.followed(calls: calls, listed: listed)
    }

    /// AWS JSON dates are seconds since 1970 as a number.
    static func millis(_ value: JSON?) -> Int64 {
        guard let seconds = value?.numberValue?.double else { return 0 }
        return Int64((seconds * 1000).rounded())
    }
}
