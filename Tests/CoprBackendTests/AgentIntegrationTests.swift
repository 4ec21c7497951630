import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The two halves together: the worker drives the real copr-rpmbuild agent, installed on
/// a test host with `copr-backend builder-install`, from a spec in a git repository to a
/// published DNF repository.
@Suite("Integration: the worker with the copr-rpmbuild agent", .timeLimit(.minutes(3)))
struct AgentIntegrationTests {
    static let products = Bundle.main.bundleURL.path

    @Test("a spec in a git repository becomes a repository whose metadata lists the package")
    func gitSpecToRepository() async throws {
        try await WorkerTestBed.run(hosts: 1) { bed in
            let host = bed.farm.hosts[0]
            let install = try await ProcessRunner().capture(
                "\(Self.products)/copr-backend",
                ["builder-install", host.address, "--port", String(host.port), "--user", "root",
                 "--agent", "\(Self.products)/copr-rpmbuild", "--prefix", "/usr/local/bin", "-c", bed.configuration.path],
                timeout: .seconds(120))
            #expect(install.exit == .exited(0), "\(install.standardError)")
            #expect(install.standardOutput.contains("installed on \(host.address)"))
            #expect(try await host.runOnHost("readlink /usr/local/bin/copr-rpmbuild-log").output == "copr-rpmbuild\n")

            let server = try await StaticFileServer.start(root: bed.directory.path)
            defer { server.stop() }
            // The repository is served on 127.0.0.1, which the agent refuses by default: the
            // host's main.ini (looked up in the login directory) lets its clones reach loopback.
            try """
                [main]
                forbidden_networks = ::1/128, 169.254.0.0/16, fe80::/10, 0.0.0.0/8, ::/128
                forbid_local_addresses = false
                """.write(toFile: host.directory + "/home/main.ini", atomically: true, encoding: .utf8)
            try await GitRepositoryFixture.make(at: bed.directory.appending("git/hello-agent.git"), files: [
                "rpm/hello-agent.spec": Self.spec,
                "rpm/hello-agent.txt": "Hello from the agent\n",
            ])
            let source: JSONValue = [
                "clone_url": .string("\(server.baseURL)/git/hello-agent.git"), "committish": "v1",
                "subdirectory": "rpm", "spec": "hello-agent.spec", "type": "git", "srpm_build_method": "rpkg",
            ]
            bed.frontend.addSRPMTask(
                FrontendStub.srpmTaskRecord(buildID: 71, packageName: nil).setting("source_json", to: .string(source.text)))
            let worker = try bed.worker()
            let sourceOutcome = await worker.process(buildID: 71, chroot: "srpm-builds", interrupt: BuildInterrupt())
            #expect(sourceOutcome == .finished(.succeeded))
            let sourceFinal = try #require(bed.finalUpdate("71"))
            #expect(sourceFinal["pkg_name"] == "hello-agent")
            let srpmURL = try #require(sourceFinal["srpm_url"]?.stringValue)
            #expect(srpmURL.hasPrefix("http://results.test/results/jdoe/hello/srpm-builds/00000071/hello-agent-1.0-1"))

            let served = srpmURL.replacingOccurrences(of: "http://results.test", with: server.baseURL)
            let record = FrontendStub.rpmTaskRecord(buildID: 71, packageName: "hello-agent", packageVersion: "1.0-1")
                .setting("srpm_url", to: .string(served)).setting("git_repo", to: nil).setting("git_hash", to: nil)
            bed.frontend.addRPMTask(record)
            let outcome = await worker.process(buildID: 71, chroot: "fedora-41-x86_64", interrupt: BuildInterrupt())
            #expect(outcome == .finished(.succeeded))
            let chrootDir = "\(bed.destdir)/jdoe/hello/fedora-41-x86_64"
            #expect(try await RepositoryMetadata.packageNames(in: chrootDir).contains("hello-agent"))
            #expect(bed.finalUpdate("71-fedora-41-x86_64")?["built_packages"] == "hello-agent 1.0")
            let liveLog = try await bed.log("builder-live.log", in: "\(chrootDir)/00000071-hello-agent")
            #expect(liveLog.contains("rpmbuild"), "\(liveLog)")
        }
    }

    static let spec = """
        Name: hello-agent
        Version: 1.0
        Release: 1%{?dist}
        Summary: A package built by the copr-rpmbuild agent
        License: MIT
        BuildArch: noarch
        Source0: hello-agent.txt

        %description
        A package built from git by the copr-rpmbuild agent.

        %prep
        %build
        %install
        mkdir -p %{buildroot}/usr/share/hello-agent
        cp %{SOURCE0} %{buildroot}/usr/share/hello-agent/

        %files
        /usr/share/hello-agent
        """
}
