import CoprCore

/// Builds with mock, as Fedora builders do: a child config per task (``MockConfig``) and
/// `mock --rebuild` writing RPMs and logs (`build.log`, `root.log`, `state.log`) straight
/// into the results directory.
public struct MockBuilder: PackageBuilder {
    public let context: BuildContext
    /// `<mock_config_dir>/<chroot>.cfg`.
    public let chrootConfig: String
    public var name: String { "mock" }

    public func build(srpm: String, task: BuildTask, chroot: Chroot, workDirectory: String) async throws {
        let childConfig = workDirectory + "/child.cfg"
        try Directories.write(MockConfig(chrootConfig: chrootConfig, task: task).text, to: childConfig)
        let command = ["mock"] + arguments(srpm: srpm, task: task, childConfig: childConfig)
        let timeout = task.timeout.map { .seconds($0) } ?? context.config.timings.defaultBuildTimeout
        let run = { (command: [String]) in try await context.runner.run(command[0], Array(command.dropFirst()), timeout: timeout) }
        if task.enableNet {
            try await PrivateBuildNetwork(context: context).build(command, workDirectory: workDirectory, timeout: timeout, run)
        } else {
            try await run(command)
        }
    }

    /// The mock arguments (without the program name).
    public func arguments(srpm: String, task: BuildTask, childConfig: String) -> [String] {
        var arguments = ["-r", childConfig, "--rebuild", srpm,
                         "--resultdir", context.config.resultDir, "--uniqueext", String(task.buildID)]
        arguments += task.withOpts.flatMap { ["--with", $0] }
        arguments += task.withoutOpts.flatMap { ["--without", $0] }
        if task.enableNet { arguments.append("--enable-network") }
        return arguments
    }
}
