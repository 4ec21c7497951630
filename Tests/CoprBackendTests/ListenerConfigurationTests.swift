import CoprHTTPServer
import Testing
@testable import CoprBackend

/// The limits of both HTTP listeners in copr-be.conf: `[frontend] idle_timeout`,
/// `header_timeout`, `body_timeout`, `max_connections`, and `http_`-prefixed the same in
/// `[backend]` for the daemon.
@Suite("copr-be.conf: listener limits")
struct ListenerConfigurationTests {
    let minimal = "[backend]\ndestdir = /srv/results\n"

    @Test("without options both listeners time out idle and slow clients and limit their connections")
    func defaults() throws {
        let config = try BackendConfiguration.parse(minimal, path: "c.conf")
        #expect(config.frontend.limits == ListenerLimits(
            idleTimeout: .seconds(75), headerTimeout: .seconds(20), bodyTimeout: .seconds(60), maxConnections: 512))
        #expect(config.backend.httpLimits == ListenerLimits(
            idleTimeout: .seconds(75), headerTimeout: .seconds(20), bodyTimeout: .seconds(60), maxConnections: 64))
    }

    @Test("each listener reads its own options, fractions of seconds allowed")
    func options() throws {
        let config = try BackendConfiguration.parse(
            minimal + """
                http_idle_timeout = 10
                http_header_timeout = 2.5
                http_body_timeout = 4
                http_max_connections = 8
                [frontend]
                idle_timeout = 300
                header_timeout = 30
                body_timeout = 120
                max_connections = 2000
                """, path: "c.conf")
        #expect(config.backend.httpLimits == ListenerLimits(
            idleTimeout: .seconds(10), headerTimeout: .milliseconds(2500), bodyTimeout: .seconds(4), maxConnections: 8))
        #expect(config.frontend.limits == ListenerLimits(
            idleTimeout: .seconds(300), headerTimeout: .seconds(30), bodyTimeout: .seconds(120), maxConnections: 2000))
    }

    @Test("bad values are refused with the option and what is expected", arguments: [
        ("[frontend]\nidle_timeout = 0\n", "[frontend] idle_timeout: '0': expected a number of seconds > 0"),
        ("http_body_timeout = soon\n", "[backend] http_body_timeout: 'soon': expected a number of seconds >= 0"),
        ("[frontend]\nmax_connections = 0\n", "[frontend] max_connections: '0': expected a whole number >= 1"),
        ("http_header_timeout = 100\n", "[backend] http_header_timeout: '100': expected at most http_idle_timeout (75 s)"),
        ("[frontend]\nidle_timeout = 30\n", "[frontend] idle_timeout: '30': expected at least body_timeout (60 s by default)"),
    ])
    func refused(options: String, message: String) throws {
        let error = #expect(throws: ConfigurationError.self) {
            try BackendConfiguration.parse(minimal + options, path: "c.conf")
        }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }
}
