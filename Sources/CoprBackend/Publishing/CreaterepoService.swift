import CoprCore
import Foundation
import Logging

/// Adds builds to a chroot's DNF repository with createrepo_c.
///
/// Incremental: with existing metadata, `--update --skip-stat --recycle-pkglist
/// --pkglist` reads only the packages of the added directories. Requests for one
/// directory coalesce (single flight): while a run is in progress, every new request
/// joins the next run, which covers all of them at once. An inter-process lock file
/// per directory keeps separate backend processes from running createrepo_c on the
/// same repository together. After packages were removed (a deleted build), a full run
/// reads the whole directory again.
public actor CreaterepoService {
    public struct Request: Sendable {
        public var chrootDirectory: String
        public var addedDirectory: String
        public var devel: Bool
        /// `<results_baseurl>/<owner>/<dirname>/<chroot>`, used for the devel repo.
        public var baseURL: String

        public init(chrootDirectory: String, addedDirectory: String, devel: Bool, baseURL: String) {
            self.chrootDirectory = chrootDirectory
            self.addedDirectory = addedDirectory
            self.devel = devel
            self.baseURL = baseURL
        }
    }

    private struct Batch {
        var added: Set<String> = []
        /// Packages went away: read the whole directory, not only what was added.
        var complete = false
        var waiters: [CheckedContinuation<Void, any Error>] = []
    }

    private struct Key: Hashable {
        var directory: String
        var devel: Bool
    }

    private let command: String
    private let lockDirectory: String
    private let runner: ProcessRunner
    private let logger: Logger
    private var running: Set<Key> = []
    private var queued: [Key: Batch] = [:]
    private var baseURLs: [Key: String] = [:]
    /// Number of createrepo_c runs so far, for tests and metrics.
    public private(set) var runs = 0

    public init(command: String, lockDirectory: String, runner: ProcessRunner = ProcessRunner(), logger: Logger) {
        self.command = command
        self.lockDirectory = lockDirectory
        self.runner = runner
        self.logger = logger
    }

    /// Returns once a createrepo_c run that includes `request.addedDirectory` succeeded.
    public func add(_ request: Request) async throws {
        let key = Key(directory: request.chrootDirectory, devel: request.devel)
        baseURLs[key] = request.baseURL
        try await enqueue(key) { $0.added.insert(request.addedDirectory) }
    }

    /// Returns once a createrepo_c run over every package of `chrootDirectory` succeeded:
    /// what a repository needs after packages were removed from it. With `devel`, the
    /// repository written is the project's devel one (`devel/repodata`, packages found
    /// through `baseURL`).
    public func regenerate(chrootDirectory: String, devel: Bool = false, baseURL: String? = nil) async throws {
        let key = Key(directory: chrootDirectory, devel: devel)
        if let baseURL { baseURLs[key] = baseURL }
        try await enqueue(key) { $0.complete = true }
    }

    private func enqueue(_ key: Key, _ change: (inout Batch) -> Void) async throws {
        try await withCheckedThrowingContinuation { continuation in
            change(&queued[key, default: Batch()])
            queued[key, default: Batch()].waiters.append(continuation)
            if !running.contains(key) {
                running.insert(key)
                Task { await self.drain(key) }
            }
        }
    }

    /// Runs batches for `key` until no request is queued.
    private func drain(_ key: Key) async {
        while let batch = queued.removeValue(forKey: key) {
            do {
                try await runLocked(key, batch)
                batch.waiters.forEach { $0.resume() }
            } catch {
                batch.waiters.forEach { $0.resume(throwing: error) }
            }
        }
        running.remove(key)
    }

    private func runLocked(_ key: Key, _ batch: Batch) async throws {
        try FileManager.default.createDirectory(atPath: lockDirectory, withIntermediateDirectories: true)
        let lock = try await InterProcessLock.acquire(
            path: (lockDirectory as NSString).appendingPathComponent(Self.lockName(key.directory)))
        defer { lock.release() }
        runs += 1
        try await runCreaterepo(key, added: batch.added.sorted(), complete: batch.complete)
    }

    private func runCreaterepo(_ key: Key, added: [String], complete: Bool) async throws {
        let directory = key.directory
        let outputDirectory = key.devel ? (directory as NSString).appendingPathComponent("devel") : directory
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        var arguments = [
            "--no-database", "--ignore-lock", "--general-compress-type=gz",
            "--cachedir", (lockDirectory as NSString).appendingPathComponent("createrepo-cache"),
        ]
        if key.devel, let baseURL = baseURLs[key] {
            arguments += ["--outputdir", outputDirectory, "--baseurl", baseURL]
        }
        let comps = (directory as NSString).appendingPathComponent("comps.xml")
        if FileManager.default.fileExists(atPath: comps) { arguments += ["--groupfile", comps] }
        let pkglist = (directory as NSString).appendingPathComponent(".copr-createrepo-pkglist")
        let hasMetadata = FileManager.default.fileExists(
            atPath: (outputDirectory as NSString).appendingPathComponent("repodata/repomd.xml"))
        if hasMetadata && !complete {
            let packages = added.flatMap { Self.rpmPaths(in: directory, subdirectory: $0) }
            try (packages.joined(separator: "\n") + "\n").write(toFile: pkglist, atomically: true, encoding: .utf8)
            arguments += ["--update", "--skip-stat", "--recycle-pkglist", "--pkglist", pkglist]
        }
        defer { try? FileManager.default.removeItem(atPath: pkglist) }
        arguments.append(directory)
        logger.info("Running createrepo", metadata: ["directory": "\(directory)", "added": "\(added)"])
        let output = try await runner.capture(command, arguments, timeout: .seconds(3600))
        guard output.exit.isSuccess else {
            throw PublishingError.createrepoFailed(
                directory: directory, detail: "\(command) \(output.exit): \(output.standardError.suffix(500))")
        }
    }

    /// Paths of RPMs in `subdirectory`, relative to the repository directory.
    static func rpmPaths(in directory: String, subdirectory: String) -> [String] {
        let full = (directory as NSString).appendingPathComponent(subdirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []
        return names.filter { $0.hasSuffix(".rpm") }.sorted().map { "\(subdirectory)/\($0)" }
    }

    static func lockName(_ directory: String) -> String {
        directory.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? String($0) : "_" }.joined() + ".lock"
    }
}

/// An exclusive `flock` on a file, taken without blocking a thread: it retries every
/// 50 ms until it gets the lock or the task is cancelled.
struct InterProcessLock {
    private let descriptor: Int32

    static func acquire(path: String) async throws -> InterProcessLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PublishingError.cannotWrite(path, String(cString: strerror(errno))) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                close(fd)
                throw error
            }
        }
        return InterProcessLock(descriptor: fd)
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
