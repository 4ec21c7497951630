import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// What `copr-backend run` tells an operator at start: listeners it cannot have, local
/// builders it cannot sandbox, and files that expose a secret or are not read.
@Suite("Integration: copr-backend run's start-up checks", .timeLimit(.minutes(2)))
struct StartupChecksTests {
    @Test("a daemon whose listener's address is taken exits non-zero naming the address", arguments: ["daemon", "frontend"])
    func takenAddress(listener: String) async throws {
        try await withTemporaryDirectory { directory in
            let squatter = try await StaticFileServer.start(root: directory.path)
            defer { squatter.stop() }
            let free = try LoopbackPorts.allocate(1)[0]
            let (daemonPort, frontendPort) = listener == "daemon" ? (squatter.port, free) : (free, squatter.port)
            let path = try Self.configuration(in: directory, daemonPort: daemonPort, frontendPort: frontendPort)
            let run = try await ProcessRunner().capture(RunningDaemon.executable, ["run", "-c", path], timeout: .seconds(60))
            #expect(run.exit == .exited(1))
            #expect(run.standardError.contains("127.0.0.1:\(squatter.port)"), "\(run.standardError)")
        }
    }

    @Test("copr-backend run refuses a local builder whose account does not exist, and says what to do")
    func refusesMissingAccount() async throws {
        try await withTemporaryDirectory { directory in
            let ports = try LoopbackPorts.allocate(2)
            let path = try Self.configuration(
                in: directory, daemonPort: ports[0], frontendPort: ports[1],
                more: "[host:local]\ntransport = local\nbuild_user = copr-no-such-account")
            let run = try await ProcessRunner().capture(RunningDaemon.executable, ["run", "-c", path], timeout: .seconds(60))
            #expect(run.exit == .exited(1))
            #expect(run.standardError.contains("The local builder local cannot sandbox builds: the account copr-no-such-account does not exist; create it with `useradd"), "\(run.standardError)")
            #expect(run.standardError.contains("set [host:local] unsafe_unsandboxed = true"))
        }
    }

    @Test("a configuration that exposes frontend_auth or a bus password, and bus files that are not read, are warned about")
    func warnings() async throws {
        try await withTemporaryDirectory { directory in
            let path = try Self.configuration(in: directory, daemonPort: 1, frontendPort: 2)
            let buses = directory.appending("msgbuses")
            try FileManager.default.createDirectory(atPath: buses, withIntermediateDirectories: true)
            try "[bus]\nbus_type = webhook\nurl = http://hooks.test/copr\nsecret = s3cret\n".write(
                toFile: buses + "/hooks.ini", atomically: true, encoding: .utf8)
            try "[bus]\nbus_type = webhook\n".write(toFile: buses + "/fedora.conf", atomically: true, encoding: .utf8)
            for file in [path, buses + "/hooks.ini"] { chmod(file, 0o644) }
            let exposed = try BackendConfiguration.load(path: path).startupWarnings
            #expect(exposed == [
                "\(path) holds frontend_auth and every account of this machine can read it; make it readable by the backend only: chmod 600 \(path)",
                "\(buses)/hooks.ini holds the password of bus hooks and every account of this machine can read it; make it readable by the backend only: chmod 600 \(buses)/hooks.ini",
                "Ignoring \(buses)/fedora.conf: only *.ini files of msgbus_config_dir are read (upstream's *.conf bus files need renaming)",
            ])
            for file in [path, buses + "/hooks.ini", buses + "/fedora.conf"] { chmod(file, 0o600) }
            try FileManager.default.removeItem(atPath: buses + "/fedora.conf")
            #expect(try BackendConfiguration.load(path: path).startupWarnings == [])
        }
    }

    /// A configuration in `directory` whose listeners use the ports given, followed by the
    /// sections of `more`.
    static func configuration(in directory: TemporaryDirectory, daemonPort: Int, frontendPort: Int, more: String = "") throws -> String {
        try FileManager.default.createDirectory(atPath: directory.appending("results"), withIntermediateDirectories: true)
        let path = directory.appending("copr-be.conf")
        try """
            [backend]
            destdir = \(directory.appending("results"))
            log_dir = \(directory.appending("log"))
            state_dir = \(directory.appending("state"))
            msgbus_config_dir = \(directory.appending("msgbuses"))
            http_listen = 127.0.0.1:\(daemonPort)
            frontend_auth = a-secret
            [frontend]
            listen = 127.0.0.1:\(frontendPort)
            \(more)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
