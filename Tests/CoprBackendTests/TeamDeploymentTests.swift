import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// One `copr-backend run` shared by a team, as a team would set it up: the embedded
/// frontend listens on a network address (the host's end of a veth pair into a network
/// namespace, ``NetworkNamespace``), the operator makes three accounts with `copr-backend
/// user add` and a group with `--group` and `group member`, and each member runs the real
/// copr-cli with their own configuration file from inside the namespace, as from another
/// machine. Only addresses the test created are contacted.
@Suite("Integration: a team shares one deployment", .localBuilderTurns)
struct TeamDeploymentTests {
    static let chroot = EmbeddedDaemonTests.chroot
    static let project = "@team/stack"

    /// The three members' copr-cli, each with their own configuration, run in the namespace.
    struct Team {
        let alice: CoprClients
        let bob: CoprClients
        let carol: CoprClients
    }

    @Test("alice creates @team/stack, bob builds there, carol is refused until alice grants her builder, dnf copr enables it from another machine")
    func teamSharesOneDeployment() async throws {
        let directory = try TemporaryDirectory("copr-team")
        defer { directory.remove() }
        let srpm = try await EmbeddedDaemonTests.exampleSRPM(in: directory)
        try await NetworkNamespace.with { network in
            let configuration = try EmbeddedDaemonTests.localConfiguration(in: directory, frontendHost: network.hostAddress)
            let team = try await Self.accounts(configuration, network: network)
            try await EmbeddedDaemonTests.withDaemon(configuration) { frontendURL in
                #expect(frontendURL == "http://\(network.hostAddress):\(configuration.frontend.listen.port)")
                #expect(try await team.alice.cliOutput(["whoami"]) == "alice\n")
                #expect(try await team.alice.cliOutput(["create", Self.project, "--chroot", Self.chroot])
                    == "New project was successfully created: \(frontendURL)/coprs/g/team/stack/\n")
                let id = try await team.bob.build(Self.project, srpm: srpm)

                try await Self.expectCarolRefusedThenGranted(team, srpm: srpm, bobsBuild: id)
                // copr-cli polls every 30 s until the build has ended.
                let watched = try await team.bob.cli(["watch-build", String(id)], timeout: .seconds(240))
                #expect(watched.exit == .exited(0), "\(watched.standardOutput)\(watched.standardError)")
                #expect(watched.standardOutput.hasSuffix("Build \(id): succeeded\n"), "\(watched.standardOutput)")
                try await Self.expectDNFCopr(hub: frontendURL, host: network.hostAddress, network: network, directory: directory.appending("dnf"))
            }
        }
    }

    /// alice and bob in group `team` (`user add --group`, `group member`), carol outside;
    /// each keeps the copr-cli configuration `user add` printed.
    static func accounts(_ configuration: BackendConfiguration, network: NetworkNamespace) async throws -> Team {
        let alice = try await EmbeddedDaemonTests.CLI.withAccount("alice", groups: ["team"], configurationPath: configuration.path)
        let bob = try await EmbeddedDaemonTests.CLI.withAccount("bob", configurationPath: configuration.path)
        try await TestCommand.output(RunningDaemon.executable, ["group", "member", "team", "bob", "-c", configuration.path])
        let carol = try await EmbeddedDaemonTests.CLI.withAccount("carol", configurationPath: configuration.path)
        let file = try String(contentsOfFile: carol.coprConfigPath, encoding: .utf8)
        #expect(file.contains("copr_url = http://\(network.hostAddress):"), "\(file)")
        return Team(
            alice: try CoprClients(accountFile: alice.coprConfigPath, network: network),
            bob: try CoprClients(accountFile: bob.coprConfigPath, network: network),
            carol: try CoprClients(accountFile: carol.coprConfigPath, network: network))
    }

    /// carol may read but not build; her request for builder shows as `request` and grants
    /// nothing; once alice approves it (`edit-permissions`), carol's build is accepted,
    /// and she cancels it.
    static func expectCarolRefusedThenGranted(_ team: Team, srpm: String, bobsBuild: Int) async throws {
        let refused = try await team.carol.cli(["build", project, srpm, "--nowait"])
        #expect(refused.exit != .exited(0))
        #expect(refused.standardError.contains("Error: User carol may not submit builds to project \(project)"), "\(refused.standardError)")
        #expect(try await team.carol.cliOutput(["list-builds", project]).hasPrefix("\(bobsBuild)\t"))
        #expect(try await team.carol.cliOutput(["get", project]).hasPrefix("Name: stack\n"))
        let notAdmin = try await team.carol.cli(["list-permissions", project])
        #expect(notAdmin.standardError.contains("Error: User carol may not manage the permissions of project \(project)"), "\(notAdmin.standardError)")

        #expect(try await team.carol.cliOutput(["request-permissions", project, "--builder"]) == "success\n")
        #expect(try await team.alice.cliOutput(["list-permissions", project]) == "carol:\n  admin: nothing\n  builder: request\n")
        let stillRefused = try await team.carol.cli(["build", project, srpm, "--nowait"])
        #expect(stillRefused.standardError.contains("Error: User carol may not submit builds"), "\(stillRefused.standardError)")

        #expect(try await team.alice.cliOutput(["edit-permissions", project, "--builder", "carol", "--admin", "carol=nothing"]) == "success\n")
        #expect(try await team.bob.cliOutput(["list-permissions", project]) == "carol:\n  admin: nothing\n  builder: approved\n")
        let carols = try await team.carol.build(project, srpm: srpm)
        #expect(carols > bobsBuild)
        #expect(try await team.carol.cli(["cancel", String(carols)]).exit == .exited(0))
    }

    /// dnf4's copr plugin, from inside the namespace, enables the group's project from the
    /// shared frontend and finds bob's package in it.
    static func expectDNFCopr(hub: String, host: String, network: NetworkNamespace, directory: String) async throws {
        let dnf = try PrivateDNF(directory: directory, network: network)
        try await dnf.copr(["enable", project, chroot], hub: hub)
        #expect(try dnf.repositoryFiles() == ["_copr:\(host):group_team:stack.repo"])
        let offered = try await dnf.query("hello-copr")
        #expect(offered.contains("hello-copr-1.0-1.fc41.x86_64 copr:\(host):group_team:stack"), "\(offered)")
    }
}
