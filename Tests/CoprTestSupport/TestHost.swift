import CoprCore
import Foundation
import Glibc
import Synchronization

/// One builder machine for tests: its own sshd on its own loopback address, in a private
/// mount and pid namespace, running the scripted copr-rpmbuild.
///
/// Inside the host, host-private directories are bind-mounted over
/// `/var/lib/copr-rpmbuild` (``builderDir``), `/root` (an empty home, so no shell rc
/// files slow down every command), `/usr/local/bin` (the scripted builder commands) and
/// `/etc/copr-test-builder` (``knobsDir``, files that steer the scripted builder).
/// Everything else is the real machine's filesystem.
public final class TestHost: Sendable {
    /// Short unique name within the farm, e.g. `builder-1`.
    public let name: String
    /// The loopback address sshd listens on.
    public let address: String
    /// The sshd port.
    public let port: Int
    /// Host-side directory holding this host's files.
    public let directory: String
    /// Host-side path of the directory mounted at `/var/lib/copr-rpmbuild`.
    public let builderDir: String
    /// Host-side path of the directory mounted at `/etc/copr-test-builder` (the knobs).
    public let knobsDir: String
    /// Host-side path of the directory mounted at `/usr/local/bin`: holds the scripted
    /// builder commands; copy an executable here to put it on the host's PATH.
    public let binDir: String
    /// The farm's client ssh config, to be used with `ssh -F`.
    public let sshConfigPath: String

    private struct State {
        var supervisor: HostSupervisor?
        var hostKey: SSHKeyPair
    }
    private let state: Mutex<State>

    /// Where the builder dir, the knobs dir, the empty home and the commands are mounted.
    static let mountPoints = [
        "builder": "/var/lib/copr-rpmbuild",
        "home": "/root",
        "bin": "/usr/local/bin",
        "knobs": "/etc/copr-test-builder",
    ]

    /// Creates the host's files; ``start()`` brings it up.
    init(name: String, address: String, port: Int, directory: String, sshConfigPath: String, authorizedKeysPath: String, builderScripts: URL) async throws {
        self.name = name
        self.address = address
        self.port = port
        self.directory = directory
        self.builderDir = directory + "/builder"
        self.knobsDir = directory + "/knobs"
        self.binDir = directory + "/bin"
        self.sshConfigPath = sshConfigPath
        let fm = FileManager.default
        for sub in Self.mountPoints.keys {
            try fm.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
        }
        for script in try fm.contentsOfDirectory(at: builderScripts, includingPropertiesForKeys: nil) {
            let target = binDir + "/" + script.lastPathComponent
            try? fm.removeItem(atPath: target)  // a retry on another address reuses the directory
            try fm.copyItem(atPath: script.path, toPath: target)
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target)
        }
        let hostKey = try await SSHKeyPair.generate(at: directory + "/ssh_host_ed25519_key", comment: name)
        state = Mutex(State(supervisor: nil, hostKey: hostKey))
        try """
            ListenAddress \(address):\(port)
            HostKey \(hostKey.privateKeyPath)
            AuthorizedKeysFile \(authorizedKeysPath)
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin yes
            PidFile none
            LogLevel ERROR
            MaxSessions 50
            MaxStartups 100
            """.write(toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
        setBuilderVersion("1.7.0")
    }

    // MARK: Identity

    /// The host's current public host key line.
    public var hostPublicKey: String { state.withLock { $0.hostKey.publicKey } }
    /// The SHA256 fingerprint of the current host key.
    public var hostKeyFingerprint: String { state.withLock { $0.hostKey.fingerprint } }
    /// `root@<address>`, the ssh destination.
    public var sshDestination: String { "root@\(address)" }

    /// The arguments for `ssh` that run `command` on this host with the farm's config.
    public func sshArguments(_ command: String) -> [String] {
        ["-F", sshConfigPath, "-p", String(port), sshDestination, command]
    }

    // MARK: Life cycle

    /// Starts sshd in fresh namespaces and waits until it runs an ssh command.
    func start() async throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        var script = "set -e; "
        for (sub, target) in Self.mountPoints.sorted(by: { $0.key < $1.key }) {
            try fm.createDirectory(atPath: target, withIntermediateDirectories: true)
            script += "mount --bind \(Shell.quote(directory + "/" + sub)) \(target); "
        }
        let log = directory + "/sshd.log"
        script += "exec /usr/sbin/sshd -D -e -f \(Shell.quote(directory + "/sshd_config")) 2>>\(Shell.quote(log))"
        let supervisor = try await HostSupervisor.launch([
            "--mount", "--propagation", "private", "--pid", "--fork", "--kill-child", "--mount-proc",
            "/bin/sh", "-c", script,
        ])
        state.withLock { $0.supervisor = supervisor }
        try await waitUntilReady(supervisor: supervisor, log: log)
    }

    /// Polls with a real ssh command until it succeeds, the supervisor dies, or 15 s pass.
    private func waitUntilReady(supervisor: HostSupervisor, log: String) async throws {
        let deadline = ContinuousClock.now + .seconds(15)
        var lastFailure = ""
        while ContinuousClock.now < deadline {
            if supervisor.hasExited {
                let sshdLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw sshdLog.contains("Address already in use") || sshdLog.contains("Cannot bind")
                    ? HostStartError.addressInUse(sshdLog)
                    : TestSupportError.hostNotReady(host: "\(name) (\(address):\(port))", detail: "sshd exited: \(sshdLog)")
            }
            let result = try await Shell.run("ssh", sshArguments("true"))
            if result.succeeded { return }
            lastFailure = result.error
            try await Task.sleep(for: .milliseconds(50))
        }
        await supervisor.kill()
        throw TestSupportError.hostNotReady(host: "\(name) (\(address):\(port))", detail: lastFailure)
    }

    /// Kills the whole host (SIGKILL): sshd, sessions and builds die, connections drop and
    /// new connections are refused. Returns once the host's processes are gone.
    public func kill() async {
        let supervisor = state.withLock { state in
            defer { state.supervisor = nil }
            return state.supervisor
        }
        await supervisor?.kill()
    }

    /// Sends SIGKILL to the host without waiting, for cleanup paths that cannot await.
    func killWithoutWaiting() {
        if let pid = state.withLock({ $0.supervisor?.pid }) {
            _ = Glibc.kill(pid, SIGKILL)
        }
    }

    /// Brings a killed (or running) host back at the same address and port, with the same
    /// files. With `newHostKey` it presents a brand-new host key, like a different machine
    /// that appeared at the same address.
    public func restart(newHostKey: Bool) async throws {
        await kill()
        if newHostKey {
            let key = try await SSHKeyPair.generate(at: directory + "/ssh_host_ed25519_key", comment: name)
            state.withLock { $0.hostKey = key }
        }
        // The old listener may hold the port for a moment after its namespace died.
        var attempts = 0
        while true {
            do {
                return try await start()
            } catch HostStartError.addressInUse(let log) {
                attempts += 1
                if attempts >= 40 {
                    throw TestSupportError.hostNotReady(host: name, detail: log)
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Kills only the per-connection sshd processes: in-flight ssh commands (and
    /// ControlMaster connections) exit 255, while the listener keeps accepting new ones.
    /// Builds running detached on the host are not affected.
    public func dropConnections() {
        guard let listener = state.withLock({ $0.supervisor })?.listenerPID else { return }
        for pid in ProcessTable.snapshot().descendants(of: listener, named: "sshd") {
            _ = Glibc.kill(pid, SIGKILL)
        }
    }

    /// Whether the host is running (started and not killed).
    public var isRunning: Bool {
        state.withLock { $0.supervisor.map { !$0.hasExited } ?? false }
    }

    // MARK: Inspection

    /// Runs `command` on the host over ssh (the farm's config) and returns its exit status
    /// and its standard output followed by its standard error.
    public func runOnHost(_ command: String) async throws -> (status: Int32, output: String) {
        let result = try await Shell.run("ssh", sshArguments(command))
        return (result.status, result.output + result.error)
    }

    /// Every invocation of the scripted builder commands on this host, oldest first, as
    /// `<command> <arguments...>` lines (e.g. `copr-builder-ready fedora-41-x86_64`).
    public var receivedCommands: [String] {
        let text = (try? String(contentsOfFile: knobsDir + "/invocations.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Reads a file of the builder dir, e.g. `results/results.json` or `main.log`.
    public func builderFile(_ relativePath: String) -> String? {
        try? String(contentsOfFile: builderDir + "/" + relativePath, encoding: .utf8)
    }

    // MARK: Knobs

    /// Sets what `copr-rpmbuild --version` prints; nil makes it fail as "not installed".
    public func setBuilderVersion(_ version: String?) {
        setKnob("version", version)
    }

    /// Makes `copr-builder-ready` succeed (`true`) or fail (`false`).
    public func setReady(_ ready: Bool) {
        setKnob("ready", ready ? nil : "fail")
    }

    /// Sets how the next builds behave: `success` (default), `fail`, `sleep <seconds>`,
    /// `hang` or `no-results-json`.
    public func setBuildMode(_ mode: String) {
        setKnob("mode", mode)
    }

    /// Sets how many numbered `LINE <i>` lines a successful build logs (default 5).
    public func setLogLines(_ count: Int) {
        setKnob("log_lines", String(count))
    }

    /// Sets how long `copr-rpmbuild-log` waits for a build's log to appear (default 10 s).
    public func setLogWait(seconds: Int) {
        setKnob("log_wait", String(seconds))
    }

    /// Writes (or, for nil, removes) the knob file `name`. The knobs dir is ours in /tmp,
    /// so failing to write it means a broken machine, not a test failure.
    private func setKnob(_ name: String, _ value: String?) {
        let path = knobsDir + "/" + name
        do {
            if let value {
                try (value + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            } else if FileManager.default.fileExists(atPath: path) {
                try FileManager.default.removeItem(atPath: path)
            }
        } catch {
            fatalError("cannot write test builder knob \(path): \(error)")
        }
    }
}

/// Why a host's sshd could not start; `addressInUse` makes the farm try another address.
enum HostStartError: Error {
    case addressInUse(String)
}
