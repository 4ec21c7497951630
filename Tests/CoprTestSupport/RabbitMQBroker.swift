import Foundation
import Glibc
import Synchronization

/// A private RabbitMQ node with its STOMP plugin, started by a test from Debian's
/// rabbitmq-server package, that the test can stop and start again.
///
/// Everything the node owns is under one temporary directory (database, logs, config,
/// Erlang cookie in its HOME), and it listens on loopback ports of its own: STOMP, Erlang
/// distribution and its own epmd (`ERL_EPMD_PORT`), so neither the system's rabbitmq
/// service nor an epmd on port 4369 matter. AMQP is switched off. The node runs as pid 1
/// of a pid namespace (`unshare --kill-child`, see ``HostSupervisor``), so stopping it
/// also ends the epmd it spawned. The user ``username``/``password`` is made on the first
/// start by the config's `default_user`.
public final class RabbitMQBroker: Sendable {
    /// The STOMP listener on 127.0.0.1.
    public let stompPort: Int
    /// With `start(tls: true)`: a STOMP-over-TLS listener on 127.0.0.1 that requires a
    /// client certificate, and the certificates (the server's is for 127.0.0.1).
    public let tlsPort: Int?
    public let certificates: TestCertificates?
    public let username = "copr-test"
    public let password: String
    /// The node's files.
    public let directory: String
    private let environment: [String]
    private let supervisor = Mutex<HostSupervisor?>(nil)

    private static let server = "/usr/lib/rabbitmq/bin/rabbitmq-server"

    private init(
        stompPort: Int, tlsPort: Int?, certificates: TestCertificates?, password: String, directory: String, environment: [String]
    ) {
        self.stompPort = stompPort
        self.tlsPort = tlsPort
        self.certificates = certificates
        self.password = password
        self.directory = directory
        self.environment = environment
    }

    /// Starts a new node and returns once its STOMP listener accepts the test user. A node
    /// that dies while starting is tried again, up to three times, on new ports: another
    /// process may take a chosen port before the node binds it (`LoopbackPorts`).
    public static func start(tls: Bool = false) async throws -> RabbitMQBroker {
        guard FileManager.default.isExecutableFile(atPath: server) else {
            throw TestSupportError.unexpected("\(server) is missing; run scripts/install-dependencies.sh (package rabbitmq-server)")
        }
        for _ in 1..<3 {
            if let broker = try? await startOnce(tls: tls) { return broker }
            try await Task.sleep(for: .milliseconds(500))
        }
        return try await startOnce(tls: tls)
    }

    private static func startOnce(tls: Bool) async throws -> RabbitMQBroker {
        let id = UUID().uuidString.prefix(8).lowercased()
        let directory = "/tmp/copr-rabbitmq-\(id)"
        let broker: RabbitMQBroker
        do {
            broker = try await prepare(id: id, directory: directory, tls: tls)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        do {
            try await broker.launch()
        } catch {
            await broker.shutdown()
            throw error
        }
        return broker
    }

    /// Writes the node's files and chooses its ports.
    private static func prepare(id: String, directory: String, tls: Bool) async throws -> RabbitMQBroker {
        for sub in ["mnesia", "log", "home"] {
            try FileManager.default.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        let ports = try LoopbackPorts.allocate(4)
        let (stompPort, distributionPort, epmdPort) = (ports[0], ports[1], ports[2])
        let password = "secret-\(id)"
        let certificates = tls ? try await TestCertificates.make(in: directory) : nil
        var config = """
            listeners.tcp = none
            stomp.listeners.tcp.1 = 127.0.0.1:\(stompPort)
            default_user = copr-test
            default_pass = \(password)
            loopback_users = none
            disk_free_limit.absolute = 1
            log.console = false
            log.file.level = info

            """
        if let certificates {
            config += """
                stomp.listeners.ssl.1 = 127.0.0.1:\(ports[3])
                ssl_options.cacertfile = \(certificates.caFile)
                ssl_options.certfile = \(certificates.serverCertificateFile)
                ssl_options.keyfile = \(certificates.serverKeyFile)
                ssl_options.verify = verify_peer
                ssl_options.fail_if_no_peer_cert = true

                """
        }
        try config.write(toFile: "\(directory)/rabbitmq.conf", atomically: true, encoding: .utf8)
        try "[rabbitmq_stomp].\n".write(toFile: "\(directory)/enabled_plugins", atomically: true, encoding: .utf8)
        try "".write(toFile: "\(directory)/rabbitmq-env.conf", atomically: true, encoding: .utf8)
        let environment = [
            "HOME=\(directory)/home",
            "RABBITMQ_NODENAME=copr-test-\(id)@localhost",
            "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
            "RABBITMQ_DIST_PORT=\(distributionPort)",
            "ERL_EPMD_PORT=\(epmdPort)",
            "ERL_EPMD_ADDRESS=127.0.0.1",
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}",
            "RABBITMQ_MNESIA_BASE=\(directory)/mnesia",
            "RABBITMQ_LOG_BASE=\(directory)/log",
            "RABBITMQ_ENABLED_PLUGINS_FILE=\(directory)/enabled_plugins",
            "RABBITMQ_CONFIG_FILE=\(directory)/rabbitmq.conf",
            "RABBITMQ_ADVANCED_CONFIG_FILE=\(directory)/advanced.config",
            "RABBITMQ_CONF_ENV_FILE=\(directory)/rabbitmq-env.conf",
        ]
        return RabbitMQBroker(
            stompPort: stompPort, tlsPort: tls ? ports[3] : nil, certificates: certificates, password: password,
            directory: directory, environment: environment)
    }

    /// Starts the stopped node again (same database, user and ports) and returns once
    /// STOMP answers.
    public func restart() async throws {
        try await launch()
    }

    /// Stops the node the way an operator would (SIGTERM: RabbitMQ closes its
    /// connections and shuts down), and returns once it has exited; SIGKILL after a minute.
    public func stop() async {
        guard let running = supervisor.withLock({ $0.take() }) else { return }
        if let node = running.listenerPID {
            _ = Glibc.kill(node, SIGTERM)
            try? await waitUntil("RabbitMQ node stopped", timeout: .seconds(60), every: .milliseconds(100)) { running.hasExited }
        }
        await running.kill()
    }

    /// Stops the node and removes its files.
    public func shutdown() async {
        await stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func launch() async throws {
        let running = try await HostSupervisor.launch(
            ["--fork", "--pid", "--kill-child", "/usr/bin/env"] + environment + [Self.server])
        supervisor.withLock { $0 = running }
        do {
            try await waitUntil("RabbitMQ STOMP listener on 127.0.0.1:\(stompPort)", timeout: .seconds(120), every: .milliseconds(250)) {
                guard !running.hasExited else {
                    throw TestSupportError.unexpected("RabbitMQ node exited while starting:\n\(logTail())")
                }
                guard let subscriber = try? await StompTestSubscriber.connect(
                    port: stompPort, login: username, passcode: password, timeout: .seconds(2))
                else { return false }
                await subscriber.close()
                return true
            }
        } catch TestSupportError.timeout(let what) {
            throw TestSupportError.timeout("\(what)\n\(logTail())")
        }
    }

    /// The last lines of the node's log, for a failed start.
    private func logTail() -> String {
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/log")) ?? []
        return logs.filter { $0.hasSuffix(".log") }.compactMap { name in
            (try? String(contentsOfFile: "\(directory)/log/\(name)", encoding: .utf8)).map {
                "--- \(name)\n" + $0.split(separator: "\n").suffix(30).joined(separator: "\n")
            }
        }.joined(separator: "\n")
    }
}
