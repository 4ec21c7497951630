import CoprCore
import Foundation
import Logging

/// Carries out one checked ``ActionPlan`` on the results tree: removes what a delete
/// names and regenerates the repositories it changed, makes or regenerates the
/// repositories a createrepo names. A directory already gone counts as removed. Every
/// path is built from names the plan checked and is verified to stay inside `destdir`.
///
/// An action the daemon's shutdown interrupts ends with the task cancelled; the caller
/// then leaves it for the next start instead of reporting it.
public struct ActionExecutor: Sendable {
    public let layout: ResultsLayout
    public let createrepo: CreaterepoService
    /// Nil without `do_sign`: a key generation then has nothing to do.
    public let signer: (any Signer)?
    /// `sign_domain`, the domain of the keys' e-mail addresses.
    public let signDomain: String
    /// Where `update_comps` downloads from: `frontend_base_url`, and the frontend's retry
    /// policy (attempts, pauses and request timeout) for that download.
    public let frontend: (baseURL: String, policy: FrontendRetryPolicy)

    public init(
        layout: ResultsLayout, createrepo: CreaterepoService, signer: (any Signer)? = nil, signDomain: String = "fedorahosted.org",
        frontend: (baseURL: String, policy: FrontendRetryPolicy) = (
            "http://copr-fe", FrontendRetryPolicy(maxAttempts: 5, step: .seconds(5), requestTimeout: .seconds(30))
        )
    ) {
        self.layout = layout
        self.createrepo = createrepo
        self.signer = signer
        self.signDomain = signDomain
        self.frontend = frontend
    }

    /// Runs `plan` (action `id`) and tells what it came to; every failure is logged.
    public func run(_ id: Int, _ plan: ActionPlan, logger: Logger) async -> ActionResult {
        var logger = logger
        logger[metadataKey: "action"] = "\(id)"
        do {
            try await carryOut(plan, logger: logger)
            return .success
        } catch is CancellationError {
            return .failure
        } catch {
            logger.error("Action \(id) failed: \(error)")
            return .failure
        }
    }

    private func carryOut(_ plan: ActionPlan, logger: Logger) async throws {
        switch plan {
        case .nothing:
            logger.info("Action legal-flag: nothing to do on the backend")
        case .refused(let reason):
            throw ActionRefusal(reason)
        case .deleteProject(let owner, let dirnames):
            for dirname in dirnames {
                try remove(try path(owner, dirname), logger: logger)
            }
        case .generateKey(let owner, let project):
            guard let signer else {
                logger.info("Signing is off (do_sign): no key to generate for \(owner)/\(project)")
                return
            }
            try await writePublicKey(signer, owner: owner, dirname: project)
            logger.info("The signing key of \(owner)/\(project) exists, in its pubkey.gpg")
        case .rawhideToRelease(let directory, let from, let to, let builds):
            try await branch(directory, from: from, to: to, builds: builds, logger: logger)
        case .updateComps(let owner, let project, let chroot, let urlPath):
            try await updateComps(owner: owner, project: project, chroot: chroot, urlPath: urlPath, logger: logger)
        case .fork(let source, let destination, let builds):
            try await fork(from: source, to: destination, builds: builds, logger: logger)
        case .deleteChroot(let owner, let project, let chroot):
            try remove(try path(owner, project, chroot), logger: logger)
        case .removeDirs(let directories):
            for directory in directories {
                try remove(try path(directory.owner, directory.dirname), logger: logger)
            }
        case .deleteBuilds(let owner, let directories, let buildIDs, let devel):
            for directory in directories {
                try await deleteBuilds(owner: owner, directory, buildIDs: buildIDs, devel: devel, logger: logger)
            }
        case .createrepo(let owner, let dirnames, let chroots, let devel):
            for dirname in dirnames {
                for chroot in chroots {
                    let repository = try path(owner, dirname, chroot)
                    try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
                    logger.info("Creating repo for: \(owner)/\(dirname)/\(chroot)\(devel ? " (devel)" : "")")
                    try await regenerate(repository, owner: owner, dirname: dirname, chroot: chroot, devel: devel)
                }
            }
        }
    }

    /// Removes the builds' directories and chroot logs of one project directory, then
    /// regenerates each chroot's repository (`srpm-builds` has none). Upstream leaves the
    /// `srpm-builds` directories behind; here they go too.
    private func deleteBuilds(
        owner: String, _ directory: ActionPlan.BuildDirectories, buildIDs: [Int], devel: Bool, logger: Logger
    ) async throws {
        for (chroot, subdirs) in directory.chroots.sorted(by: { $0.key < $1.key }) {
            let chrootPath = try path(owner, directory.dirname, chroot)
            guard FileManager.default.fileExists(atPath: chrootPath) else {
                logger.info("\(chrootPath) does not exist: nothing to delete there")
                continue
            }
            logger.info("Deleting subdirs [\(subdirs.joined(separator: ", "))] in \(chrootPath)")
            for subdir in subdirs {
                try remove(try path(owner, directory.dirname, chroot, subdir), logger: logger)
            }
            for buildID in buildIDs {
                for log in ["build-\(String(format: "%08d", buildID)).log", "build-\(buildID).rsync.log", "build-\(buildID).log"] {
                    try? FileManager.default.removeItem(atPath: (chrootPath as NSString).appendingPathComponent(log))
                }
            }
            if chroot != TaskID.sourceBuildsChroot {
                try await regenerate(chrootPath, owner: owner, dirname: directory.dirname, chroot: chroot, devel: devel)
            }
        }
    }

    func regenerate(_ repository: String, owner: String, dirname: String, chroot: String, devel: Bool) async throws {
        let baseURL = layout.url("\(ResultsLayout.projectDirectory(owner: owner, dirname: dirname))/\(chroot)")
        try await createrepo.regenerate(chrootDirectory: repository, devel: devel, baseURL: devel ? baseURL : nil)
    }

    /// Makes the key of project `owner`/`dirname` unless it exists and writes its public
    /// half to the project's `pubkey.gpg`, where the repo files' `gpgkey` points.
    func writePublicKey(_ signer: any Signer, owner: String, dirname: String) async throws {
        let key = try await signer.publicKey(SigningIdentity(owner: owner, project: dirname, domain: signDomain))
        let projectPath = try path(owner, dirname)
        try FileManager.default.createDirectory(atPath: projectPath, withIntermediateDirectories: true)
        try key.write(toFile: (projectPath as NSString).appendingPathComponent("pubkey.gpg"), atomically: true, encoding: .utf8)
    }

    /// `destdir/<components>`, refused unless it lies strictly inside `destdir`.
    func path(_ components: String...) throws -> String {
        let root = URL(fileURLWithPath: layout.destdir).standardizedFileURL.path
        let full = URL(fileURLWithPath: layout.path(components.joined(separator: "/"))).standardizedFileURL.path
        guard full.hasPrefix(root + "/"), !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw ActionRefusal("\(full) is not inside destdir \(root)")
        }
        return full
    }

    func remove(_ path: String, logger: Logger) throws {
        do {
            try FileManager.default.removeItem(atPath: path)
            logger.info("Removed \(path)")
        } catch CocoaError.fileNoSuchFile {
            logger.info("\(path) is already gone")
        }
    }
}
