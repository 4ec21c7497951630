import CoprCore
import Foundation

/// Runs a build that has `enable_net` in a network of its own when `private_build_network`
/// says so (a local builder, which shares its machine with the backend): it reaches the
/// outside world through slirp4netns, and nothing of this machine. What is set up is
/// decided by ``PrivateNetworkPlan``; this type only runs its commands, each within a time
/// limit, and stops slirp4netns and the namespace's holder when the build ends, however
/// it ends.
///
/// When the network cannot be made, `require_network_isolation` makes the build fail with
/// the reason in its log; without it the build runs in the builder's own network and the
/// log says so.
public struct PrivateBuildNetwork: Sendable {
    public let context: BuildContext
    /// The limit of each setup step: the namespace appearing, slirp4netns configuring it,
    /// one route.
    static let stepTimeout: Duration = .seconds(20)
    static let pollInterval: Duration = .milliseconds(50)
    static let tools = ["unshare", "nsenter", "ip", "slirp4netns"]

    public init(context: BuildContext) {
        self.context = context
    }

    /// Runs the build `command` (of a task with `enable_net`) through `run`: in the private
    /// network when the builder's configuration asks for one, else as it is. The network
    /// lasts at most a minute longer than the build's `timeout`.
    public func build(_ command: [String], workDirectory: String, timeout: Duration, _ run: ([String]) async throws -> Void) async throws {
        guard context.config.privateBuildNetwork else { return try await run(command) }
        try await self.run(workDirectory: workDirectory, lifetime: timeout + .seconds(60)) { prefix in try await run(prefix + command) }
    }

    /// Runs `body` with the prefix that puts a command into the private network (empty
    /// when it is unavailable and not required); the network lasts until `body` returned,
    /// at most `lifetime`. `workDirectory` receives the holder's pid file and the
    /// namespace's resolver configuration.
    public func run<T: Sendable>(workDirectory: String, lifetime: Duration, _ body: ([String]) async throws -> T) async throws -> T {
        let started: Started
        do {
            started = try await start(workDirectory: workDirectory, lifetime: lifetime)
        } catch let failure as SetupFailure {
            guard !context.config.requireNetworkIsolation else {
                throw CoprRPMBuildError.isolationUnavailable("the build (enable_net is on) must have a network of its own, away from this machine's services, and \(failure.reason)")
            }
            context.logger.warning("The build cannot have a network of its own (\(failure.reason)); it runs with this builder's network")
            return try await body([])
        }
        context.logger.info("The build runs in a network of its own (\(started.plan.network) through slirp4netns); this machine's addresses and forbidden networks are unreachable from it")
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(started.plan.prefix(pid: started.pid)))
        } catch {
            outcome = .failure(error)
        }
        await started.stop()
        return try outcome.get()
    }

    /// The running network: its plan, the holder's pid, and the two processes to stop.
    struct Started: Sendable {
        let plan: PrivateNetworkPlan
        let pid: Int32
        let processes: [Task<ProcessOutput, any Error>]

        /// Stops slirp4netns and the holder, and returns once both ended.
        func stop() async {
            for process in processes.reversed() {
                process.cancel()
                _ = await process.result
            }
        }
    }

    /// Why the network could not be made, as the end of a sentence.
    struct SetupFailure: Error {
        let reason: String
    }

    /// Makes the namespace, starts slirp4netns and adds the routes; on failure stops what
    /// it started.
    private func start(workDirectory: String, lifetime: Duration) async throws -> Started {
        if let missing = Self.tools.first(where: { !ProcessRunner.isAvailable($0) }) {
            throw SetupFailure(reason: "\(missing) is missing (Debian packages util-linux, iproute2 and slirp4netns)")
        }
        let addresses: [IPAddress]
        do {
            addresses = try InterfaceAddresses.current()
        } catch {
            throw SetupFailure(reason: "this machine's addresses cannot be listed: \(error)")
        }
        let plan: PrivateNetworkPlan
        do {
            plan = try PrivateNetworkPlan(
                forbiddenNetworks: context.config.forbiddenNetworks, machineAddresses: addresses, uid: getuid(), gid: getgid())
        } catch {
            throw SetupFailure(reason: error.description)
        }
        let pidFile = workDirectory + "/private-network.pid", resolverFile = workDirectory + "/private-network-resolv.conf"
        try? FileManager.default.removeItem(atPath: pidFile)
        do {
            try plan.resolverConfiguration.write(toFile: resolverFile, atomically: true, encoding: .utf8)
        } catch {
            throw SetupFailure(reason: "\(resolverFile) cannot be written: \(error)")
        }
        var processes = [background(plan.holder(pidFile: pidFile, resolverFile: resolverFile), lifetime: lifetime)]
        do {
            let pid = try await poll("the namespace did not appear (see unshare's message above)") {
                (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
            processes.append(background(plan.slirp(pid: pid), lifetime: lifetime))
            let readiness = plan.readiness(pid: pid)
            _ = try await poll("slirp4netns did not configure the namespace (see its message above; it needs /dev/net/tun)") {
                let output = try? await context.runner.capture(readiness[0], Array(readiness.dropFirst()), timeout: Self.stepTimeout, quiet: true)
                return output.map(plan.isReady) == true ? true : nil
            }
            for command in plan.setup(pid: pid) {
                do {
                    _ = try await context.runner.capture(command[0], Array(command.dropFirst()), timeout: Self.stepTimeout, quiet: true)
                } catch {
                    throw SetupFailure(reason: "a route could not be added: \(error)")
                }
            }
            return Started(plan: plan, pid: pid, processes: processes)
        } catch {
            await Started(plan: plan, pid: 0, processes: processes).stop()
            throw error
        }
    }

    /// A process that runs until cancelled, at most `lifetime`, then gets SIGTERM (slirp4netns
    /// ignores the SIGINT that starts the agent's usual escalation) and SIGKILL.
    private func background(_ command: [String], lifetime: Duration) -> Task<ProcessOutput, any Error> {
        context.logger.debug("Running: \(ShellQuoting.join(command))")
        let runner = ProcessRunner(stop: .terminate(grace: context.config.timings.timeoutSignalStep))
        return Task {
            try await runner.capture(command[0], Array(command.dropFirst()), timeout: lifetime, standardError: .inherited)
        }
    }

    /// Asks `probe` every ``pollInterval`` until it answers, within ``stepTimeout``.
    private func poll<Value: Sendable>(_ failure: String, _ probe: () async -> Value?) async throws -> Value {
        let deadline = ContinuousClock.now + Self.stepTimeout
        while ContinuousClock.now < deadline {
            if let value = await probe() { return value }
            try await Task.sleep(for: Self.pollInterval)
        }
        throw SetupFailure(reason: "\(failure) within \(Self.stepTimeout)")
    }
}
