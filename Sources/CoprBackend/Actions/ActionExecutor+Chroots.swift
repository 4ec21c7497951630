import AsyncHTTPClient
import CoprCore
import Foundation
import Logging
import NIOCore

extension ActionExecutor {
    /// The largest `comps.xml` taken from the frontend.
    static let maximumCompsBytes = 16 * 1024 * 1024

    /// Copies each build of chroot `from` that `to` lacks, RPMs linked rather than copied
    /// (they are not changed), notes `from_chroot=<from>` in its `build.info`, then writes
    /// the repository of `to`. Only directories and regular files are copied.
    func branch(_ directory: ActionPlan.ProjectDirectory, from: String, to: String, builds: [String], logger: Logger) async throws {
        let target = try path(directory.owner, directory.dirname, to)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for build in builds {
            let source = try path(directory.owner, directory.dirname, from, build)
            let copy = try path(directory.owner, directory.dirname, to, build)
            guard FileManager.default.fileExists(atPath: source), !FileManager.default.fileExists(atPath: copy) else { continue }
            logger.info("Copying directory (link RPMs): \(source) -> \(copy)")
            try Self.copyLinkingRPMs(source, to: copy)
            let info = (copy as NSString).appendingPathComponent(BuildInfo.fileName)
            let old = (try? String(contentsOfFile: info, encoding: .utf8)) ?? ""
            try (old + "\nfrom_chroot=\(from)").write(toFile: info, atomically: true, encoding: .utf8)
        }
        try await regenerate(target, owner: directory.owner, dirname: directory.dirname, chroot: to, devel: false)
    }

    /// Writes `<owner>/<project>/<chroot>/comps.xml` from the frontend's `urlPath`, or
    /// removes it when `urlPath` is nil; the next createrepo of the chroot reads it.
    func updateComps(owner: String, project: String, chroot: String, urlPath: String?, logger: Logger) async throws {
        let directory = try path(owner, project, chroot)
        let comps = (directory as NSString).appendingPathComponent("comps.xml")
        guard let urlPath else {
            try remove(comps, logger: logger)
            return
        }
        let url = (frontend.baseURL.hasSuffix("/") ? String(frontend.baseURL.dropLast()) : frontend.baseURL) + urlPath
        let policy = frontend.policy
        // The network and the frontend's 408 and 5xx answers are retried as every call to the
        // frontend is; another answer fails the action.
        let body = try await policy.run(urlPath, url: url, logger: logger, metrics: nil) {
            let answer: (response: HTTPClientResponse, body: ByteBuffer)
            do {
                answer = try await policy.exchange(HTTPClientRequest(url: url), upTo: Self.maximumCompsBytes, logger: logger)
            } catch let error as NIOTooManyBytesError {
                throw ActionRefusal("comps.xml from \(url) is larger than \(Self.maximumCompsBytes) bytes: \(error)")
            }
            guard answer.response.status == .ok else {
                throw ActionRefusal("Failed to update comps from \(url): HTTP \(answer.response.status.code)")
            }
            return answer.body
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(buffer: body).write(to: URL(fileURLWithPath: comps), options: .atomic)
        logger.info("Saved comps.xml for \(owner)/\(project)/\(chroot) from \(url)")
    }

    private static func copyLinkingRPMs(_ source: String, to target: String) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: target, withIntermediateDirectories: false)
        for name in try files.contentsOfDirectory(atPath: source) {
            let from = (source as NSString).appendingPathComponent(name)
            let to = (target as NSString).appendingPathComponent(name)
            switch try files.attributesOfItem(atPath: from)[.type] as? FileAttributeType {
            case .typeDirectory?:
                try copyLinkingRPMs(from, to: to)
            case .typeRegular? where name.hasSuffix(".rpm"):
                try files.linkItem(atPath: from, toPath: to)
            case .typeRegular?:
                try files.copyItem(atPath: from, toPath: to)
            default:
                continue
            }
        }
    }
}
