import Foundation
import JSONValue
import Synchronization

/// Follows started executions to their end without asking about each one.
///
/// Every `interval` it lists each state machine's ended executions by status (`ListExecutions`
/// with `statusFilter`, newest first, 1,000 a page) and stops paging at the first execution that
/// started before the oldest one still open: in a steady run it reads about the executions started
/// since the oldest open one, a few calls a second however many are started. This works on any
/// endpoint that speaks the AWS API.
final class ExecutionFollower: Sendable {
    struct Open {
        var machine: String
        var startMillis: Int64
    }

    private let open = Mutex<[String: Open]>([:])
    let statuses = ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]

    /// An execution the run started (`startMillis`: the server's start date).
    func track(_ arn: String, machine: String, startMillis: Int64) {
        open.withLock { $0[arn] = Open(machine: machine, startMillis: startMillis) }
    }

    var openCount: Int { open.withLock { $0.count } }

    /// One round: reads the ended executions of every machine with open ones and reports each that
    /// was open. Returns the calls it made.
    @discardableResult
    func poll(clients: [String: StepFunctionsClient], recorder: LoadRecorder) async -> Int {
        let oldest = open.withLock { all in
            Dictionary(grouping: all.values, by: \.machine).mapValues { $0.map(\.startMillis).min() ?? 0 }
        }
        var calls = 0
        for (machine, since) in oldest {
            guard let client = clients[machine] else { continue }
            for status in statuses {
                var token: String?
                repeat {
                    var body = JSONObject([("stateMachineArn", .string(machine)), ("statusFilter", .string(status)),
                                           ("maxResults", .int(1000))])
                    if let token { body["nextToken"] = .string(token) }
                    calls += 1
                    guard let page = try? await client.call("ListExecutions", .object(body)) else { break }
                    var older = false
                    for item in page["executions"]?.arrayValue ?? [] {
                        guard let arn = item["executionArn"]?.stringValue else { continue }
                        let start = Self.millis(item["startDate"])
                        if start < since { older = true }
                        let was = open.withLock { $0.removeValue(forKey: arn) }
                        if let was {
                            let stop = Self.millis(item["stopDate"])
                            recorder.finished(status: status, millis: max(0, stop - was.startMillis))
                        }
                    }
                    token = older ? nil : page["nextToken"]?.stringValue
                } while token != nil
            }
        }
        return calls
    }

    /// AWS JSON dates are seconds since 1970 as a number.
    static func millis(_ value: JSON?) -> Int64 {
        guard let seconds = value?.numberValue?.double else { return 0 }
        return Int64((seconds * 1000).rounded())
    }
}
