import CoprCore
import Foundation

/// Checks, before the daemon takes any task, that every sandboxed builder on this machine
/// can run here: the tools, the account, and a real command in the sandbox. A local
/// builder that would run a package's code with the backend's identity is refused at
/// start instead, with what is missing.
public enum LocalSandboxCheck {
    /// Throws for the first sandboxed local builder of `configuration` that cannot run.
    public static func verify(_ configuration: BackendConfiguration, shells: BuilderShellFactory) async throws(LocalSandboxUnavailable) {
        for host in configuration.hosts.staticHosts {
            guard case .local(let root) = host.transport, case .sandbox(let user) = host.isolation else { continue }
            try await verify(host: host.name, root: root, buildUser: user, shells: shells)
        }
    }

    static func verify(host: String, root: String, buildUser: String, shells: BuilderShellFactory) async throws(LocalSandboxUnavailable) {
        func refuse(_ problem: String) -> LocalSandboxUnavailable { LocalSandboxUnavailable(host: host, problem: problem) }
        guard geteuid() == 0 else {
            throw refuse("copr-backend runs as \(NSUserName()), not root, so it cannot run builds as the account \(buildUser)")
        }
        for (tool, package) in [("bwrap", "bubblewrap"), ("setpriv", "util-linux"), ("unshare", "util-linux")] where !ProcessRunner.isAvailable(tool) {
            throw refuse("\(tool) is missing; install Debian's \(package) package")
        }
        guard let account = LocalSandbox.Account.named(buildUser) else {
            throw refuse("the account \(buildUser) does not exist; create it with `useradd --system --no-create-home --shell /usr/sbin/nologin \(buildUser)` (scripts/install-dependencies.sh does)")
        }
        guard account.uid != 0, account.uid != geteuid() else {
            throw refuse("the account \(buildUser) is privileged (uid \(account.uid)); name an unprivileged account of its own in [host:\(host)] build_user")
        }
        var lease = BuilderHost(hostname: "localhost", port: nil, name: host, user: nil, allocationID: "check-\(host)", ticketID: nil, requestedTags: [])
        lease.transport = .local(root: root)
        let shell = shells.shell(for: lease, user: buildUser)
        let identity: RemoteCommandResult
        do {
            identity = try await shell.run("id -u", timeout: .seconds(30))
        } catch {
            throw refuse("a command cannot run in its sandbox: \(error)")
        }
        guard identity.exitCode == 0, identity.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(account.uid) else {
            throw refuse("a command in its sandbox did not run as \(buildUser): \(identity.output)\(identity.errorOutput)".trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let offline = try? await shell.run("unshare --map-current-user --net true", timeout: .seconds(30))
        guard offline?.exitCode == 0 else {
            throw refuse("the agent cannot cut a package's code off the network (`unshare --map-current-user --net` failed: \(offline?.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines) ?? "no answer")); user namespaces must be enabled (sysctl user.max_user_namespaces > 0)")
        }
    }
}
