import Logging

/// A fixed set of builders from `[host:NAME]` sections, for farms without resalloc.
///
/// A host serves tasks whose requested tags it all has, up to `slots` at once. A task
/// waits for a free slot without polling; cancelling the wait takes effect at once.
public actor StaticHostPool: HostProvider {
    private let hosts: [HostsOptions.StaticHost]
    private var busy: [String: Int] = [:]
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0
    private var nextLease = 0

    public init(hosts: [HostsOptions.StaticHost]) {
        self.hosts = hosts
    }

    public func allocate(_ request: HostRequest, logger: Logger) async throws -> BuilderHost {
        let candidates = hosts.filter { Set(request.tags).isSubset(of: $0.tags) }
        guard !candidates.isEmpty else { throw NoMatchingHost(tags: request.tags) }
        while true {
            try Task.checkCancellation()
            let free = candidates.filter { busy[$0.name, default: 0] < $0.slots }
            if let host = free.first(where: { !request.avoid.contains($0.address) }) ?? free.first {
                busy[host.name, default: 0] += 1
                nextLease += 1
                var lease = BuilderHost(
                    hostname: host.address, port: host.port, name: host.name, user: host.user,
                    allocationID: "static-\(host.name)-\(nextLease)-\(UInt32.random(in: 0...UInt32.max))",
                    ticketID: nil, requestedTags: request.tags)
                lease.transport = host.transport
                return lease
            }
            logger.debug("All matching static hosts are busy, waiting for a free slot")
            await waitForRelease()
        }
    }

    public func release(_ host: BuilderHost, logger: Logger) {
        guard let name = host.name, let count = busy[name], count > 0 else { return }
        busy[name] = count - 1
        logger.info("Static host slot released", metadata: ["host": "\(name)"])
        let woken = waiters
        waiters.removeAll()
        for continuation in woken.values { continuation.resume() }
    }

    /// The slot is taken again, even beyond `slots` (the build runs there anyway);
    /// a host no longer configured is gone.
    public func reclaim(_ lease: BuilderHost, logger: Logger) -> BuilderHost? {
        guard let name = lease.name, let host = hosts.first(where: { $0.name == name && $0.address == lease.hostname }) else {
            logger.warning("The static host \(lease.name ?? lease.hostname) is no longer configured")
            return nil
        }
        busy[name, default: 0] += 1
        var reclaimed = lease
        reclaimed.transport = host.transport
        reclaimed.port = host.port
        reclaimed.user = host.user
        return reclaimed
    }

    public func builders() -> [BuilderSlots] {
        hosts.map { host in
            BuilderSlots(
                name: host.name, address: host.address, tags: host.tags.sorted(), slots: host.slots,
                busy: busy[host.name, default: 0], local: host.transport != .ssh)
        }
    }

    /// Suspends until any slot is released or the task is cancelled.
    private func waitForRelease() async {
        let id = nextWaiter
        nextWaiter += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
