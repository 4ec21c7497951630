import Foundation

extension BackendConfiguration {
    /// `[host:NAME] build_user` and `unsafe_unsandboxed` of a local builder.
    static func readIsolation(_ r: OptionReader, section: String) throws -> LocalIsolation {
        if try r.bool(section, "unsafe_unsandboxed", default: false) { return .unsandboxed }
        let user = r.string(section, "build_user", default: LocalSandbox.defaultBuildUser)
        guard BuilderHost.validatedHostname(user) == user, user != "root", !user.contains(":") else {
            throw r.error(section, "build_user", user, "expected the name of an unprivileged account of this machine")
        }
        return .sandbox(buildUser: user)
    }

    /// A sandboxed local builder runs one build at a time under an account of its own: its
    /// leftover processes are stopped after each build, which must not reach another build.
    static func checkBuildAccounts(_ r: OptionReader, _ hosts: [HostsOptions.StaticHost]) throws {
        var owners: [String: String] = [:]
        for host in hosts {
            guard case .local = host.transport, case .sandbox(let user) = host.isolation else { continue }
            let section = "host:\(host.name)"
            guard host.slots == 1 else {
                throw r.error(section, "slots", "\(host.slots)", "a sandboxed local builder has one slot; add a [host:NAME] with its own build_user for each more")
            }
            if let other = owners.updateValue(host.name, forKey: user) {
                throw r.error(section, "build_user", user, "[host:\(other)] builds as \(user) already; each local builder needs an account of its own")
            }
        }
    }

    /// What a local builder's sandbox hides: the backend's state, logs, results and
    /// message-bus configuration, its signing keys and SSH configuration, and this file.
    public var localSandboxHiddenPaths: [String] {
        var paths = [backend.stateDir, backend.logDir, backend.destdir, backend.msgbusConfigDir, sshBuilderConfig, path]
        if let gpgHome = backend.gpgHome { paths.append(gpgHome) }
        return paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }
}
