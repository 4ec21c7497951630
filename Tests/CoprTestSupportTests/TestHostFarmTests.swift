import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The test hosts are real sshd machines reachable with the farm's client config.
@Suite struct TestHostFarmTests {
    @Test func twoHostsRunCommandsOverSSHWithAControlMaster() async throws {
        try await withTestHostFarm(hosts: 2) { farm in
            let hosts = farm.hosts
            #expect(hosts.count == 2)
            #expect(hosts[0].address != hosts[1].address)
            for host in hosts {
                let result = try await Shell.run("ssh", host.sshArguments("echo $HOME; ls -A ~; command -v copr-rpmbuild"))
                #expect(result.status == 0)
                #expect(result.output == "/root\n/usr/local/bin/copr-rpmbuild\n", "empty home, builder on PATH")
                let master = try await Shell.run("ssh", ["-F", farm.sshConfigPath, "-O", "check", "-p", "\(host.port)", host.sshDestination])
                #expect(master.status == 0, "a ControlMaster serves the host: \(master.error)")
            }
            // Each host sees its own builder directory.
            _ = try await hosts[0].runOnHost("echo one > /var/lib/copr-rpmbuild/marker")
            #expect(hosts[0].builderFile("marker") == "one\n")
            #expect(try await hosts[1].runOnHost("cat /var/lib/copr-rpmbuild/marker").status != 0)
        }
    }

    @Test func restartWithANewHostKeyPresentsADifferentKey() async throws {
        try await withTestHostFarm(hosts: 1) { farm in
            let host = farm.hosts[0]
            let before = try await scannedKey(host)
            #expect(host.hostPublicKey.hasPrefix(before))

            try await host.restart(newHostKey: false)
            #expect(try await scannedKey(host) == before)

            try await host.restart(newHostKey: true)
            let after = try await scannedKey(host)
            #expect(after != before)
            #expect(host.hostPublicKey.hasPrefix(after))
            #expect(try await host.runOnHost("true").status == 0)
        }
    }

    @Test func killedHostRefusesConnectionsUntilRestarted() async throws {
        try await withTestHostFarm(hosts: 1) { farm in
            let host = farm.hosts[0]
            let inFlight = Task { try await host.runOnHost("touch /var/lib/copr-rpmbuild/in-flight && sleep 30") }
            try await waitUntil("the command to run on the host", timeout: .seconds(20)) { host.builderFile("in-flight") != nil }
            await host.kill()
            #expect(try await inFlight.value.status == 255)
            #expect(!host.isRunning)
            #expect(try await host.runOnHost("true").status == 255)

            try await host.restart(newHostKey: false)
            #expect(try await host.runOnHost("true").status == 0)
        }
    }

    @Test func droppedConnectionsFailInFlightCommandsOnly() async throws {
        try await withTestHostFarm(hosts: 1) { farm in
            let host = farm.hosts[0]
            let inFlight = Task { try await host.runOnHost("touch /var/lib/copr-rpmbuild/in-flight && sleep 30") }
            try await waitUntil("the command to run on the host", timeout: .seconds(20)) { host.builderFile("in-flight") != nil }
            let start = ContinuousClock.now
            host.dropConnections()
            #expect(try await inFlight.value.status == 255)
            // Ended by the dropped connection, not by the remote `sleep 30`.
            #expect(ContinuousClock.now - start < .seconds(20))
            #expect(try await host.runOnHost("echo again").output == "again\n")
        }
    }

    @Test func addHostGrowsTheFarm() async throws {
        try await withTestHostFarm(hosts: 0) { farm in
            let host = try await farm.addHost()
            #expect(farm.hosts.map(\.name) == ["builder-1"])
            #expect(try await host.runOnHost("true").status == 0)
        }
    }

    @Test func shutdownRemovesEverythingAndIsIdempotent() async throws {
        let farm = try await TestHostFarm.start(hosts: 1, name: "shutdown")
        let host = farm.hosts[0]
        await farm.shutdown()
        await farm.shutdown()
        #expect(!FileManager.default.fileExists(atPath: farm.directory))
        #expect(!host.isRunning)
    }

    /// The base64 key blob the host presents, as `ssh-keyscan` sees it.
    private func scannedKey(_ host: TestHost) async throws -> String {
        let scan = try await Shell.check("ssh-keyscan", ["-p", "\(host.port)", "-t", "ed25519", host.address])
        let fields = scan.output.split(separator: " ")
        try #require(fields.count >= 3, "ssh-keyscan output: \(scan.output)")
        return "\(fields[1]) \(fields[2])".trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
