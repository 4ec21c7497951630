/// Cuts a build off the network when the task says `enable_net: false` and the builder runs
/// without mock, by starting rpmbuild in a new, empty network namespace (`unshare --net`).
/// This needs privileges; where they are missing the build runs with the network and the
/// log says so.
public struct NetworkIsolation: Sendable {
    public let context: BuildContext

    /// The command prefix that isolates the build, or nil when isolation is impossible here.
    public func prefix() async -> [String]? {
        guard CommandRunner.isAvailable("unshare") else { return nil }
        let works = (try? await context.runner.capture("unshare", ["--net", "--", "true"],
                                                         timeout: .seconds(10), quiet: true)) != nil
        return works ? ["unshare", "--net", "--"] : nil
    }
}
