import CoprCore
import CoprFrontend
import Foundation
import Testing

/// Users, groups, tokens and permissions in the store: an older store keeps its projects,
/// and what the operator changes is what requests are then allowed.
@Suite("Embedded frontend: accounts in the store")
struct AccountStoreTests {
    @Test("a store written before accounts keeps its projects and owners; the owner's account, made later, owns them")
    func olderStore() async throws {
        try await withTemporaryDirectory { directory in
            let path = FrontendStore.path(stateDirectory: directory)
            try await SourceURLTests.writeVersion1Store(at: path)
            let store = try FrontendStore(path: path)
            defer { try? store.close() }
            #expect(try await store.projects().map(\.fullName) == ["jdoe/hello"])
            #expect(try await store.users().isEmpty)

            let jdoe = try await store.addUser("jdoe")
            try await store.authorize(.submitBuild, by: jdoe, owner: "jdoe", project: "hello")
            try await store.setPermission(ProjectPermission(admin: false, builder: true), of: "jdoe", owner: "jdoe", project: "hello")
            let alice = try await store.addUser("alice")
            await #expect(throws: AccessRefused.forbidden("alice", .submitBuild, owner: "jdoe", project: "hello")) {
                try await store.authorize(.submitBuild, by: alice, owner: "jdoe", project: "hello")
            }
        }
    }

    @Test("a group member acts on the group's projects until removed; a grant lets a builder build, not edit")
    func groupsAndGrants() async throws {
        try await withTemporaryDirectory { directory in
            let store = try FrontendStore(path: FrontendStore.path(stateDirectory: directory))
            defer { try? store.close() }
            try await store.addGroup("team")
            try await store.addUser("gina")
            try await store.setMembership(group: "team", login: "gina", member: true)
            let token = try await store.issueToken(for: "gina", lifetime: 60)
            guard case .success(let gina) = try await store.authenticate(tokenID: token.id, secret: token.secret) else {
                Issue.record("the new token was refused")
                return
            }
            #expect(gina == Account(login: "gina", groups: ["team"]))
            try await store.authorize(.create, by: gina, owner: "@team", project: "lib")
            try await store.createProject(NewProject(owner: "@team", name: "lib", chroots: ["fedora-41-x86_64"]))

            try await store.setMembership(group: "team", login: "gina", member: false)
            guard case .success(let outside) = try await store.authenticate(tokenID: token.id, secret: token.secret) else {
                Issue.record("the token was refused after the membership changed")
                return
            }
            await #expect(throws: AccessRefused.self) { try await store.authorize(.deleteBuild, by: outside, owner: "@team", project: "lib") }
            try await store.setPermission(ProjectPermission(admin: false, builder: true), of: "gina", owner: "@team", project: "lib")
            try await store.authorize(.deleteBuild, by: outside, owner: "@team", project: "lib")
            await #expect(throws: AccessRefused.self) { try await store.authorize(.edit, by: outside, owner: "@team", project: "lib") }
            #expect(try await store.permissions(owner: "@team", project: "lib").map(\.login) == ["gina"])
        }
    }
}
