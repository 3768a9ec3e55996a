public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Dates as the console and the JSON logs write them.
public enum Timestamps {
    /// `2026-12-06T02:53:03.584Z` (UTC, milliseconds), without a formatter object per call (a
    /// console page of 1,000 rows spent most of its time making them).
    public static func iso8601(_ d: Date) -> String {
        let millis = Int64((d.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millis / 1000)
        var t = tm()
        gmtime_r(&seconds, &t)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let ms = Int(millis % 1000)
        let fraction = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(t.tm_year + 1900)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))T\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec)).\(fraction)Z"
    }
}
