import CoprCore
import Foundation

/// Reads package headers and specs with `rpm`/`rpmspec` (no database needed), and unpacks
/// the spec of an SRPM.
public struct RPMInspector: Sendable {
    public let context: BuildContext

    /// NEVRA of an RPM or SRPM file.
    public func package(at path: String) async throws -> PackageInfo {
        let output = try await context.runner.capture("rpm", [
            "-qp", "--nosignature", "--nodigest",
            "--qf", "%{NAME}\n%{EPOCH}\n%{VERSION}\n%{RELEASE}\n%{ARCH}\n%{SOURCERPM}\n", path,
        ], timeout: context.config.timings.toolTimeout, quiet: true)
        let fields = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 6 else {
            throw CoprRPMBuildError.commandFailed(command: "rpm -qp \(path)", status: "unreadable header")
        }
        return PackageInfo(name: fields[0], epoch: Int(fields[1]), version: fields[2], release: fields[3],
                           arch: fields[5] == "(none)" ? "src" : fields[4])
    }

    /// Unpacks the SRPM into a private topdir and returns the path of its spec file.
    public func extractSpec(from srpm: String, workDirectory: String) async throws -> String {
        let topdir = workDirectory + "/extracted"
        try Directories.recreate(topdir)
        try Directories.ensure(workDirectory + "/rpmdb")
        _ = try await context.runner.capture("rpm", [
            "-i", "--nosignature", "--nodigest",
            "--define", "_topdir \(topdir)", "--define", "_dbpath \(workDirectory)/rpmdb", srpm,
        ], timeout: context.config.timings.toolTimeout, quiet: true)
        guard let spec = Directories.files(in: topdir + "/SPECS", endingWith: ".spec").first else {
            throw CoprRPMBuildError.specNotFound("the SRPM \((srpm as NSString).lastPathComponent) contains no spec")
        }
        return spec
    }

    /// ExclusiveArch, ExcludeArch and BuildArch of a spec for each distribution
    /// (`fedora-41`, `epel-9`, ...), evaluated with that distribution's macros.
    public func architectureTags(spec: String, distributions: [String]) async throws -> [String: ArchitectureTags] {
        var result: [String: ArchitectureTags] = [:]
        for distribution in distributions {
            guard let dash = distribution.lastIndex(of: "-"), (try? TaskRules.token(distribution, field: "distribution")) != nil else {
                context.logger.warning("Ignoring distribution '\(TaskRules.shown(distribution))'")
                continue
            }
            let macros = DistMacros(distro: String(distribution[..<dash]),
                                    version: String(distribution[distribution.index(after: dash)...]),
                                    rawhideRelease: context.config.rawhideRelease)
            let query = try await NetworkIsolation(context: context).offline([
                "rpmspec", "-q", "--srpm", "--qf", "[%{EXCLUSIVEARCH} ]|[%{EXCLUDEARCH} ]|[%{BUILDARCHS} ]\n", spec,
            ] + macros.arguments, purpose: "the spec's macros")
            let output = try await context.runner.capture(
                query[0], Array(query.dropFirst()), timeout: context.config.timings.toolTimeout, quiet: true)
            let parts = output.split(separator: "\n").first.map { $0.split(separator: "|", omittingEmptySubsequences: false) } ?? []
            func words(_ index: Int) -> [String] {
                index < parts.count ? parts[index].split(separator: " ").map(String.init) : []
            }
            result[distribution] = ArchitectureTags(exclusivearch: words(0), excludearch: words(1), buildarch: words(2))
        }
        return result
    }
}
