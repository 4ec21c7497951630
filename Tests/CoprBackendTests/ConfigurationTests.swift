import Foundation
import CoprCore
import Testing
@testable import CoprBackend

@Suite("copr-be.conf")
struct ConfigurationTests {
    let minimal = "[backend]\ndestdir = /srv/results\n"

    @Test("Copr's defaults apply when options are missing")
    func defaults() throws {
        let config = try BackendConfiguration.parse(minimal, path: "copr-be.conf")
        #expect(config.backend.destdir == "/srv/results")
        #expect(config.backend.buildUser == "mockbuilder")
        #expect(config.timing.repoWaitTimeout == .seconds(60))
        #expect(config.timing.hostReadyDelay(attempt: 0) == .seconds(3))
        #expect(config.timing.hostReadyDelay(attempt: 11) == .seconds(60))
        #expect(config.timing.hostReadyDelay(attempt: 50) == .seconds(60))
        #expect(config.timing.rsyncAttempts == 3)
        #expect(config.builder.minVersion == "1.6.1")
        #expect(config.builder.versionCommand == #"rpm -q copr-rpmbuild --qf "%{VERSION}\n" || copr-rpmbuild --version"#)
        #expect(config.builder.startCommand == "copr-rpmbuild --verbose --drop-resultdir")
        #expect(config.builder.logCommand == "copr-rpmbuild-log")
        #expect(config.builder.resultsDir == "/var/lib/copr-rpmbuild/results")
        #expect(config.builder.maxAttempts == 6)
        #expect(config.sshBuilderConfig == "/home/copr/.ssh/builder_config")
    }

    @Test("without a frontend_base_url the backend runs alone: embedded frontend, this machine as builder")
    func embeddedDefault() throws {
        let config = try BackendConfiguration.parse(minimal + "state_dir = /srv/state\n", path: "c.conf")
        #expect(config.frontend.embedded)
        #expect(config.frontend.listen == ListenAddress(host: "127.0.0.1", port: 5007))
        #expect(config.backend.frontendBaseURL == "http://127.0.0.1:5007")
        #expect(config.backend.resultsBaseURL == "http://127.0.0.1:5007/results")
        #expect(config.frontend.tokenLifetimeDays == 180)
        #expect(config.hosts.provider == .static)
        #expect(config.hosts.staticHosts.map(\.name) == ["local"])
        #expect(config.hosts.staticHosts.first?.transport == .local(root: "/srv/state/local-builders/local"))
        #expect(config.hosts.staticHosts.first?.tags.contains("arch_noarch") == true)

        let published = try BackendConfiguration.parse(
            minimal + "[frontend]\nlisten = 0.0.0.0:8000\npublic_url = https://builds.example.org/\n", path: "c.conf")
        #expect(published.frontend.listen == ListenAddress(host: "0.0.0.0", port: 8000))
        #expect(published.backend.frontendBaseURL == "https://builds.example.org")
        #expect(published.backend.resultsBaseURL == "https://builds.example.org/results")
        #expect(try BackendConfiguration.parse(minimal + "[frontend]\ntoken_lifetime_days = 7\n", path: "c.conf").frontend.tokenLifetimeDays == 7)
        let wildcard = try BackendConfiguration.parse(minimal + "[frontend]\nlisten = :8000\n", path: "c.conf")
        #expect(wildcard.frontend.publicURL == "http://127.0.0.1:8000")

        // Builders named in any way replace this machine.
        let resalloc = try BackendConfiguration.parse(minimal + "resalloc_connection = http://resalloc.test:49100\n", path: "c.conf")
        #expect(resalloc.frontend.embedded)
        #expect(resalloc.hosts.provider == .resalloc)
        #expect(resalloc.hosts.staticHosts.isEmpty)
    }

    @Test("[frontend] chroots lists what projects may use; by default current releases for the builders' architectures")
    func chroots() throws {
        let listed = try BackendConfiguration.parse(minimal + "[frontend]\nchroots = fedora-42-x86_64, epel-9-aarch64\n  fedora-41-x86_64\n", path: "c.conf")
        #expect(listed.frontend.chroots.chroots == ["epel-9-aarch64", "fedora-41-x86_64", "fedora-42-x86_64"])
        let local = try BackendConfiguration.parse(minimal + "[hosts]\nprovider = static\n[host:a]\naddress = a.test\ntags = copr_builder,arch_aarch64,arch_noarch\n", path: "c.conf")
        #expect(local.frontend.chroots == .defaults(architectures: ["aarch64"]))
        #expect(local.frontend.chroots.chroots.contains("fedora-41-aarch64"))
        let resalloc = try BackendConfiguration.parse(minimal + "resalloc_connection = http://resalloc.test:49100\n", path: "c.conf")
        #expect(resalloc.frontend.chroots == .defaults(architectures: []))
    }

    @Test("a copr-be.conf that names a Copr frontend works for it, with builders from resalloc")
    func coprFrontend() throws {
        let config = try BackendConfiguration.parse(minimal + "frontend_base_url = https://copr.example.org\n", path: "c.conf")
        #expect(!config.frontend.embedded)
        #expect(config.backend.frontendBaseURL == "https://copr.example.org")
        #expect(config.backend.resultsBaseURL == "http://copr-be")
        #expect(config.hosts.provider == .resalloc)
        #expect(config.hosts.staticHosts.isEmpty)
    }

    @Test("fractions of seconds, lists and static hosts are read")
    func customValues() throws {
        let text = minimal + """
            frontend_base_url = http://127.0.0.1:8080/
            [timing]
            repo_wait_poll = 0.2
            host_ready_backoff = 0.1, 0.2
            [builder]
            max_attempts = 4
            [hosts]
            provider = static
            [host:b1]
            address = 10.0.0.5
            port = 2222
            tags = copr_builder, arch_x86_64
            slots = 2
            """
        let config = try BackendConfiguration.parse(text, path: "c.conf")
        #expect(config.backend.frontendBaseURL == "http://127.0.0.1:8080")
        #expect(config.timing.repoWaitPoll == .milliseconds(200))
        #expect(config.timing.hostReadyDelay(attempt: 7) == .milliseconds(200))
        #expect(config.builder.maxAttempts == 4)
        #expect(config.hosts.staticHosts == [
            .init(name: "b1", address: "10.0.0.5", port: 2222, tags: ["copr_builder", "arch_x86_64"], slots: 2)
        ])
        let local = try BackendConfiguration.parse(
            minimal + "state_dir = /srv/state\n[host:here]\ntransport = local\n", path: "c.conf")
        #expect(local.hosts.staticHosts.first?.transport == .local(root: "/srv/state/local-builders/here"))
    }

    @Test("a bad value names file, section, option and what is expected", arguments: [
        ("[timing]\nrepo_wait_timeout = soon", "c.conf: [timing] repo_wait_timeout: 'soon': expected a number of seconds"),
        ("[timing]\nrsync_attempts = 0", "c.conf: [timing] rsync_attempts: '0': expected a whole number >= 1"),
        ("[backend]\ndo_sign = maybe", "c.conf: [backend] do_sign: 'maybe': expected true or false"),
        ("[backend]\nsigner = gpg", "c.conf: [backend] signer: 'gpg': expected one of: obs-sign, rpmsign"),
        ("[hosts]\nprovider = static", "c.conf: [hosts] provider: 'static' needs at least one [host:NAME]"),
        ("[host:x]\nport = 22", "c.conf: [host:x] address: missing"),
        ("[host:x]\ntransport = telnet", "c.conf: [host:x] transport: 'telnet': expected one of: ssh, local"),
        ("[frontend]\nlisten = everywhere", "c.conf: [frontend] listen: 'everywhere': expected host:port"),
        ("[frontend]\npublic_url = ftp://x", "c.conf: [frontend] public_url: 'ftp://x': expected an http:// or https:// URL"),
        ("[frontend]\ntoken_lifetime_days = 0", "c.conf: [frontend] token_lifetime_days: '0': expected a whole number >= 1"),
        ("[builder]\nmin_version = latest", "c.conf: [builder] min_version: 'latest': expected a dotted version"),
        ("[frontend]\nchroots = fedora-41", "c.conf: [frontend] chroots: 'fedora-41': expected chroot names such as fedora-41-x86_64"),
    ])
    func badValues(snippet: String, message: String) throws {
        let error = #expect(throws: ConfigurationError.self) {
            try BackendConfiguration.parse(minimal + snippet, path: "c.conf")
        }
        #expect(error?.description.hasPrefix(message) == true, "\(error.map { "\($0)" } ?? "")")
    }

    @Test("the example configuration shipped in examples/ is valid")
    func example() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try BackendConfiguration.load(path: root.appendingPathComponent("examples/copr-be.conf").path)
        #expect(config.hosts.provider == .static)
        #expect(config.hosts.staticHosts.map(\.name) == ["builder1", "this-machine"])
        #expect(config.hosts.staticHosts.last?.transport == .local(root: "/var/lib/copr-backend/local-builders/this-machine"))
        #expect(config.scheduling.maxWorkersPerArch == [.init("x86_64", max: 40), .init("aarch64", max: 10)])
        #expect(config.backend.msgbusConfigDir == "/etc/copr/msgbuses")
        let buses = try MessageBusConfiguration.loadAll(directory: root.appendingPathComponent("examples/msgbuses").path)
        #expect(buses.map(\.busID) == ["umb"])
    }

    @Test("destdir is required")
    func destdirRequired() {
        let error = #expect(throws: ConfigurationError.self) {
            try BackendConfiguration.parse("[backend]\nsleeptime = 5\n", path: "c.conf")
        }
        #expect(error?.description.hasPrefix("c.conf: [backend] destdir: missing") == true)
    }
}
