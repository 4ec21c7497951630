import CoprCore
import Foundation

/// Upstream's way of making a PyPI release's SRPM, for a builder that has its tools:
/// pyp2spec writes a spec (whose Source0 URL is then downloaded and packed as for a spec
/// URL), pyp2rpm packs the SRPM itself. Both read pypi.org on their own, as on upstream's
/// builders; their arguments are the task's checked fields.
struct PyPIUpstreamGenerator: Sendable {
    let context: BuildContext
    let source: PyPISource
    /// The tool's path.
    let tool: String

    func produceSRPM(sources: String, workDirectory: String) async throws -> String {
        let version = source.version.isEmpty ? [] : ["-v", source.version]
        let timeout = context.config.timings.toolTimeout
        if source.specGenerator == "pyp2rpm" {
            let output = workDirectory + "/pyp2rpm"
            try Directories.recreate(output)
            var arguments = [source.name, "--srpm", "-d", output] + version
            if !source.specTemplate.isEmpty { arguments += ["-t", source.specTemplate] }
            for (index, python) in source.pythonVersions.enumerated() { arguments += [index == 0 ? "-b" : "-p", python] }
            try await context.runner.run(tool, arguments, workingDirectory: output, timeout: timeout)
            return try only(Directories.files(in: output, endingWith: ".src.rpm"), "pyp2rpm", "SRPM")
        }
        try await context.runner.run(tool, [source.name, "--fedora-compliant", "--automode"] + version, workingDirectory: sources, timeout: timeout)
        let spec = try only(Directories.files(in: sources, endingWith: ".spec"), "pyp2spec", "spec")
        try await SpecSources(context: context).fetchMissing(spec: spec, sourceDirectory: sources, boundary: sources)
        return try await SRPMPackager(context: context).pack(spec: spec, sourceDirectory: sources, workDirectory: workDirectory)
    }

    private func only(_ files: [String], _ tool: String, _ kind: String) throws -> String {
        guard files.count == 1 else {
            throw CoprRPMBuildError.commandFailed(command: tool, status: "it produced \(files.count) \(kind) files instead of one")
        }
        return files[0]
    }
}
