import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Publishes messages to one STOMP 1.2 bus and confirms each with the broker's RECEIPT.
///
/// It keeps one connection and opens it on the first send: the brokers of `hosts` are
/// tried in order (failover), each within ``StompPublisherPolicy/connectTimeout``. After
/// a round in which no broker could be reached, the next round waits the policy's
/// ``ReconnectBackoff`` (1 s, 2 s, 4 s ... by default), whether it comes in the same
/// send or a later one. A connection that fails in any way (ERROR frame, missing receipt,
/// silent broker) is dropped; the next send opens a new one. Nothing is retried inside
/// one send: the caller keeps an unconfirmed message and sends it again.
///
/// ```swift
/// let publisher = try StompPublisher(busID: "ci-bus", settings: settings, logger: logger)
/// try await publisher.send(destination: "/topic/copr", headers: ["topic": "build.end"], body: bytes)
/// await publisher.close()
/// ```
///
/// Problems are logged to `logger` with metadata `bus`. Call ``close()`` when done.
public actor StompPublisher: MessageBusSink {
    /// The bus's id (`bus_id`), also the `bus` metadata of every log line.
    public nonisolated let busID: String
    private let settings: StompBusSettings
    private let policy: StompPublisherPolicy
    private let logger: Logger
    private let group: any EventLoopGroup
    private let tls: NIOSSLContext?
    private var backoff: ReconnectBackoff
    private var lastFailedRound: ContinuousClock.Instant?
    private var connection: StompConnection?
    private var sentFrames = 0
    private var isClosed = false

    /// Headers the publisher sets itself; a caller's value for them is ignored.
    private static let reservedHeaders: Set<String> = ["destination", "receipt", "content-length", "transaction"]

    /// Reads the TLS files now (throwing ``StompError/tlsSetupFailed(_:)``) but connects
    /// only on the first send.
    public init(
        busID: String, settings: StompBusSettings, policy: StompPublisherPolicy = .standard, logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        self.busID = busID
        self.settings = settings
        self.policy = policy
        var logger = logger
        logger[metadataKey: "bus"] = .string(busID)
        self.logger = logger
        self.group = eventLoopGroup
        self.backoff = policy.backoff
        self.tls = try settings.tls.map(Self.tlsContext)
    }

    /// Sends `message` to the bus's destination with headers `topic`, `event-id` and
    /// `content-type: application/json`, and its v1stomp body.
    public func deliver(_ message: BusMessage) async throws {
        try await send(
            destination: settings.destination,
            headers: ["topic": message.topic, "event-id": message.eventID, "content-type": "application/json"],
            body: message.stompBody)
    }

    /// Sends one SEND frame with `headers` (plus `destination`, `receipt` and
    /// `content-length`, which the publisher sets) and returns once the broker confirmed
    /// it with a RECEIPT. Throws a ``StompError`` (or `CancellationError`) otherwise,
    /// within the policy's timeouts.
    public func send(destination: String, headers: [String: String], body: [UInt8]) async throws {
        guard !isClosed else { throw StompError.closed }
        let connection = try await openConnection()
        sentFrames += 1
        let receiptID = "\(busID)-\(sentFrames)"
        var frameHeaders = [StompFrame.Header("destination", destination)]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) where !Self.reservedHeaders.contains(name) {
            frameHeaders.append(StompFrame.Header(name, value))
        }
        frameHeaders.append(StompFrame.Header("receipt", receiptID))
        do {
            try await connection.send(
                StompFrame(.send, headers: frameHeaders, body: body), receiptID: receiptID, timeout: policy.receiptTimeout)
        } catch {
            if !(error is CancellationError) {
                logger.warning("Message to \(destination) not confirmed by STOMP broker \(connection.broker): \(error)")
            }
            await drop(connection)
            throw error
        }
    }

    /// Disconnects politely (waiting up to the receipt timeout) and refuses later sends
    /// with ``StompError/closed``.
    public func close() async {
        isClosed = true
        if let connection {
            self.connection = nil
            await connection.disconnect(timeout: policy.receiptTimeout)
        }
    }

    /// The open connection, or a new one after the backoff.
    private func openConnection() async throws -> StompConnection {
        if let connection {
            if connection.isActive { return connection }
            logger.warning("Reconnecting: \(connection.failure?.description ?? "connection to STOMP broker \(connection.broker) closed")")
            self.connection = nil
        }
        let opened = try await connectRound()
        // Another send may have connected while this one waited (actor reentrancy); keep
        // one connection.
        if isClosed || connection?.isActive == true {
            await opened.disconnect(timeout: policy.receiptTimeout)
            guard !isClosed, let connection else { throw StompError.closed }
            return connection
        }
        connection = opened
        return opened
    }

    /// Tries the brokers in order after the backoff's pause; throws
    /// ``StompError/authenticationFailed(broker:message:)`` if a broker refused the login,
    /// ``StompError/noBrokerReachable(attempts:)`` otherwise.
    private func connectRound() async throws -> StompConnection {
        if let lastFailedRound {
            try await Task.sleep(until: lastFailedRound + backoff.delay, clock: .continuous)
        }
        var attempts: [String] = []
        var loginRefused: StompError?
        for broker in settings.brokers {
            do {
                let connection = try await StompConnection.open(to: broker, settings: settings, policy: policy, tls: tls, group: group)
                backoff.recordSuccess()
                lastFailedRound = nil
                logger.info(
                    "Connected to STOMP broker \(broker) (heart-beats: \(connection.heartbeat))\(attempts.isEmpty ? "" : " after: " + attempts.joined(separator: "; "))")
                return connection
            } catch let error as StompError {
                if case .authenticationFailed = error {
                    logger.error("\(error)")
                    loginRefused = loginRefused ?? error
                } else {
                    logger.warning("\(error)")
                }
                if case .unreachable(_, let reason) = error {
                    attempts.append("\(broker): \(reason)")
                } else {
                    attempts.append(error.description)
                }
            }
        }
        backoff.recordFailure()
        lastFailedRound = .now
        throw loginRefused ?? StompError.noBrokerReachable(attempts: attempts)
    }

    private func drop(_ failed: StompConnection) async {
        if connection === failed {
            connection = nil
        }
        await failed.abort()
    }

    private static func tlsContext(_ files: StompBusSettings.TLSFiles) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        do {
            if let caFile = files.caFile {
                configuration.trustRoots = .file(caFile)
            }
            if let certificateFile = files.certificateFile, let keyFile = files.keyFile {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
            }
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw StompError.tlsSetupFailed(NetworkErrorText.reason(error))
        }
    }
}
