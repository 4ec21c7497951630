import CoprBackend
import Foundation
import Logging
import Testing

/// Bus files in /etc/copr/msgbuses/: what an operator writes, and the one-line errors
/// when it is wrong.
@Suite("Message bus configuration")
struct MessageBusConfigurationTests {
    func parse(_ text: String, file: String = "/etc/copr/msgbuses/fedora.ini") throws -> MessageBusConfiguration {
        try MessageBusConfiguration(file: file, text: text)
    }

    func problem(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("a STOMP bus: hosts in failover order, destination, login and TLS files")
    func stompBus() throws {
        try withBusDirectory { directory in
            for name in ["ca.crt", "copr.crt", "copr.key"] {
                try "PEM".write(toFile: directory.appending(name), atomically: true, encoding: .utf8)
            }
            let bus = try parse("""
                [bus]
                bus_type = stomp
                bus_id = ci-bus
                hosts = broker1.example.org:61612, [2001:db8::7]:61613 ,10.0.0.5:61614
                destination = /topic/copr
                cacert = \(directory.appending("ca.crt"))
                cert_file = \(directory.appending("copr.crt"))
                key_file = \(directory.appending("copr.key"))

                [auth]
                username = copr
                password = s3cret
                """)
            #expect(bus.busID == "ci-bus")
            #expect(bus.transport == .stomp(StompBusSettings(
                brokers: [
                    .init(host: "broker1.example.org", port: 61612), .init(host: "2001:db8::7", port: 61613),
                    .init(host: "10.0.0.5", port: 61614),
                ],
                destination: "/topic/copr", virtualHost: "/", login: "copr", passcode: "s3cret",
                tls: .init(caFile: directory.appending("ca.crt"), certificateFile: directory.appending("copr.crt"),
                           keyFile: directory.appending("copr.key")))))
        }
    }

    @Test("defaults: bus_id from the file name, destination /default, no login, plain TCP")
    func stompDefaults() throws {
        let bus = try parse("[bus]\nbus_type = stomp\nhosts = localhost:61613\n", file: "/etc/copr/msgbuses/umb.ini")
        #expect(bus.busID == "umb")
        #expect(bus.transport == .stomp(StompBusSettings(brokers: [.init(host: "localhost", port: 61613)])))
    }

    @Test("a webhook bus: url and secret")
    func webhookBus() throws {
        let bus = try parse("[bus]\nbus_type = webhook\nbus_id = packit\nurl = https://hooks.example.org/copr?x=1\nsecret = k3y\n")
        #expect(bus == MessageBusConfiguration(
            busID: "packit", file: "/etc/copr/msgbuses/fedora.ini",
            transport: .webhook(WebhookBusSettings(url: "https://hooks.example.org/copr?x=1", secret: "k3y"))))
    }

    @Test("every mistake is one line naming the file, section, option and what is expected")
    func errors() {
        let file = "/etc/copr/msgbuses/fedora.ini"
        #expect(problem("bus_type = stomp") == "\(file): line 1: option outside of any [section]")
        #expect(problem("[auth]\nusername = a") == "\(file): [bus]: missing section; a bus file needs [bus] with bus_type")
        #expect(problem("[bus]\nhosts = a:1") == "\(file): [bus] bus_type: missing; expected stomp or webhook")
        #expect(problem("[bus]\nbus_type = fedora-messaging") == "\(file): [bus] bus_type: 'fedora-messaging': expected stomp or webhook")
        #expect(problem("[bus]\nbus_type = stomp") == "\(file): [bus] hosts: missing; expected comma-separated host:port, e.g. broker1:61613, broker2:61613")
        #expect(problem("[bus]\nbus_type = stomp\nhosts = broker1:61613, broker2")
            == "\(file): [bus] hosts: 'broker2': expected host:port with a port from 1 to 65535, e.g. broker1:61613")
        #expect(problem("[bus]\nbus_type = stomp\nhosts = broker1:99999").hasPrefix("\(file): [bus] hosts: 'broker1:99999': expected host:port"))
        #expect(problem("[bus]\nbus_type = stomp\nhosts = b:1\n[auth]\npassword = x")
            == "\(file): [auth] username: missing; a password needs its username")
        #expect(problem("[bus]\nbus_type = stomp\nhosts = b:1\ncacert = /nonexistent/ca.crt")
            == "\(file): [bus] cacert: '/nonexistent/ca.crt': no readable file there; expected a PEM file")
        #expect(problem("[bus]\nbus_type = stomp\nhosts = b:1\ncacert = relative/ca.crt")
            == "\(file): [bus] cacert: 'relative/ca.crt': expected an absolute path")
        #expect(problem("[bus]\nbus_type = stomp\nhosts = b:1\ncert_file = /etc/hostname")
            == "\(file): [bus] key_file: missing; a client certificate needs both cert_file and key_file")
        #expect(problem("[bus]\nbus_type = webhook\nurl = ftp://example.org/\nsecret = k")
            == "\(file): [bus] url: 'ftp://example.org/': expected an http:// or https:// URL")
        #expect(problem("[bus]\nbus_type = webhook\nurl = https://example.org/")
            == "\(file): [bus] secret: missing; expected the shared key receivers use to check X-Copr-Signature")
    }

    @Test("a directory: every *.ini in name order; a missing directory means no buses; ids are unique")
    func directory() throws {
        #expect(try MessageBusConfiguration.loadAll(directory: "/nonexistent/msgbuses").isEmpty)
        try withBusDirectory { directory in
            try "[bus]\nbus_type = webhook\nurl = http://127.0.0.1:1/\nsecret = k\n"
                .write(toFile: directory.appending("b-hook.ini"), atomically: true, encoding: .utf8)
            try "[bus]\nbus_type = stomp\nhosts = 127.0.0.1:61613\n"
                .write(toFile: directory.appending("a-broker.ini"), atomically: true, encoding: .utf8)
            try "bus_type = 'python'\n".write(toFile: directory.appending("old-style.conf"), atomically: true, encoding: .utf8)
            let buses = try MessageBusConfiguration.loadAll(directory: directory.path)
            #expect(buses.map(\.busID) == ["a-broker", "b-hook"])

            try "[bus]\nbus_id = a-broker\nbus_type = webhook\nurl = http://127.0.0.1:1/\nsecret = k\n"
                .write(toFile: directory.appending("c-copy.ini"), atomically: true, encoding: .utf8)
            let error = #expect(throws: ConfigurationError.self) { try MessageBusConfiguration.loadAll(directory: directory.path) }
            #expect(error?.description
                == "\(directory.appending("c-copy.ini")): [bus] bus_id: 'a-broker' is already the id of \(directory.appending("a-broker.ini")); give every bus its own bus_id")
        }
    }

    @Test("the factory makes a STOMP publisher or a webhook publisher per bus")
    func factory() async throws {
        let buses = [
            try parse("[bus]\nbus_type = stomp\nbus_id = one\nhosts = 127.0.0.1:61613\n"),
            try parse("[bus]\nbus_type = webhook\nbus_id = two\nurl = http://127.0.0.1:1/\nsecret = k\n"),
        ]
        let sinks = try MessageBusSinkFactory(logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }).makeSinks(for: buses)
        #expect(sinks.map(\.busID) == ["one", "two"])
        #expect(sinks[0] is StompPublisher)
        #expect(sinks[1] is WebhookPublisher)
        for sink in sinks {
            await sink.close()
        }
    }
}

/// Runs `body` with a fresh temporary directory that is removed afterwards (synchronous).
private func withBusDirectory<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    return try body(directory)
}
