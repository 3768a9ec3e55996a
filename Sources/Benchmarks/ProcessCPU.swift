import Foundation

/// CPU time of processes on this machine, read from `/proc` (Linux): the benchmarks divide it by
/// the executions run, a figure steadier than executions/s on a shared machine.
public enum ProcessCPU {
    /// User plus system CPU seconds of process `pid` so far (0 if it is gone).
    public static func seconds(pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return 0 }
        // Fields after "(comm)": state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / ticksPerSecond
    }

    /// The summed CPU seconds of `pids`.
    public static func seconds(pids: [Int32]) -> Double { pids.reduce(0) { $0 + seconds(pid: $1) } }

    /// The processes whose command name is `name` (`postgres`, `beam.smp`).
    public static func pids(named name: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
            return comm.trimmingCharacters(in: .whitespacesAndNewlines) == name
        }
    }

    /// The process listening on TCP `port` (the broker of a benchmark's URL), found through the
    /// listening socket's inode; nil when none is visible.
    public static func listener(port: Int) -> Int32? {
        let hexPort = String(format: ":%04X", port)
        var inodes = Set<String>()
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            let lines = ((try? String(contentsOfFile: table, encoding: .utf8)) ?? "").split(separator: "\n").dropFirst()
            for line in lines {
                let f = line.split(separator: " ")
                // local_address, rem_address, st (0A = LISTEN), ..., inode is field 10.
                guard f.count > 9, f[1].hasSuffix(hexPort), f[3] == "0A" else { continue }
                inodes.insert(String(f[9]))
            }
        }
        guard !inodes.isEmpty else { return nil }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for pid in entries.compactMap(Int32.init) {
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
            for fd in fds {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
                      target.hasPrefix("socket:[") else { continue }
                if inodes.contains(String(target.dropFirst(8).dropLast())) { return pid }
            }
        }
        return nil
    }

    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// CPU seconds of a set of processes between two points of a run.
public struct CPUMeter: Sendable {
    private let read: @Sendable () -> Double
    private let start: Double

    /// Starts measuring what `read` returns (cumulative CPU seconds).
    public init(_ read: @escaping @Sendable () -> Double) {
        self.read = read
        start = read()
    }

    /// CPU seconds since the meter was made.
    public var elapsed: Double { read() - start }

    /// The PostgreSQL server's processes (every backend, the WAL writer, the checkpointer).
    /// Backends that exit during the run take their time with them: the benchmarks keep their
    /// connection pools open throughout.
    public static func postgres() -> CPUMeter {
        CPUMeter { ProcessCPU.seconds(pids: ProcessCPU.pids(named: "postgres")) }
    }

    /// The broker listening on `port`; nil when it cannot be found.
    public static func broker(port: Int) -> CPUMeter? {
        guard let pid = ProcessCPU.listener(port: port) else { return nil }
        return CPUMeter { ProcessCPU.seconds(pid: pid) }
    }

    /// This process.
    public static func current() -> CPUMeter {
        CPUMeter { ProcessCPU.seconds(pid: getpid()) }
    }
}
