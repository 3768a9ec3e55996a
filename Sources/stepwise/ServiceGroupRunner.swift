import ServiceLifecycle

/// Keeps the executable free of ServiceLifecycle details beyond running the group.
struct ServiceGroupRunner {
    let group: ServiceGroup
    init(_ group: ServiceGroup) { self.group = group }
    func run() async throws { try await group.run() }
}
