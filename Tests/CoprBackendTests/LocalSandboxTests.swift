import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The local builder of the embedded default runs a package's code as its own account in
/// a sandbox: a hostile spec uploaded through the CLI tries what a build must not do, and
/// each attempt fails while its own package is still built and published.
@Suite("Integration: the local builder's sandbox", .timeLimit(.minutes(5)))
struct LocalSandboxTests {
    typealias Daemon = EmbeddedDaemonTests

    @Test("a hostile spec cannot take the backend's identity, read its secrets, write outside its workspace or reach its listeners")
    func hostileSpec() async throws {
        let directory = try TemporaryDirectory("copr-sandbox")
        defer { directory.remove() }
        let configuration = try Daemon.localConfiguration(in: directory)
        let account = try #require(LocalSandbox.Account.named(LocalSandbox.defaultBuildUser), "scripts/install-dependencies.sh creates copr-build")
        let probeFile = "/tmp/copr-sandbox-probe-\(UUID().uuidString.prefix(8))"
        let spec = directory.appending("hostile.spec")
        try Self.hostileSpec(configuration, probeFile: probeFile).write(toFile: spec, atomically: true, encoding: .utf8)
        let cli = try await Daemon.CLI.withAccount(configurationPath: configuration.path)

        try await Daemon.withDaemon(configuration) { _ in
            _ = try await cli.output(["project", "create", "demo/hostile", "--chroot", Daemon.chroot])
            let submitted = try await cli.output(["build", "submit", "demo/hostile", "--spec", spec, "--quiet"])
            let id = try #require(Int(submitted.trimmingCharacters(in: .whitespacesAndNewlines)))
            let log = try await cli.run(["logs", "-f", String(id), Daemon.chroot], timeout: .seconds(120))
            #expect(log.exit == .exited(0), "\(log.standardError)")
            let probe = log.standardOutput
            #expect(probe.contains("PROBE uid \(account.uid)"), "\(probe)")
            #expect(probe.contains("PROBE config hidden"), "\(probe)")
            #expect(probe.contains("PROBE store hidden"), "\(probe)")
            #expect(probe.contains("PROBE state protected"), "\(probe)")
            #expect(probe.contains("PROBE results protected"), "\(probe)")
            #expect(probe.contains("PROBE frontend closed"), "\(probe)")
            #expect(probe.contains("PROBE daemon closed"), "\(probe)")
            #expect(!probe.contains("embedded-secret"), "the build read frontend_auth")
            // The spec's macros ran as the build account, offline, in both builds.
            let build = try JSONValue.parse(try await cli.output(["build", "show", String(id), "--json"]))
            #expect(build["package_version"]?.stringValue == "1.0-u\(account.uid).offline", "\(build)")
            #expect(build["chroots"]?[0]?["state"] == "succeeded")
            let published = try await RepositoryMetadata.packageLocations(in: directory.appending("results/demo/hostile/\(Daemon.chroot)"))
            #expect(published.contains { $0.hasSuffix("hostile-1.0-u\(account.uid).offline.noarch.rpm") }, "\(published)")
        }
        #expect(!FileManager.default.fileExists(atPath: probeFile), "the build wrote to the backend's /tmp")
        #expect(!FileManager.default.fileExists(atPath: configuration.backend.stateDir + "/planted"))
        #expect(!FileManager.default.fileExists(atPath: configuration.backend.destdir + "/planted"))
        let frontendAuth = try String(contentsOfFile: configuration.path, encoding: .utf8)
        #expect(frontendAuth.contains("frontend_auth = embedded-secret"), "the configuration itself is unchanged")
    }

    /// A spec whose release records its uid and whether its macros reached the frontend,
    /// and whose `%build` probes the sandbox (each result printed as `PROBE ...`).
    static func hostileSpec(_ configuration: BackendConfiguration, probeFile: String) -> String {
        let frontendPort = configuration.frontend.listen.port, daemonPort = configuration.backend.httpListen.port
        let store = configuration.backend.stateDir + "/frontend.sqlite"
        return """
            Name: hostile
            Version: 1.0
            Release: u%(id -u).%(bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(frontendPort)' >/dev/null 2>&1 && echo online || echo offline)
            Summary: Tries what a build must not do
            License: MIT
            BuildArch: noarch

            %description
            Probes the local builder's sandbox.

            %build
            echo "PROBE uid $(id -u)"
            if grep frontend_auth \(configuration.path) 2>/dev/null; then echo "PROBE config READABLE"; else echo "PROBE config hidden"; fi
            if cat \(store) >/dev/null 2>&1; then echo "PROBE store READABLE"; else echo "PROBE store hidden"; fi
            if touch \(configuration.backend.stateDir)/planted 2>/dev/null; then echo "PROBE state WRITABLE"; else echo "PROBE state protected"; fi
            if touch \(configuration.backend.destdir)/planted 2>/dev/null; then echo "PROBE results WRITABLE"; else echo "PROBE results protected"; fi
            touch \(probeFile)
            for listener in frontend:\(frontendPort) daemon:\(daemonPort); do
                if timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/${listener#*:}" 2>/dev/null; then echo "PROBE ${listener%%:*} OPEN"; else echo "PROBE ${listener%%:*} closed"; fi
            done

            %install
            mkdir -p %{buildroot}/usr/share/hostile
            echo probed > %{buildroot}/usr/share/hostile/README

            %files
            /usr/share/hostile

            """
    }
}
