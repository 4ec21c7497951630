import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// `copr-backend run -c <config>`, started as an operator starts it, with the ways it can
/// end: SIGTERM, or a crash of it and everything it started.
struct RunningDaemon {
    static let executable = Bundle.main.bundleURL.appendingPathComponent("copr-backend").path

    let configuration: BackendConfiguration
    let baseURL: String
    private let process: Task<ProcessOutput, any Error>

    /// Starts the daemon of a worker test bed and waits until its HTTP address answers.
    static func start(_ bed: WorkerTestBed) async throws -> RunningDaemon {
        try await start(bed.configuration)
    }

    /// Starts the daemon of `configuration` and waits until its HTTP address answers; a
    /// daemon that exits first fails the start at once, with what it printed.
    static func start(_ configuration: BackendConfiguration) async throws -> RunningDaemon {
        let path = configuration.path
        let ended = LockedValue<ProcessOutput?>(nil)
        let process = Task {
            let output = try await ProcessRunner().capture(executable, ["run", "-c", path], timeout: .seconds(150))
            ended.withLock { $0 = output }
            return output
        }
        let address = configuration.backend.httpListen
        let daemon = RunningDaemon(configuration: configuration, baseURL: "http://\(address.host):\(address.port)", process: process)
        try await waitUntil("the daemon to listen", timeout: .seconds(30)) {
            if let output = ended.value {
                throw TestSupportError.unexpected("the daemon exited (\(output.exit)) before it listened: \(output.standardError)")
            }
            return (try? await TestHTTP.send("GET", "\(daemon.baseURL)/health"))?.status == 200
        }
        return daemon
    }

    /// The daemon's own process ids (normally one).
    func pids() async throws -> [Int32] {
        let found = try await ProcessRunner().capture(
            "pgrep", ["-f", "copr-backend run -c \(configuration.path)"], timeout: .seconds(30))
        return found.standardOutput.split(separator: "\n").compactMap { Int32($0) }
    }

    /// What `GET /status` answers now.
    func status() async throws -> JSONValue {
        try #require(try await TestHTTP.send("GET", "\(baseURL)/status").json)
    }

    /// The phases of the running builds, counted.
    func runningPhases() async throws -> [String: Int] {
        var phases: [String: Int] = [:]
        for build in try await status()["running"]?.arrayValue ?? [] {
            phases[build["phase"]?.stringValue ?? "?", default: 0] += 1
        }
        return phases
    }

    /// Waits until the running builds are in exactly these phases.
    func waitForPhases(_ expected: [String: Int], timeout: Duration = .seconds(60)) async throws {
        let seen = LockedValue<[String: Int]>([:])
        do {
            try await waitUntil("builds in the phases \(expected)", timeout: timeout) {
                let phases = (try? await runningPhases()) ?? [:]
                seen.withLock { $0 = phases }
                return phases == expected
            }
        } catch {
            throw TestSupportError.unexpected("the running builds were in \(seen.value), not \(expected)")
        }
    }

    /// SIGTERM; returns how the daemon ended.
    func stop() async throws -> ProcessOutput {
        for pid in try await pids() { kill(pid, SIGTERM) }
        return try await process.value
    }

    /// `kill -9` of the daemon and of every process it started, ssh masters included.
    func crash() async throws -> ProcessOutput {
        killProcessTrees(try await pids(), andProcessesMentioning: configuration.backend.stateDir)
        return try await process.value
    }
}
