import CoprBackend
import CoprCore
import Foundation
import Testing

/// A local builder's sandbox as configured (`[host:NAME] build_user`,
/// `unsafe_unsandboxed`) and the mounts it spells.
@Suite("Local builder: sandbox configuration", .timeLimit(.minutes(2)))
struct LocalSandboxConfigurationTests {
    static let minimal = "[backend]\ndestdir = /srv/results\nstate_dir = /srv/state\n"

    @Test("local builders are sandboxed as copr-build unless told otherwise; unsafe_unsandboxed is explicit")
    func isolation() throws {
        let embedded = try BackendConfiguration.parse(Self.minimal, path: "c.conf")
        #expect(embedded.hosts.staticHosts.map(\.isolation) == [.sandbox(buildUser: "copr-build")])
        let named = try BackendConfiguration.parse(Self.minimal + """
            [host:one]
            transport = local
            build_user = builder-one
            [host:two]
            transport = local
            [host:trusted]
            transport = local
            unsafe_unsandboxed = true
            """, path: "c.conf")
        #expect(named.hosts.localIsolation == [
            "/srv/state/local-builders/one": .sandbox(buildUser: "builder-one"),
            "/srv/state/local-builders/two": .sandbox(buildUser: "copr-build"),
            "/srv/state/local-builders/trusted": .unsandboxed,
        ])
    }

    @Test("a sandboxed local builder has one slot and an unprivileged account of its own", arguments: [
        ("[host:a]\ntransport = local\nbuild_user = root", "c.conf: [host:a] build_user: 'root': expected the name of an unprivileged account"),
        ("[host:a]\ntransport = local\nbuild_user = ../x", "c.conf: [host:a] build_user: '../x': expected the name"),
        ("[host:a]\ntransport = local\nslots = 2", "c.conf: [host:a] slots: '2': a sandboxed local builder has one slot"),
        ("[host:a]\ntransport = local\n[host:b]\ntransport = local", "c.conf: [host:b] build_user: 'copr-build': [host:a] builds as copr-build already"),
        ("[host:a]\ntransport = local\nunsafe_unsandboxed = perhaps", "c.conf: [host:a] unsafe_unsandboxed: 'perhaps': expected true or false"),
    ])
    func refused(snippet: String, message: String) throws {
        let error = #expect(throws: ConfigurationError.self) {
            try BackendConfiguration.parse(Self.minimal + snippet, path: "c.conf")
        }
        #expect(error?.description.hasPrefix(message) == true, "\(error.map { "\($0)" } ?? "")")
    }

    @Test("the sandbox hides the backend's directories and its configuration, and brings the root back through them")
    func mounts() async throws {
        try await withTemporaryDirectory { directory in
            let state = directory.appending("state"), logs = directory.appending("log"), root = state + "/local-builders/local"
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
            let configuration = "/etc/hostname"
            let sandbox = LocalSandbox(
                account: .init(name: "copr-build", uid: 990, gid: 980), root: root,
                hiddenPaths: [state, logs, configuration, "/nonexistent/results"], agentDirectory: "/usr/libexec/copr")
            let line = sandbox.commandLine(["/bin/sh", "-c", "id -u"])
            let text = line.joined(separator: " ")
            // The root is under /tmp: /tmp is a fresh tmpfs and the root comes back in it.
            #expect(text.hasPrefix("bwrap --ro-bind / / --dev /dev --perms 0755 --dir /dev/net --dev-bind-try /dev/net/tun /dev/net/tun --proc /proc --perms 1777 --tmpfs /tmp --bind \(root)/tmp /var/tmp --ro-bind /dev/null /etc/hostname"), "\(text)")
            #expect(!text.contains("--tmpfs \(state)"), "a directory inside /tmp is covered already")
            var path = "/tmp"
            let components: [String] = directory.path.dropFirst(5).split(separator: "/").map(String.init) + ["state", "local-builders"]
            for component in components {
                path += "/\(component)"
                #expect(text.contains("--perms 0755 --dir \(path) "), "\(path)")
            }
            #expect(text.contains("--bind \(root) \(root) --ro-bind /usr/libexec/copr \(root)/agent"))
            #expect(!text.contains("/nonexistent"))
            #expect(Array(line.suffix(12)) == [
                "--", "setpriv", "--reuid=990", "--regid=980", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
                "--no-new-privs", "--", "/bin/sh", "-c", "id -u",
            ])
        }
    }
}
