import CoprBackend
import CoprCore
import CoprFrontend
import CoprTestSupport
import Foundation
import Testing

/// The operator's `copr-backend user` and `group` commands on a state directory, and the
/// file `user add` prints used by the CLI against a frontend serving that store.
@Suite("copr-backend user and group", .timeLimit(.minutes(2)))
struct AccountCommandTests {
    @Test("user add prints exactly a copr-cli file whose token works until user revoke; token adds one; list shows users and groups")
    func users() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = try Self.configuration(in: directory.path)
            let added = try await Self.command(["user", "add", "alice", "--group", "team"], configuration)
            #expect(added.exit == .exited(0), "\(added.standardError)")
            let lines = added.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 7 && lines.last == "", "\(added.standardOutput)")
            #expect(lines[0] == "[copr-cli]")
            #expect(lines[1].wholeMatch(of: /login = [a-z0-9]{24}/) != nil)
            #expect(lines[2] == "username = alice")
            #expect(lines[3].wholeMatch(of: /token = [a-z0-9]{40}/) != nil)
            #expect(lines[4] == "copr_url = http://farm.example:5999")
            #expect(lines[5] == "encrypted = False")
            #expect(added.standardError.contains("User alice added"))
            let file = directory.path + "/alice.conf"
            try added.standardOutput.write(toFile: file, atomically: true, encoding: .utf8)

            let second = try await Self.command(["user", "token", "alice"], configuration)
            #expect(second.standardOutput.contains("username = alice") && second.standardOutput != added.standardOutput)
            try await Self.command(["user", "add", "root", "--admin"], configuration)
            #expect(try await Self.command(["user", "list"], configuration).standardOutput
                == "alice  user  @team  2 token(s)\nroot  admin  -  1 token(s)\n")

            let frontend = try await EmbeddedFrontendTestServer.start(in: directory.path + "/state")
            do {
                let cli = ["--url", frontend.baseURL, "--copr-config", file]
                let created = try await Self.command(["project", "create", "alice/tools", "--chroot", "fedora-41-x86_64"] + cli, configuration)
                #expect(created.exit == .exited(0), "\(created.standardError)")
                // Without --copr-config and --url: copr-cli's own file, ~/.config/copr, names both.
                let home = directory.path + "/home"
                try FileManager.default.createDirectory(atPath: home + "/.config", withIntermediateDirectories: true)
                try added.standardOutput.replacingOccurrences(of: "http://farm.example:5999", with: frontend.baseURL)
                    .write(toFile: home + "/.config/copr", atomically: true, encoding: .utf8)
                let fromHome = try await ProcessRunner().capture(
                    RunningDaemon.executable, ["project", "create", "alice/home", "--chroot", "fedora-41-x86_64"],
                    environment: ["HOME": home], timeout: .seconds(30))
                #expect(fromHome.exit == .exited(0), "\(fromHome.standardError)")
                #expect(try await frontend.store.project(owner: "alice", name: "home").fullName == "alice/home")
                let foreign = try await Self.command(["project", "create", "bob/tools", "--chroot", "fedora-41-x86_64"] + cli, configuration)
                #expect(foreign.exit == .exited(1))
                #expect(foreign.standardError.hasPrefix("copr-backend: 403 Forbidden: User alice may not create project bob/tools"))

                let revoked = try await Self.command(["user", "revoke", "alice"], configuration)
                #expect(revoked.standardError.contains("2 token(s) of alice revoked"))
                let refused = try await Self.command(["project", "create", "alice/more", "--chroot", "fedora-41-x86_64"] + cli, configuration)
                #expect(refused.exit == .exited(1))
                #expect(refused.standardError.hasPrefix("copr-backend: 401 Unauthorized: API token was revoked on "), "\(refused.standardError)")
            } catch {
                await frontend.stop()
                throw error
            }
            await frontend.stop()
        }
    }

    @Test("groups get members and lose them; bad names, unknown users and duplicates are refused with exit 1 and a reason")
    func groupsAndRefusals() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = try Self.configuration(in: directory.path)
            try await Self.command(["user", "add", "bob"], configuration)
            try await Self.command(["group", "add", "team"], configuration)
            let member = try await Self.command(["group", "member", "team", "bob"], configuration)
            #expect(member.standardError == "copr-backend: bob is now a member of group team\n")
            #expect(try await Self.command(["user", "list"], configuration).standardOutput == "bob  user  @team  1 token(s)\n")
            try await Self.command(["group", "member", "team", "bob", "--remove"], configuration)
            #expect(try await Self.command(["user", "list"], configuration).standardOutput == "bob  user  -  1 token(s)\n")

            let refusals: [([String], String)] = [
                (["user", "add", "a;rm -rf /"], "Invalid login: character ';' is not allowed"),
                (["user", "add", ".."], "Invalid login"),
                (["user", "add", String(repeating: "a", count: 5000)], "Invalid login"),
                (["user", "add", "carol", "--group", "$(id)"], "Invalid group"),
                (["user", "add", "bob"], "User bob already exists"),
                (["user", "token", "nobody"], "User nobody does not exist"),
                (["user", "revoke", "nobody"], "User nobody does not exist"),
                (["group", "add", "team"], "Group team already exists"),
                (["group", "member", "none", "bob"], "Group none does not exist"),
                (["group", "member", "team", "nobody"], "User nobody does not exist"),
            ]
            let copr = directory.path + "/copr.conf"
            try "[backend]\ndestdir = \(directory.path)/results\nfrontend_base_url = https://copr.example.org\nstate_dir = \(directory.path)/copr-state\n"
                .write(toFile: copr, atomically: true, encoding: .utf8)
            let elsewhere = try await Self.command(["user", "add", "carol"], copr)
            #expect(elsewhere.exit == .exited(2))
            #expect(elsewhere.standardError.contains("uses the Copr frontend at https://copr.example.org; its users and tokens are made there"))
            #expect(!FileManager.default.fileExists(atPath: directory.path + "/copr-state"))

            for (arguments, message) in refusals {
                let refused = try await Self.command(arguments, configuration)
                #expect(refused.exit == .exited(1), "\(arguments)")
                #expect(refused.standardOutput.isEmpty)
                #expect(refused.standardError.hasPrefix("copr-backend: \(message)"), "\(arguments): \(refused.standardError)")
            }
        }
    }

    /// A configuration of an embedded frontend with state in `directory`.
    static func configuration(in directory: String) throws -> String {
        let path = directory + "/copr-be.conf"
        try """
            [backend]
            destdir = \(directory)/results
            log_dir = \(directory)/log
            state_dir = \(directory)/state
            frontend_auth = secret

            [frontend]
            listen = 0.0.0.0:5999
            public_url = http://farm.example:5999
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @discardableResult
    static func command(_ arguments: [String], _ configuration: String) async throws -> ProcessOutput {
        try await ProcessRunner().capture(RunningDaemon.executable, arguments + ["-c", configuration], timeout: .seconds(30))
    }
}
