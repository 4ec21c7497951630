import Foundation

/// The options of a `bus_type = stomp` file: brokers in failover order, the destination
/// every event goes to, the login and the TLS files.
public struct StompBusSettings: Sendable, Equatable {
    /// One broker from `hosts`.
    public struct Broker: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// `host:port`, the way the operator wrote it in `hosts` (IPv6 in brackets).
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// `cacert`, `cert_file` and `key_file`: their presence turns TLS on.
    public struct TLSFiles: Sendable, Equatable {
        /// PEM file of the CAs that sign the brokers' certificates; nil: the system's trust store.
        public var caFile: String?
        /// PEM client certificate (chain) and its key, for brokers that authenticate clients
        /// by certificate; both or neither.
        public var certificateFile: String?
        public var keyFile: String?

        public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    /// Brokers in failover order: the publisher tries the first, then the next.
    public var brokers: [Broker]
    /// Where every event is sent (`destination`, default `/default` like upstream).
    public var destination: String
    /// The CONNECT frame's `host` header (`vhost`, default `/`). RabbitMQ reads it as its
    /// virtual host; ActiveMQ and Artemis ignore it.
    public var virtualHost: String
    /// `[auth] username` and `password`; nil connects without a login.
    public var login: String?
    public var passcode: String?
    /// nil: plain TCP.
    public var tls: TLSFiles?

    public init(
        brokers: [Broker], destination: String = "/default", virtualHost: String = "/", login: String? = nil,
        passcode: String? = nil, tls: TLSFiles? = nil
    ) {
        self.brokers = brokers
        self.destination = destination
        self.virtualHost = virtualHost
        self.login = login
        self.passcode = passcode
        self.tls = tls
    }

    init(_ options: OptionReader) throws {
        let hosts = try options.required("bus", "hosts", expected: "comma-separated host:port, e.g. broker1:61613, broker2:61613")
        brokers = try hosts.split(separator: ",").map { item in
            let text = item.trimmingCharacters(in: .whitespaces)
            guard let broker = Self.broker(text) else {
                throw options.error("bus", "hosts", text, "expected host:port with a port from 1 to 65535, e.g. broker1:61613")
            }
            return broker
        }
        guard !brokers.isEmpty else {
            throw options.error("bus", "hosts", hosts, "expected at least one host:port")
        }
        destination = options.string("bus", "destination", default: "/default")
        virtualHost = options.string("bus", "vhost", default: "/")
        login = options.optionalString("auth", "username")
        passcode = options.optionalString("auth", "password")
        if passcode != nil, login == nil {
            throw ConfigurationError(
                file: options.file, section: "auth", option: "username", problem: "missing; a password needs its username")
        }
        let caFile = try Self.existingFile(options, "cacert")
        let certificateFile = try Self.existingFile(options, "cert_file")
        let keyFile = try Self.existingFile(options, "key_file")
        if (certificateFile == nil) != (keyFile == nil) {
            let missing = certificateFile == nil ? "cert_file" : "key_file"
            throw ConfigurationError(
                file: options.file, section: "bus", option: missing,
                problem: "missing; a client certificate needs both cert_file and key_file")
        }
        if caFile != nil || certificateFile != nil {
            tls = TLSFiles(caFile: caFile, certificateFile: certificateFile, keyFile: keyFile)
        } else {
            tls = nil
        }
    }

    /// `host:port` or `[v6-address]:port`.
    private static func broker(_ text: String) -> Broker? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { return nil }
        return Broker(host: host, port: port)
    }

    private static func existingFile(_ options: OptionReader, _ option: String) throws -> String? {
        guard options.optionalString("bus", option) != nil, let path = try options.path("bus", option, default: nil) else {
            return nil
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw options.error("bus", option, path, "no readable file there; expected a PEM file")
        }
        return path
    }
}
