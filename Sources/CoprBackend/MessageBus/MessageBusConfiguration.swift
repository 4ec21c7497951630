import CoprCore
import Foundation

/// One message bus the backend announces build events to, read from one `*.ini` file of
/// the bus directory (upstream keeps one Python file per bus in `/etc/copr/msgbuses/`; we
/// keep its option names in an INI format that needs no Python).
///
/// ```ini
/// [bus]
/// bus_type = stomp
/// bus_id = ci-bus
/// hosts = broker1.example.org:61612, broker2.example.org:61612
/// destination = /topic/copr
/// cacert = /etc/pki/ca.crt
/// cert_file = /etc/pki/copr.crt
/// key_file = /etc/pki/copr.key
///
/// [auth]
/// username = copr
/// password = secret
/// ```
///
/// Optional beyond upstream's names: `vhost` (the CONNECT `host` header, default `/`,
/// RabbitMQ's virtual host). A webhook bus has `bus_type = webhook`, `url` and `secret`
/// instead of the broker options.
public struct MessageBusConfiguration: Sendable, Equatable {
    /// How events reach the bus.
    public enum Transport: Sendable, Equatable {
        /// A STOMP 1.2 broker (ActiveMQ, Artemis, RabbitMQ with its STOMP plugin).
        case stomp(StompBusSettings)
        /// An HTTP endpoint that receives signed POSTs.
        case webhook(WebhookBusSettings)
    }

    /// Where upstream keeps its bus files, and where we look unless told otherwise.
    public static let defaultDirectory = "/etc/copr/msgbuses/"

    /// The bus's name in logs, metrics and the outbox (`bus_id`; default: the file name
    /// without `.ini`). Unique among the files of one directory.
    public var busID: String
    /// The file the bus was read from, for messages to the operator.
    public var file: String
    /// The transport and its options.
    public var transport: Transport

    public init(busID: String, file: String, transport: Transport) {
        self.busID = busID
        self.file = file
        self.transport = transport
    }

    /// Reads every `*.ini` file of `directory`, in name order. A directory that does not
    /// exist means "no buses"; any bad file throws a one-line ``ConfigurationError``.
    public static func loadAll(directory: String) throws -> [MessageBusConfiguration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch CocoaError.fileReadNoSuchFile {
            return []
        } catch {
            throw ConfigurationError(file: directory, problem: "cannot list the message-bus directory: \(error.localizedDescription)")
        }
        var buses: [MessageBusConfiguration] = []
        for name in names.sorted() where name.hasSuffix(".ini") {
            let file = (directory as NSString).appendingPathComponent(name)
            let bus = try load(file: file)
            if let other = buses.first(where: { $0.busID == bus.busID }) {
                throw ConfigurationError(
                    file: file, section: "bus", option: "bus_id",
                    problem: "'\(bus.busID)' is already the id of \(other.file); give every bus its own bus_id")
            }
            buses.append(bus)
        }
        return buses
    }

    /// Reads one bus file.
    public static func load(file: String) throws -> MessageBusConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: file, problem: "cannot read the message-bus file: \(error.localizedDescription)")
        }
        return try MessageBusConfiguration(file: file, text: text)
    }

    /// Parses the text of one bus file; `file` names it in errors and gives the default id.
    public init(file: String, text: String) throws {
        let ini: INIFile
        do {
            ini = try INIFile(text: text)
        } catch let error as INIFile.ParseError {
            throw ConfigurationError(file: file, problem: error.description)
        }
        guard ini.sections["bus"] != nil else {
            throw ConfigurationError(file: file, section: "bus", problem: "missing section; a bus file needs [bus] with bus_type")
        }
        let options = OptionReader(file: file, ini: ini)
        let defaultID = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        busID = options.optionalString("bus", "bus_id") ?? defaultID
        self.file = file
        switch try options.required("bus", "bus_type", expected: "stomp or webhook") {
        case "stomp":
            transport = .stomp(try StompBusSettings(options))
        case "webhook":
            transport = .webhook(try WebhookBusSettings(options))
        case let other:
            throw options.error("bus", "bus_type", other, "expected stomp or webhook")
        }
    }
}
