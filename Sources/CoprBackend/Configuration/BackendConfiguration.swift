import CoprCore
import Foundation

/// copr-be.conf, parsed and validated: Copr's sections and option names with Copr's
/// defaults, plus `[timing]`, the builder commands and `[hosts]`.
public struct BackendConfiguration: Sendable {
    public static let defaultPath = "/etc/copr/copr-be.conf"

    /// The file this configuration came from, for messages.
    public var path: String
    public var backend: BackendOptions
    public var timing = TimingOptions()
    public var builder = BuilderOptions()
    public var hosts = HostsOptions()
    /// The embedded frontend, or none when a Copr frontend is used.
    public var frontend = FrontendOptions(embedded: false)
    /// The build dispatcher's cycle and limits.
    public var scheduling = SchedulingOptions()
    /// `[ssh] builder_config`: the OpenSSH client configuration for builders.
    public var sshBuilderConfig: String = "/home/copr/.ssh/builder_config"
    /// The buses of `[backend] msgbus_config_dir`, one file each; none when it is missing.
    public var messageBuses: [MessageBusConfiguration] = []

    public init(path: String, backend: BackendOptions) {
        self.path = path
        self.backend = backend
    }

    /// Reads and validates `path`; every problem is a `ConfigurationError`.
    public static func load(path: String) throws -> BackendConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, problem: "cannot read the configuration file (\(error.localizedDescription))")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> BackendConfiguration {
        let ini: INIFile
        do {
            ini = try INIFile(text: text)
        } catch let error as INIFile.ParseError {
            throw ConfigurationError(file: path, problem: error.description)
        }
        let reader = OptionReader(file: path, ini: ini)
        guard let destdir = try reader.path("backend", "destdir", default: nil) else {
            throw ConfigurationError(
                file: path, section: "backend", option: "destdir",
                problem: "missing: the root of the results tree must be set")
        }
        var config = BackendConfiguration(path: path, backend: try readBackend(reader, destdir: destdir))
        config.timing = try readTiming(reader)
        config.builder = try readBuilder(reader)
        config.frontend = try readFrontend(reader)
        if config.frontend.embedded {
            // Builders fetch their tasks, and users their results, from the embedded frontend.
            if reader.optionalString("backend", "frontend_base_url") == nil {
                config.backend.frontendBaseURL = config.frontend.publicURL
            }
            if reader.optionalString("backend", "results_baseurl") == nil {
                config.backend.resultsBaseURL = config.frontend.publicURL + "/results"
            }
        }
        config.hosts = try readHosts(reader, ini: ini, stateDir: config.backend.stateDir, embedded: config.frontend.embedded)
        config.frontend.chroots = try readChroots(reader, architectures: config.hosts.builderArchitectures)
        config.scheduling = try readScheduling(reader)
        config.sshBuilderConfig = reader.string("ssh", "builder_config", default: config.sshBuilderConfig)
        config.messageBuses = try MessageBusConfiguration.loadAll(directory: config.backend.msgbusConfigDir)
        return config
    }

    private static func readBackend(_ r: OptionReader, destdir: String) throws -> BackendOptions {
        var b = BackendOptions(destdir: destdir)
        b.resultsBaseURL = try r.url("backend", "results_baseurl", default: b.resultsBaseURL)
        b.frontendBaseURL = try r.url("backend", "frontend_base_url", default: b.frontendBaseURL)
        b.frontendAuth = r.string("backend", "frontend_auth", default: b.frontendAuth)
        b.buildUser = r.string("backend", "build_user", default: b.buildUser)
        b.logDir = try r.path("backend", "log_dir", default: b.logDir) ?? b.logDir
        b.logLevel = try r.choice(
            "backend", "log_level", default: b.logLevel,
            among: ["debug", "info", "warning", "error", "critical"])
        b.stateDir = try r.path("backend", "state_dir", default: b.stateDir) ?? b.stateDir
        b.msgbusConfigDir = try r.path("backend", "msgbus_config_dir", default: b.msgbusConfigDir) ?? b.msgbusConfigDir
        b.createrepoCommand = r.string("backend", "createrepo_command", default: b.createrepoCommand)
        b.doSign = try r.bool("backend", "do_sign", default: b.doSign)
        b.signer = BackendOptions.Signer(
            rawValue: try r.choice("backend", "signer", default: b.signer.rawValue, among: ["obs-sign", "rpmsign"]))!
        b.signCommand = r.string("backend", "sign_command", default: b.signCommand)
        b.keygenHost = r.string("backend", "keygen_host", default: b.keygenHost)
        b.signDomain = r.string("backend", "sign_domain", default: b.signDomain)
        b.gentlyGpgSha256 = try r.bool("backend", "gently_gpg_sha256", default: b.gentlyGpgSha256)
        b.gpgHome = try r.path("backend", "gpg_home", default: nil)
        if let raw = r.optionalString("backend", "http_listen") {
            guard let address = ListenAddress(raw) else {
                throw r.error("backend", "http_listen", raw, "expected host:port, e.g. 127.0.0.1:5006")
            }
            b.httpListen = address
        }
        b.httpLimits = try readListenerLimits(r, section: "backend", prefix: "http_", defaults: b.httpLimits)
        return b
    }

    private static func readFrontend(_ r: OptionReader) throws -> FrontendOptions {
        var f = FrontendOptions(
            embedded: try r.bool("frontend", "embedded", default: r.optionalString("backend", "frontend_base_url") == nil))
        if let raw = r.optionalString("frontend", "listen") {
            guard let address = ListenAddress(raw) else {
                throw r.error("frontend", "listen", raw, "expected host:port, e.g. 127.0.0.1:5007")
            }
            f.listen = address
        }
        f.publicURL = try r.url("frontend", "public_url", default: FrontendOptions.url(of: f.listen))
        f.maxUploadSize = try r.integer("frontend", "max_upload_size", default: f.maxUploadSize, minimum: 1)
        f.tokenLifetimeDays = try r.integer("frontend", "token_lifetime_days", default: f.tokenLifetimeDays, minimum: 1)
        f.limits = try readListenerLimits(r, section: "frontend", defaults: f.limits)
        return f
    }

    /// `[frontend] chroots`, or the default offer for the builders' architectures.
    private static func readChroots(_ r: OptionReader, architectures: [String]) throws -> ChrootOffer {
        guard let raw = r.optionalString("frontend", "chroots") else { return .defaults(architectures: architectures) }
        do {
            return try ChrootOffer(raw.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init))
        } catch {
            throw r.error("frontend", "chroots", raw, "expected chroot names such as fedora-41-x86_64 epel-9-aarch64 (\(error.reason))")
        }
    }

    private static func readTiming(_ r: OptionReader) throws -> TimingOptions {
        var t = TimingOptions()
        t.repoWaitTimeout = try r.seconds("timing", "repo_wait_timeout", default: 60)
        t.repoWaitPoll = try r.seconds("timing", "repo_wait_poll", default: 2)
        t.hostReadyBackoff = try r.secondsList(
            "timing", "host_ready_backoff", default: [3, 3, 6, 6, 10, 10, 10, 20, 20, 20, 30, 60])
        t.hostRetryPause = try r.seconds("timing", "host_retry_pause", default: 60)
        t.sshRetryPause = try r.seconds("timing", "ssh_retry_pause", default: 10)
        t.sshCommandTimeout = try r.seconds("timing", "ssh_command_timeout", default: 180)
        t.sshUnstableWindow = try r.seconds("timing", "ssh_unstable_window", default: 120)
        t.frontendRetryStep = try r.seconds("timing", "frontend_retry_step", default: 5)
        t.frontendRequestTimeout = try r.seconds("timing", "frontend_request_timeout", default: 30)
        t.signRetryPause = try r.seconds("timing", "sign_retry_pause", default: 20)
        t.cancelGrace = try r.seconds("timing", "cancel_grace", default: 30)
        t.cancelCheckPeriod = try r.seconds("timing", "cancel_check_period", default: 5)
        t.ticketLivenessPeriod = try r.seconds("timing", "ticket_liveness_period", default: 600)
        t.timeoutGrace = try r.seconds("timing", "timeout_grace", default: 3600)
        t.rsyncAttempts = try r.integer("timing", "rsync_attempts", default: 3, minimum: 1)
        t.eventRetryPause = try r.seconds("timing", "event_retry_pause", default: 1)
        t.eventDeliveryWait = try r.seconds("timing", "event_delivery_wait", default: 30)
        for (option, value) in [
            ("repo_wait_poll", t.repoWaitPoll), ("cancel_check_period", t.cancelCheckPeriod),
            ("frontend_request_timeout", t.frontendRequestTimeout), ("ssh_command_timeout", t.sshCommandTimeout),
            ("event_retry_pause", t.eventRetryPause),
        ] where value == .zero {
            throw r.error("timing", option, "0", "expected a number of seconds > 0")
        }
        return t
    }

    private static func readBuilder(_ r: OptionReader) throws -> BuilderOptions {
        var b = BuilderOptions()
        b.defaultTimeout = try r.integer("builder", "timeout", default: b.defaultTimeout, minimum: 1)
        b.minVersion = r.string("builder", "min_version", default: b.minVersion)
        guard BuilderVersion(b.minVersion) != nil else {
            throw r.error("builder", "min_version", b.minVersion, "expected a dotted version such as 1.6.1")
        }
        b.versionCommand = try command(r, "version_command", default: b.versionCommand)
        b.readyCommand = try command(r, "ready_command", default: b.readyCommand)
        b.startCommand = try command(r, "start_command", default: b.startCommand)
        b.logCommand = try command(r, "log_command", default: b.logCommand)
        b.cancelCommand = try command(r, "cancel_command", default: b.cancelCommand)
        b.pidCommand = try command(r, "pid_command", default: b.pidCommand)
        b.resultsDir = try r.path("builder", "results_dir", default: b.resultsDir) ?? b.resultsDir
        b.maxAttempts = try r.integer("builder", "max_attempts", default: b.maxAttempts, minimum: 1)
        b.maxHosts = try r.integer("builder", "max_hosts", default: b.maxHosts, minimum: 1)
        b.consecutiveFailureThreshold = try r.integer(
            "builder", "consecutive_failure_threshold", default: b.consecutiveFailureThreshold)
        return b
    }

    private static func command(_ r: OptionReader, _ option: String, default value: String) throws -> String {
        let command = r.string("builder", option, default: value)
        guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw r.error("builder", option, command, "expected a command line")
        }
        return command
    }

    private static func readHosts(_ r: OptionReader, ini: INIFile, stateDir: String, embedded: Bool) throws -> HostsOptions {
        var h = HostsOptions()
        let hostSections = ini.sectionOrder.filter { $0.hasPrefix("host:") }
        let buildersNamed = r.optionalString("hosts", "provider") != nil || !hostSections.isEmpty
            || r.optionalString("backend", "resalloc_connection") != nil
        if embedded && !buildersNamed {
            // A backend that runs alone builds on its own machine unless told otherwise.
            h.provider = .static
            h.staticHosts = [HostsOptions.StaticHost.thisMachine(stateDir: stateDir)]
            return h
        }
        h.provider = HostsOptions.Provider(
            rawValue: try r.choice("hosts", "provider", default: "resalloc", among: ["resalloc", "static"]))!
        h.resallocConnection = try r.url("backend", "resalloc_connection", default: h.resallocConnection)
        for section in hostSections {
            let name = String(section.dropFirst("host:".count))
            guard !name.isEmpty else {
                throw ConfigurationError(file: r.file, section: section, problem: "a host section needs a name: [host:NAME]")
            }
            let transport: BuilderTransport
            var isolation = LocalIsolation.default
            switch try r.choice(section, "transport", default: "ssh", among: ["ssh", "local"]) {
            case "local":
                let root = try r.path(section, "root", default: "\(stateDir)/local-builders/\(name)")!
                transport = .local(root: root)
                isolation = try readIsolation(r, section: section)
            default:
                transport = .ssh
            }
            guard let address = r.optionalString(section, "address") ?? (transport == .ssh ? nil : "localhost") else {
                throw ConfigurationError(file: r.file, section: section, option: "address", problem: "missing: the host name or IP address of the builder")
            }
            let port = try r.integer(section, "port", default: 22, minimum: 1)
            guard port <= 65535 else { throw r.error(section, "port", "\(port)", "expected a TCP port 1-65535") }
            let tags = r.string(section, "tags", default: "copr_builder")
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            h.staticHosts.append(HostsOptions.StaticHost(
                name: name, address: address,
                port: r.optionalString(section, "port") == nil ? nil : port,
                user: r.optionalString(section, "user"),
                tags: Set(tags),
                slots: try r.integer(section, "slots", default: 1, minimum: 1),
                transport: transport, isolation: isolation))
        }
        try checkBuildAccounts(r, h.staticHosts)
        if h.provider == .static && h.staticHosts.isEmpty {
            throw ConfigurationError(
                file: r.file, section: "hosts", option: "provider",
                problem: "'static' needs at least one [host:NAME] section with an address")
        }
        return h
    }
}
