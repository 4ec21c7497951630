import Foundation

/// Packs a spec and its sources into an SRPM with `rpmbuild -bs`, in a private topdir and
/// rpm database inside the work directory, without network (the spec's macros are the
/// package's code).
public struct SRPMPackager: Sendable {
    public let context: BuildContext

    public func pack(spec: String, sourceDirectory: String, workDirectory: String) async throws -> String {
        let output = workDirectory + "/srpm"
        try Directories.recreate(output)
        try Directories.ensure(workDirectory + "/rpmdb")
        let command = try await NetworkIsolation(context: context).offline([
            "rpmbuild", "-bs", spec,
            "--define", "_topdir \(workDirectory)/rpmbuild",
            "--define", "_dbpath \(workDirectory)/rpmdb",
            "--define", "_sourcedir \(sourceDirectory)",
            "--define", "_specdir \(sourceDirectory)",
            "--define", "_srcrpmdir \(output)",
        ], purpose: "the spec's macros")
        try await context.runner.run(command[0], Array(command.dropFirst()), timeout: context.config.timings.toolTimeout)
        let produced = Directories.files(in: output, endingWith: ".src.rpm")
        guard produced.count == 1 else {
            throw CoprRPMBuildError.commandFailed(command: "rpmbuild -bs", status: "produced \(produced.count) SRPMs instead of one")
        }
        return produced[0]
    }
}
