import Foundation
import Synchronization

/// A set of ``TestHost`` builder machines made by one test, with the client key and ssh
/// config the backend uses to reach them.
///
/// Files live in a fresh `/tmp/copr-test-<name>-XXXXXX/`: `id_ed25519` (client key),
/// `authorized_keys`, `ssh_config` (``sshConfigPath``), the ControlMaster sockets
/// `cm-*`, and one directory per host under `hosts/`. Always call ``shutdown()``, or use
/// ``withTestHostFarm(hosts:name:_:)`` which does it even when the test fails.
public final class TestHostFarm: Sendable {
    /// The farm's temporary directory.
    public let directory: String
    /// The client config for `ssh -F`, modelled on Copr's recommended builder config.
    public let sshConfigPath: String
    /// The client identity every host accepts (user `root`).
    public let clientKey: SSHKeyPair
    /// The port every host's sshd listens on (each host has its own address).
    public let port = 2222

    private struct State {
        var hosts: [TestHost] = []
        var hostsMade = 0
        var isShutDown = false
    }
    private let state = Mutex(State())
    private let builderScripts: URL

    private init(directory: String, clientKey: SSHKeyPair, builderScripts: URL) {
        self.directory = directory
        self.sshConfigPath = directory + "/ssh_config"
        self.clientKey = clientKey
        self.builderScripts = builderScripts
    }

    /// Creates a farm and starts `count` hosts (named `builder-1`, `builder-2`, ...).
    public static func start(hosts count: Int, name: String) async throws -> TestHostFarm {
        let safeName = String(name.filter { $0.isLetter || $0.isNumber || $0 == "-" }.prefix(20))
        var template = Array("/tmp/copr-test-\(safeName)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestSupportError.commandFailed(command: "mkdtemp", status: errno, output: "")
        }
        let directory = String(cString: made)
        let clientKey = try await SSHKeyPair.generate(at: directory + "/id_ed25519", comment: "copr-test-client")
        let scripts = Bundle.module.bundleURL.appendingPathComponent("Resources/builder")
        let farm = TestHostFarm(directory: directory, clientKey: clientKey, builderScripts: scripts)
        do {
            try (clientKey.publicKey + "\n").write(toFile: directory + "/authorized_keys", atomically: true, encoding: .utf8)
            try farm.clientConfig.write(toFile: farm.sshConfigPath, atomically: true, encoding: .utf8)
            for _ in 0..<count {
                try await farm.addHost()
            }
        } catch {
            await farm.shutdown()
            throw error
        }
        return farm
    }

    /// The text of ``sshConfigPath``.
    private var clientConfig: String {
        """
        Host *
            User root
            StrictHostKeyChecking no
            UserKnownHostsFile /dev/null
            IdentityFile \(clientKey.privateKeyPath)
            IdentitiesOnly yes
            BatchMode yes
            ConnectTimeout 5
            ServerAliveInterval 2
            ServerAliveCountMax 2
            ControlMaster auto
            ControlPath \(directory)/cm-%C
            ControlPersist 30
            LogLevel ERROR

        """
    }

    /// The hosts started so far, in order.
    public var hosts: [TestHost] { state.withLock { $0.hosts } }

    /// Starts one more host on a new loopback address and returns it once it accepts ssh.
    @discardableResult
    public func addHost() async throws -> TestHost {
        let name = state.withLock { state in
            state.hostsMade += 1
            return "builder-\(state.hostsMade)"
        }
        var attempts = 0
        while true {
            let address = LoopbackAddressPool.allocate()
            let host = try await TestHost(
                name: name, address: address, port: port,
                directory: "\(directory)/hosts/\(name)",
                sshConfigPath: sshConfigPath,
                authorizedKeysPath: directory + "/authorized_keys",
                builderScripts: builderScripts
            )
            do {
                try await host.start()
                state.withLock { $0.hosts.append(host) }
                return host
            } catch HostStartError.addressInUse where attempts < 5 {
                // Another process uses this address (pid collision): try the next one.
                attempts += 1
            }
        }
    }

    /// Kills every host, closes ControlMaster connections and deletes the farm's files.
    /// Safe to call more than once.
    public func shutdown() async {
        let hosts: [TestHost]? = state.withLock { state in
            guard !state.isShutDown else { return nil }
            state.isShutDown = true
            return state.hosts
        }
        guard let hosts else { return }
        for host in hosts {
            _ = try? await Shell.run("ssh", ["-F", sshConfigPath, "-O", "exit", "-p", String(port), host.sshDestination])
            await host.kill()
        }
        // rm -rf, because exiting ControlMasters unlink their sockets concurrently, which
        // makes FileManager.removeItem give up halfway.
        _ = try? await Shell.run("rm", ["-rf", directory])
    }

    deinit {
        // A test that forgot shutdown() must not leave sshd processes behind.
        for host in state.withLock({ $0.isShutDown ? [] : $0.hosts }) {
            host.killWithoutWaiting()
        }
    }
}

/// Runs `body` with a fresh farm of `count` hosts and always shuts the farm down
/// afterwards, also when `body` throws.
public func withTestHostFarm<T>(
    hosts count: Int,
    name: String = #function,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (TestHostFarm) async throws -> T
) async throws -> T {
    let farm = try await TestHostFarm.start(hosts: count, name: name)
    do {
        let result = try await body(farm)
        await farm.shutdown()
        return result
    } catch {
        await farm.shutdown()
        throw error
    }
}
