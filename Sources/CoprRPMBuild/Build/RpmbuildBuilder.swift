import CoprCore
import Foundation

/// Builds with `rpmbuild --rebuild` in a private topdir and rpm database, for machines
/// without mock. The host's rpm database does not describe the build dependencies (on
/// Debian it is empty), so dependencies are not checked (`--nodeps`); the BuildRequires
/// that the task's repositories provide are unpacked and shown to the build
/// (``BuildDependencies``); the chroot's distribution is imitated with `%dist` and its
/// version macro.
public struct RpmbuildBuilder: PackageBuilder {
    public let context: BuildContext
    public var name: String { "rpmbuild" }

    public func build(srpm: String, task: BuildTask, chroot: Chroot, workDirectory: String) async throws {
        let topdir = workDirectory + "/rpmbuild"
        try Directories.ensure(workDirectory + "/rpmdb")
        try Directories.ensure(topdir + "/tmp")
        let dependencies = try await BuildDependencies(context: context).prepare(srpm: srpm, task: task, workDirectory: workDirectory)
        let command = dependencies + ["rpmbuild"] + arguments(srpm: srpm, task: task, chroot: chroot, topdir: topdir,
                                               dbpath: workDirectory + "/rpmdb")
        for setting in Self.unhonoured(task) { context.logger.warning("\(setting)") }
        if !task.buildrootPkgs.isEmpty {
            context.logger.warning("buildroot_pkgs (\(task.buildrootPkgs.joined(separator: " "))) need mock; building without them")
        }
        let timeout = task.timeout.map { .seconds($0) } ?? context.config.timings.defaultBuildTimeout
        let run = { (command: [String]) in
            try await context.runner.run(command[0], Array(command.dropFirst()), timeout: timeout,
                                         teeFile: context.config.resultDir + "/build.log")
        }
        if task.enableNet {
            try await PrivateBuildNetwork(context: context).build(command, workDirectory: workDirectory, timeout: timeout, run)
        } else {
            try await run(NetworkIsolation(context: context).offline(command, purpose: "the build (enable_net is off)"))
        }
        for rpm in Directories.files(in: topdir + "/RPMS", endingWith: ".rpm") {
            try Directories.copy(rpm, into: context.config.resultDir)
        }
    }

    /// The rpmbuild arguments (without the program name).
    public func arguments(srpm: String, task: BuildTask, chroot: Chroot, topdir: String, dbpath: String) -> [String] {
        var arguments = ["--rebuild", srpm, "--nodeps",
                         "--define", "_topdir \(topdir)", "--define", "_dbpath \(dbpath)",
                         "--define", "_tmppath \(topdir)/tmp"]
        arguments += DistMacros(chroot: chroot, rawhideRelease: context.config.rawhideRelease).arguments
        let coprMacros = CoprMacros(task: task).defines
        arguments += coprMacros.keys.sorted().flatMap { ["--define", "\($0) \(coprMacros[$0]!)"] }
        arguments += task.withOpts.flatMap { ["--with", $0] }
        arguments += task.withoutOpts.flatMap { ["--without", $0] }
        return arguments
    }
}
