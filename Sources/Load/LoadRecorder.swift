import Foundation
public import Histogram
import Synchronization

/// What a run has seen so far: counts, latency histograms (HdrHistogram, microseconds) and one
/// point per second. Shared by the starters, the follower and the progress line.
final class LoadRecorder: Sendable {
    struct State {
        var counts = LoadResult.Counts()
        /// StartExecution's response time, from when the start was due (open loop) or sent (closed).
        var startLatency = LoadRecorder.histogram()
        /// Start to end, from the server's start and stop dates.
        var endToEnd = LoadRecorder.histogram()
        /// This second's start latencies (for the per-second p99).
        var interval = LoadRecorder.histogram()
        var series: [LoadResult.Second] = []
        /// Per account (by client index), when the run has several.
        var accounts: [LoadResult.Account] = []
        var last = LoadResult.Second(t: 0)
    }

    private let state: Mutex<State>

    /// `accessKeyIds`: the run's accounts, in client order (figures are kept per account when there are several).
    init(accessKeyIds: [String] = []) {
        var initial = State()
        if accessKeyIds.count > 1 { initial.accounts = accessKeyIds.map(LoadResult.Account.init) }
        state = Mutex(initial)
    }

    static func histogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    /// A start the endpoint accepted, `micros` after it was due.
    func started(micros: UInt64, account: Int = 0) {
        state.withLock { s in
            s.counts.started += 1
            if account < s.accounts.count { s.accounts[account].started += 1 }
            s.last.starts += 1
            _ = s.startLatency.record(max(1, micros))
            _ = s.interval.record(max(1, micros))
        }
    }

    /// A start the endpoint refused with `code` (empty: it could not be reached).
    func refused(code: String, micros: UInt64, account: Int = 0) {
        state.withLock { s in
            let mine = account < s.accounts.count
            switch code {
            case "ExecutionLimitExceeded":
                s.counts.limitExceeded += 1; s.last.limitExceeded += 1
                if mine { s.accounts[account].limitExceeded += 1 }
            case "ThrottlingException":
                s.counts.throttled += 1; s.last.throttled += 1
                if mine { s.accounts[account].throttled += 1 }
            default:
                s.counts.otherErrors[code.isEmpty ? "unreachable" : code, default: 0] += 1
                if mine { s.accounts[account].otherErrors += 1 }
            }
            _ = s.interval.record(max(1, micros))
        }
    }

    /// An execution ended with `status` after `millis` (server time).
    func finished(status: String, millis: Int64) {
        state.withLock { s in
            s.counts.finished[status, default: 0] += 1
            s.last.finishes += 1
            _ = s.endToEnd.record(UInt64(max(1, millis)) * 1000)
        }
    }

    /// A round of following: `calls` ListExecutions calls that listed `listed` executions.
    func followed(calls: Int, listed: Int) {
        state.withLock { s in
            s.counts.followCalls += calls
            s.counts.followListed += listed
        }
    }

    /// Closes second `t` with each account's open count and limit from the endpoint, when it tells
    /// them (one entry per account; the point shows their sums).
    func tick(t: Double, open: [Int?], limit: [Int?], tokens: Double?) -> LoadResult.Second {
        state.withLock { s in
            var point = s.last
            point.t = t
            let known = open.compactMap { $0 }
            point.open = known.isEmpty ? (s.counts.started - s.counts.finished.values.reduce(0, +)) : known.reduce(0, +)
            let limits = limit.compactMap { $0 }
            point.limit = limits.isEmpty ? nil : limits.reduce(0, +)
            point.tokens = tokens
            if s.interval.totalCount > 0 {
                point.p50Micros = s.interval.valueAtPercentile(50)
                point.p90Micros = s.interval.valueAtPercentile(90)
                point.p99Micros = s.interval.valueAtPercentile(99)
            }
            if !s.accounts.isEmpty {
                point.accountOpen = open
                point.accountLimit = limit
                for (i, n) in open.enumerated() where i < s.accounts.count {
                    if let n { s.accounts[i].maxOpen = max(s.accounts[i].maxOpen ?? 0, n) }
                    if let l = limit[i] { s.accounts[i].limit = l }
                }
            }
            s.series.append(point)
            s.last = LoadResult.Second(t: t)
            s.interval.reset()
            return point
        }
    }

    var counts: LoadResult.Counts { state.withLock { $0.counts } }

    /// Everything recorded, for the result.
    func snapshot() -> State { state.withLock { $0 } }
}
