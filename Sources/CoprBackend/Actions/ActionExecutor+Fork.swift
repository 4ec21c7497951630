import CoprCore
import Foundation
import Logging

extension ActionExecutor {
    /// Copies each named build of `source` into `destination` under its new name, re-signs
    /// its RPMs with the destination's key when signing is on (and puts that key in
    /// `pubkey.gpg`), then writes each chroot's repository. A build directory that is
    /// missing is skipped, as upstream skips it; a missing source project fails the fork.
    /// Running it again gives the same tree: each copy replaces what an interrupted run left.
    func fork(
        from source: ActionPlan.ProjectDirectory, to destination: ActionPlan.ProjectDirectory, builds: [String: [String: String]],
        logger: Logger
    ) async throws {
        let sourcePath = try path(source.owner, source.dirname)
        guard FileManager.default.fileExists(atPath: sourcePath) else {
            throw ActionRefusal("Source copr directory doesn't exist: \(sourcePath)")
        }
        let identity = SigningIdentity(owner: destination.owner, project: destination.dirname, domain: signDomain)
        if let signer { try await writePublicKey(signer, owner: destination.owner, dirname: destination.dirname) }
        for (chroot, renames) in builds.sorted(by: { $0.key < $1.key }) {
            let chrootPath = try path(destination.owner, destination.dirname, chroot)
            try FileManager.default.createDirectory(atPath: chrootPath, withIntermediateDirectories: true)
            for (old, new) in renames.sorted(by: { $0.key < $1.key }) {
                let from = try path(source.owner, source.dirname, chroot, old)
                guard FileManager.default.fileExists(atPath: from) else {
                    logger.error("Cannot fork \(from): it does not exist")
                    continue
                }
                let to = try path(destination.owner, destination.dirname, chroot, new)
                try remove(to, logger: logger)
                try FileManager.default.copyItem(atPath: from, toPath: to)
                if let signer {
                    let rpms = (try FileManager.default.contentsOfDirectory(atPath: to)).filter { $0.hasSuffix(".rpm") }.sorted()
                        .map { (to as NSString).appendingPathComponent($0) }
                    try await signer.sign(rpms: rpms, keyIdentity: identity, chroot: chroot)
                }
                logger.info("Forked build \(from) as \(to)")
            }
            if chroot != TaskID.sourceBuildsChroot {
                try await regenerate(chrootPath, owner: destination.owner, dirname: destination.dirname, chroot: chroot, devel: false)
            }
        }
    }
}
