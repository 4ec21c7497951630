import CoprCore
import Foundation

/// An RPM task: get the SRPM (dist-git checkout or `srpm_url`), build it with mock or
/// rpmbuild, then publish the SRPM, the spec and `results.json` next to the RPMs.
public struct BinaryBuild: Sendable {
    public let context: BuildContext

    public init(context: BuildContext) { self.context = context }

    public func run(_ task: BuildTask) async throws {
        guard let name = task.chroot, let chroot = try? Chroot(name) else {
            throw CoprRPMBuildError.refusedTask("an RPM task needs a chroot")
        }
        let builder = try BuildMethodSelector(context: context).builder(for: chroot)
        let workDirectory = try context.workDirectory(for: task)
        let srpm = try await obtainSRPM(task, workDirectory: workDirectory)
        let inspector = RPMInspector(context: context)
        try TaskValidator.validatePackageName(try await inspector.package(at: srpm).name)
        let spec = try await inspector.extractSpec(from: srpm, workDirectory: workDirectory)
        context.logger.info("Building \((srpm as NSString).lastPathComponent) for \(chroot) with \(builder.name)")
        try await builder.build(srpm: srpm, task: task, chroot: chroot, workDirectory: workDirectory)
        try Directories.copy(spec, into: context.config.resultDir)
        if !FileManager.default.fileExists(atPath: context.config.resultDir + "/" + (srpm as NSString).lastPathComponent) {
            try Directories.copy(srpm, into: context.config.resultDir)
        }
        try ResultsFile.writeBinary(try await collectPackages(inspector), into: context.config.resultDir)
    }

    /// The SRPM from dist-git (`git_repo` + `git_hash`) when given, else from `srpm_url`:
    /// the SRPM the source build produced, which the backend reported and keeps in its
    /// results (on its own host, so only redirects are checked).
    private func obtainSRPM(_ task: BuildTask, workDirectory: String) async throws -> String {
        if let gitRepo = task.gitRepo, !gitRepo.isEmpty {
            return try await GitProvider(context: context, cloneURL: gitRepo, committish: task.gitHash,
                                         subdirectory: "", spec: nil).produceSRPM(in: workDirectory)
        }
        guard let url = task.srpmURL, !url.isEmpty else {
            throw CoprRPMBuildError.refusedTask("the task has neither git_repo nor srpm_url")
        }
        return try await SRPMLinkProvider(context: context, url: url, check: .afterFirstHop).produceSRPM(in: workDirectory)
    }

    /// Every RPM in the results directory, the SRPM included.
    private func collectPackages(_ inspector: RPMInspector) async throws -> [PackageInfo] {
        var packages: [PackageInfo] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: context.config.resultDir)) ?? []
        for name in names.sorted() where name.hasSuffix(".rpm") {
            packages.append(try await inspector.package(at: context.config.resultDir + "/" + name))
        }
        guard packages.contains(where: { $0.arch != "src" }) else {
            throw CoprRPMBuildError.commandFailed(command: "the build", status: "it produced no binary RPM")
        }
        return packages
    }
}
