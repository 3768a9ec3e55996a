#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that nothing listens on right now, for a child process to bind.
///
/// Ports are drawn below Linux's ephemeral range (32768 and up), so an outgoing connection of
/// some other test cannot take the port between the probe and the child's bind; a probe bind
/// skips ports another test's server already holds.
public enum FreePort {
    public static func pick() -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: 15_000...32_000)
            if bindable(port) { return port }
        }
        return Int.random(in: 15_000...32_000)
    }

    static func bindable(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
