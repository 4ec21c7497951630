/// How many times a task may go to a builder: at most `maxHosts` distinct hosts and at
/// most `maxAttempts` attempts in total, so a pool that keeps handing out the same broken
/// host cannot loop forever (upstream counts distinct host names only).
public struct AttemptBudget: Sendable, Equatable, Codable {
    public let maxHosts: Int
    public let maxAttempts: Int
    public private(set) var attempts = 0
    public private(set) var hosts: [String] = []

    /// - Parameters:
    ///   - attempts, hosts: what earlier attempts used, for a build taken up after a restart.
    public init(maxHosts: Int, maxAttempts: Int, attempts: Int = 0, hosts: [String] = []) {
        self.maxHosts = maxHosts
        self.maxAttempts = maxAttempts
        self.attempts = attempts
        self.hosts = hosts
    }

    /// Records a failed attempt on `host` (nil when no host was reached).
    public mutating func recordFailure(on host: String?) {
        attempts += 1
        if let host, !hosts.contains(host) { hosts.append(host) }
    }

    /// Why no further attempt is allowed, or nil.
    public var exhausted: String? {
        if hosts.count >= maxHosts {
            return "\(hosts.count) hosts tried without success: \(hosts.joined(separator: ", "))"
        }
        if attempts >= maxAttempts {
            return "\(attempts) attempts without success on \(hosts.isEmpty ? "no host" : hosts.joined(separator: ", "))"
        }
        return nil
    }
}
