import CoprCore
import Foundation

extension BuildWorker {
    /// After the host went back: the success check, signing, the repository, the build
    /// details for the final report, and the project's public key.
    func publish(_ run: BuildRun) async throws -> BuildLifecycle.Event {
        let job = run.job
        guard run.directory.hasSuccessFile else {
            throw BuildFailure("No success file => build failure")
        }
        let identity = SigningIdentity(
            owner: job.projectOwner, project: job.projectName ?? job.projectDirname, domain: configuration.backend.signDomain)
        if let signer = services.signer, !job.isSourceBuild {
            run.log.info("Signing built packages")
            try await signer.sign(rpms: run.directory.rpmFiles(), keyIdentity: identity, chroot: job.chroot)
        }
        if !job.isSourceBuild {
            run.log.info("Adding \(job.targetDirName) to the repository in \(job.chrootDir)")
            try await services.createrepo.add(.init(
                chrootDirectory: job.chrootDir, addedDirectory: job.targetDirName, devel: job.usesDevelRepo,
                baseURL: "\(job.resultsRepoURL)/\(job.chroot)"))
        }
        try await collectDetails(run)
        if let signer = services.signer, !job.isSourceBuild {
            let key = try await signer.publicKey(identity)
            let path = (job.destdir as NSString).appendingPathComponent("pubkey.gpg")
            do {
                try key.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw PublishingError.cannotWrite(path, error.localizedDescription)
            }
        }
        return .published
    }

    /// What the final report tells of the results: packages, SRPM, name and version.
    func collectDetails(_ run: BuildRun) async throws {
        let details = try await BuildDetails.collect(for: run.job, in: run.directory, runner: services.runner)
        run.updateJob {
            $0.builtPackages = details.builtPackages
            $0.srpmURL = details.srpmURL ?? $0.srpmURL
            $0.pkgName = details.pkgName ?? $0.pkgName
            $0.pkgVersion = details.pkgVersion ?? $0.pkgVersion
            $0.results = details.results
        }
    }
}
