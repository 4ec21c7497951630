import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// A build with `enable_net` on the local builder of this machine: from its `%build` it
/// reaches a server out in the world (a network namespace the test makes, joined by a
/// veth pair), and none of this machine's own listeners, neither on loopback nor on this
/// machine's end of that pair.
@Suite("Integration: a local build's network", .localBuilderTurns)
struct LocalBuildNetworkTests {
    @Test("a package built with enable_net reaches the world but nothing of this machine")
    func enableNetReachesTheWorldOnly() async throws {
        try await withTemporaryDirectory { tmp in
            let root = tmp.appending("local-builder")
            let config: [String: [String: String]] = [
                "hosts": ["provider": "static"],
                "host:this-machine": ["transport": "local", "root": root, "tags": "copr_builder,arch_x86_64,arch_noarch"],
            ]
            let token = "world-\(UUID().uuidString.prefix(8))"
            let world = tmp.appending("world")
            try FileManager.default.createDirectory(atPath: world, withIntermediateDirectories: true)
            try token.write(toFile: world + "/token", atomically: true, encoding: .utf8)
            let secret = "local-\(UUID().uuidString.prefix(8))"
            try secret.write(toFile: tmp.path + "/token", atomically: true, encoding: .utf8)
            try await PeerNetworkNamespace.with(serving: world) { peer in
                try await WorkerTestBed.run(hosts: 0, config: config) { bed in try await LocalBuilderTurns.take {
                    let loopback = try await StaticFileServer.start(root: tmp.path)
                    defer { loopback.stop() }
                    let hostEnd = try await StaticFileServer.start(root: tmp.path, host: peer.hostAddress)
                    defer { hostEnd.stop() }
                    let probes = ["world": peer.baseURL, "loopback": loopback.baseURL, "host-end": hostEnd.baseURL,
                                  "gateway": "http://$gateway:\(loopback.port)"]
                    let served = tmp.appending("served")
                    let srpm = try await TestRPMs.sourcePackage(spec: Self.spec(probes: probes), name: "netprobe", into: served)
                    let server = try await StaticFileServer.start(root: served)
                    defer { server.stop() }
                    let record = FrontendStub.rpmTaskRecord(buildID: 96, packageName: "netprobe", packageVersion: "1.0-1")
                        .setting("srpm_url", to: .string("\(server.baseURL)/\((srpm as NSString).lastPathComponent)"))
                        .setting("git_repo", to: nil).setting("git_hash", to: nil).setting("enable_net", to: true)
                    bed.frontend.addRPMTask(record)
                    let outcome = try await bed.worker().process(buildID: 96, chroot: "fedora-41-x86_64", interrupt: BuildInterrupt())
                    #expect(outcome == .finished(.succeeded), "\(bed.workerLog)")
                    let log = try await bed.log("builder-live.log", in: "\(bed.destdir)/jdoe/hello/fedora-41-x86_64/00000096-netprobe")
                    #expect(log.contains("PROBE world reached \(token)"), "\(log)")
                    for listener in ["loopback", "host-end", "gateway"] {
                        #expect(log.contains("PROBE \(listener) unreachable"), "\(listener): \(log)")
                    }
                    #expect(!log.contains(secret), "\(log)")
                    #expect(log.contains("network of its own"), "\(log)")
                } }
            }
        }
    }

    /// A spec whose `%build` fetches `/token` from each probe's URL and prints
    /// `PROBE <name> reached <body>` or `PROBE <name> unreachable`; `$gateway` in a URL
    /// stands for the build's default gateway.
    static func spec(probes: [String: String]) -> String {
        let list = probes.keys.sorted().map { "\($0)=\(probes[$0]!)" }.joined(separator: " ")
        return """
            Name: netprobe
            Version: 1.0
            Release: 1
            Summary: Probes the network of its build
            License: MIT
            BuildArch: noarch

            %description
            Probes what its build can reach.

            %build
            PATH=$PATH:/usr/sbin:/sbin
            ip -4 route || true
            gateway=$(ip -4 route show default | awk '{print $3}')
            for probe in \(list); do
                name=$(echo "$probe" | cut -d= -f1); url=$(echo "$probe" | cut -d= -f2-)
                if body=$(curl -sf -m 10 "$url/token" 2>/dev/null); then echo "PROBE $name reached $body"; else echo "PROBE $name unreachable"; fi
            done

            %install
            mkdir -p %{buildroot}/usr/share/netprobe
            echo probed > %{buildroot}/usr/share/netprobe/README

            %files
            /usr/share/netprobe

            """
    }
}
