import ArgumentParser
import Foundation

/// `copr-backend group`: the embedded frontend's groups, whose members act on the group's
/// projects (`@NAME/project`) as owners; run on the store directly, like `user`.
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Add groups of the embedded frontend and manage their members.",
        subcommands: [Add.self, Member.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a group; its projects are named @NAME/project.")

        @OptionGroup var state: StoreOptionGroup

        @Argument(help: "The group's name, without @.")
        var name: String

        func run() async throws {
            let (store, _) = try state.open()
            try await store.reporting { try await $0.addGroup(name) }
            FileHandle.standardError.write(Data("copr-backend: group \(name) added\n".utf8))
        }
    }

    struct Member: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a user a member of a group, or with --remove no longer one.")

        @OptionGroup var state: StoreOptionGroup

        @Argument(help: "The group's name, without @.")
        var name: String

        @Argument(help: "The user's login name.")
        var login: String

        @Flag(help: "Remove the user from the group.")
        var remove = false

        func run() async throws {
            let (store, _) = try state.open()
            try await store.reporting { try await $0.setMembership(group: name, login: login, member: !remove) }
            FileHandle.standardError.write(Data(
                "copr-backend: \(login) is \(remove ? "no longer" : "now") a member of group \(name)\n".utf8))
        }
    }
}
