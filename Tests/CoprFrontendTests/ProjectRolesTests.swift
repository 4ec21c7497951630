import CoprCore
import CoprFrontend
import Testing

/// ``ProjectRoles`` as a plain value: what an admin's change and a user's request make of
/// a user's roles on a project, and what those grant.
@Suite("Embedded frontend: roles on a project")
struct ProjectRolesTests {
    @Test("only an approved role grants; a request grants nothing")
    func granted() {
        #expect(ProjectRoles(admin: .request, builder: .approved).granted == ProjectPermission(admin: false, builder: true))
        #expect(ProjectRoles(admin: .request, builder: .request).granted == .none)
        #expect(ProjectRoles(ProjectPermission(admin: true, builder: false)) == ProjectRoles(admin: .approved, builder: .nothing))
    }

    @Test("an admin's change sets the roles it names and keeps the others; another role or state is refused")
    func setting() throws {
        let roles = ProjectRoles(admin: .request, builder: .nothing)
        #expect(try roles.setting(["builder": "approved"]) == ProjectRoles(admin: .request, builder: .approved))
        #expect(try roles.setting(["admin": "nothing", "builder": "request"]) == ProjectRoles(admin: .nothing, builder: .request))
        #expect(throws: InvalidField.self) { try roles.setting(["owner": "approved"]) }
        #expect(throws: InvalidField.self) { try roles.setting(["admin": "yes"]) }
        #expect(throws: InvalidField.self) { try roles.setting(["admin": true]) }
    }

    @Test("a request asks for a role or gives it up, approved ones included; asking for an approved role is refused")
    func requesting() throws {
        let roles = ProjectRoles(admin: .nothing, builder: .approved)
        #expect(try roles.requesting(["admin": true], project: "o/p") == ProjectRoles(admin: .request, builder: .approved))
        #expect(try roles.requesting(["builder": false], project: "o/p") == .none)
        let refused = #expect(throws: InvalidField.self) { try roles.requesting(["builder": true], project: "o/p") }
        #expect(refused?.reason == "you already are builder in o/p")
        #expect(throws: InvalidField.self) { try roles.requesting(["builder": "request"], project: "o/p") }
    }
}
