import CoprTestSupport
import CoprRPMBuild
import Foundation

/// A private builder for one test: a temporary directory with its own `main.ini` (every
/// path inside it, time constants scaled down), a served directory behind a
/// ``StaticFileServer``, and symlinks with the upstream entry-point names to the real binary.
///
/// The server is on 127.0.0.1, where the agent's default address rule forbids sources; a
/// sandbox lets its builds fetch from there (``make(extraConfig:allowsLoopbackSources:)``)
/// unless a test examines that very rule.
final class BuilderSandbox: Sendable {
    let root: String
    let server: StaticFileServer

    var configPath: String { root + "/main.ini" }
    var resultDir: String { root + "/results" }
    var workspace: String { root + "/workspace" }
    var logFile: String { root + "/main.log" }
    var pidFile: String { root + "/pid" }
    var loggerPidFile: String { root + "/logger_pid" }
    /// Files under here are served at `server.baseURL`.
    var served: String { root + "/served" }

    private init(root: String, server: StaticFileServer) {
        self.root = root
        self.server = server
    }

    /// The copr-rpmbuild binary built next to the test bundle.
    static let binary: String = {
        var candidates: [String] = []
        let bundle = Bundle.main.bundleURL.path
        candidates.append(bundle + "/copr-rpmbuild")
        candidates.append((bundle as NSString).deletingLastPathComponent + "/copr-rpmbuild")
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        candidates.append(packageRoot + "/.build/debug/copr-rpmbuild")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    /// The default forbidden networks but loopback, for builds whose sources the test
    /// serves on 127.0.0.1 (an address of this machine too, hence `forbid_local_addresses`).
    static let loopbackSourcesConfig = """
        forbidden_networks = ::1/128, 169.254.0.0/16, fe80::/10, 0.0.0.0/8, ::/128
        forbid_local_addresses = false
        """

    /// A new sandbox; with `allowsLoopbackSources` false its agent keeps the default
    /// address rule, which refuses every source on 127.0.0.1 that is not the task's own upload.
    static func make(extraConfig: String = "", allowsLoopbackSources: Bool = true) async throws -> BuilderSandbox {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestSupportError.unexpected("copr-rpmbuild is not built at \(binary); run `swift build --product copr-rpmbuild` first")
        }
        let root = PathSafety.canonical(NSTemporaryDirectory()) + "/copr-rpmbuild-test-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: root + "/served", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        for name in ["copr-rpmbuild", "copr-rpmbuild-log", "copr-rpmbuild-cancel", "copr-builder-ready"] {
            try FileManager.default.createSymbolicLink(atPath: root + "/bin/" + name, withDestinationPath: binary)
        }
        let server = try await StaticFileServer.start(root: root + "/served")
        let sandbox = BuilderSandbox(root: root, server: server)
        try """
        [main]
        frontend_url = \(server.baseURL)/frontend
        resultdir = \(sandbox.resultDir)
        lockfile = \(root)/lockfile
        logfile = \(sandbox.logFile)
        pidfile = \(sandbox.pidFile)
        logger_pidfile = \(sandbox.loggerPidFile)
        workspace = \(sandbox.workspace)
        mock_config_dir = \(root)/mock
        log_poll_interval = 0.2
        log_wait_timeout = 3
        cancel_interval = 0.3
        cancel_kill_after = 3
        timeout_signal_step = 1
        http_attempts = 2
        http_retry_delay = 0.1
        \(allowsLoopbackSources ? loopbackSourcesConfig : "")
        \(extraConfig)
        """.write(toFile: sandbox.configPath, atomically: true, encoding: .utf8)
        return sandbox
    }

    /// Stops the server and removes the directory.
    func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Runs an entry point by its upstream name (through the symlink), with this config.
    @discardableResult
    func run(_ entryPoint: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Shell.Outcome {
        try await Shell.run(root + "/bin/" + entryPoint, arguments,
                            environment: ["COPR_RPMBUILD_CONFIG": configPath].merging(environment) { $1 })
    }

    /// Serves `contents` at `path` (e.g. `tasks/1.json`) and returns its URL.
    @discardableResult
    func serve(_ path: String, _ contents: Data) throws -> String {
        let target = served + "/" + path
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try contents.write(to: URL(fileURLWithPath: target))
        return server.baseURL + "/" + path
    }

    @discardableResult
    func serve(_ path: String, text: String) throws -> String { try serve(path, Data(text.utf8)) }

    /// Serves a task as JSON and returns its URL (for `--task-url`).
    func serveTask(_ name: String, _ task: [String: Any]) throws -> String {
        try serve("tasks/\(name).json", JSONSerialization.data(withJSONObject: task))
    }

    /// Runs a foreground build of a served task.
    func build(taskURL: String, srpm: Bool, chroot: String? = nil) async throws -> Shell.Outcome {
        var arguments = ["--verbose", "--drop-resultdir", "--task-url", taskURL]
        if srpm { arguments.append("--srpm") }
        if let chroot { arguments += ["--chroot", chroot] }
        return try await run("copr-rpmbuild", arguments)
    }

    var succeeded: Bool { FileManager.default.fileExists(atPath: resultDir + "/success") }

    func resultFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: resultDir)) ?? []).sorted()
    }

    func resultsJSON() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: resultDir + "/results.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func mainLog() -> String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// Waits until `condition` holds, polling every 0.1 s, at most `seconds`.
    func waitUntil(seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }
}
