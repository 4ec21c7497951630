import ArgumentParser
import CoprBackend
import CoprFrontend
import Foundation

/// `copr-backend user`: the operator's commands for the embedded frontend's users, run on
/// the store of `-c FILE`'s state directory directly (no HTTP), so the first account can
/// be made before anyone has a token. A new token is printed as a copr-cli configuration
/// file on standard output, and nothing else is: `user add alice > ~/.config/copr` works.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add users of the embedded frontend, give them API tokens, revoke them, list them.",
        subcommands: [Add.self, Token.self, Revoke.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user and print a new API token as a copr-cli configuration file (~/.config/copr).")

        @OptionGroup var state: StoreOptionGroup

        @Argument(help: "The user's login name.")
        var login: String

        @Flag(help: "A site admin may do anything to any project.")
        var admin = false

        @Option(name: .customLong("group"), help: "A group the user is a member of, created if needed (repeat for more).")
        var groups: [String] = []

        func run() async throws {
            let (store, options) = try state.open()
            try await store.reporting {
                try await $0.addUser(login, siteAdmin: admin, groups: groups)
                try await UserCommand.printToken(of: login, store: $0, options: options, made: "User \(login) added")
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new API token of a user as a copr-cli configuration file; older tokens stay valid.")

        @OptionGroup var state: StoreOptionGroup

        @Argument(help: "The user's login name.")
        var login: String

        func run() async throws {
            let (store, options) = try state.open()
            try await store.reporting {
                try await UserCommand.printToken(of: login, store: $0, options: options, made: "New token of \(login)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke every API token of a user.")

        @OptionGroup var state: StoreOptionGroup

        @Argument(help: "The user's login name.")
        var login: String

        func run() async throws {
            let (store, _) = try state.open()
            let count = try await store.reporting { try await $0.revokeTokens(of: login) }
            FileHandle.standardError.write(Data("copr-backend: \(count) token(s) of \(login) revoked\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users: site admins, groups, valid tokens.")

        @OptionGroup var state: StoreOptionGroup

        func run() async throws {
            let (store, _) = try state.open()
            for user in try await store.reporting({ try await $0.users() }) {
                let groups = user.account.groups.sorted().map { "@\($0)" }.joined(separator: ",")
                print("\(user.account.login)  \(user.account.siteAdmin ? "admin" : "user")  \(groups.isEmpty ? "-" : groups)  \(user.validTokens) token(s)")
            }
        }
    }

    /// Makes a token of `login` valid for `[frontend] token_lifetime_days` and prints it
    /// as a copr-cli configuration file; what happened goes to standard error.
    static func printToken(of login: String, store: FrontendStore, options: FrontendOptions, made: String) async throws {
        let token = try await store.issueToken(for: login, lifetime: Double(options.tokenLifetimeDays) * 86400)
        let file = CoprCLIFile(login: token.id, username: login, token: token.secret, coprURL: options.publicURL)
        let expires = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: token.expiresOn))
        FileHandle.standardError.write(Data(
            "copr-backend: \(made); the token is valid until \(expires). Save standard output as ~/.config/copr for copr-cli and copr-backend.\n".utf8))
        print(file.text, terminator: "")
    }
}
