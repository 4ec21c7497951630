import CoprCore

/// Runs the package's own code cut off the network: spec macros when a spec is parsed or
/// packed (always), and the build itself when the task says `enable_net: false`. Each such
/// command starts in a new, empty network namespace: `unshare --net` where the builder has
/// the privilege, else in a user namespace of its own that keeps the builder's uid
/// (`unshare --map-current-user --net`). Where neither works, the command runs with the
/// network and the log says so, unless `require_network_isolation` makes that a failure.
public struct NetworkIsolation: Sendable {
    public let context: BuildContext

    /// `command` as it must run offline; `purpose` names it for the log and the error.
    public func offline(_ command: [String], purpose: String) async throws -> [String] {
        if let prefix = await prefix() { return prefix + command }
        guard !context.config.requireNetworkIsolation else {
            throw CoprRPMBuildError.isolationUnavailable(
                "\(purpose) must run cut off the network, and `unshare --net` needs user namespaces or root")
        }
        context.logger.warning("This builder cannot cut \(purpose) off the network; it runs with network access")
        return command
    }

    /// The command prefix that isolates a command, or nil when isolation is impossible here.
    private func prefix() async -> [String]? {
        guard ProcessRunner.isAvailable("unshare") else { return nil }
        for prefix in [["unshare", "--net", "--"], ["unshare", "--map-current-user", "--net", "--"]] {
            let works = (try? await context.runner.capture(prefix[0], Array(prefix.dropFirst()) + ["true"],
                                                           timeout: .seconds(10), quiet: true)) != nil
            if works { return prefix }
        }
        return nil
    }
}
