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
        var last = LoadResult.Second(t: 0)
    }

    private let state = Mutex(State())

    static func histogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    /// A start the endpoint accepted, `micros` after it was due.
    func started(micros: UInt64) {
        state.withLock { s in
            s.counts.started += 1
            s.last.starts += 1
            _ = s.startLatency.record(max(1, micros))
            _ = s.interval.record(max(1, micros))
        }
    }

    /// A start the endpoint refused with `code` (empty: it could not be reached).
    func refused(code: String, micros: UInt64) {
        state.withLock { s in
            switch code {
            case "ExecutionLimitExceeded": s.counts.limitExceeded += 1; s.last.limitExceeded += 1
            case "ThrottlingException": s.counts.throttled += 1; s.last.throttled += 1
            default: s.counts.otherErrors[code.isEmpty ? "unreachable" : code, default: 0] += 1
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

    /// Closes second `t` with the endpoint's open count and limit, when known.
    func tick(t: Double, open: Int?, limit: Int?, tokens: Double?) -> LoadResult.Second {
        state.withLock { s in
            var point = s.last
            point.t = t
            point.open = open ?? (s.counts.started - s.counts.finished.values.reduce(0, +))
            point.limit = limit
            point.tokens = tokens
            if s.interval.totalCount > 0 {
                point.p50Micros = s.interval.valueAtPercentile(50)
                point.p90Micros = s.interval.valueAtPercentile(90)
                point.p99Micros = s.interval.valueAtPercentile(99)
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
