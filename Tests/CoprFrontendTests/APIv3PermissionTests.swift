import CoprCore
import CoprFrontend
import Testing

/// The permission routes of Copr's API v3 with the bodies copr-cli 2.6 sends for
/// `edit-permissions`, `request-permissions` and `list-permissions`: a requested role
/// grants nothing until an admin approves it, only the owner, project admins and site
/// admins read and set permissions, and a change to several users is made for all or none.
@Suite("Embedded frontend: Copr's API v3, permissions", .timeLimit(.minutes(3)))
struct APIv3PermissionTests {
    typealias Server = UserAPITestApp

    @Test("request-permissions asks, list-permissions shows the request, it grants nothing until edit-permissions approves it; giving it up removes it")
    func requestAndApprove() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice"), carol = try await frontend.user("carol")
            try await frontend.store.createProject(NewProject(owner: "alice", name: "proj", chroots: Server.chroots))
            let none = try await frontend.v3("GET", "project/permissions/get/alice/proj", as: .token(alice))
            #expect(none.status == 404)
            #expect(none.json == ["error": "No permissions set on alice/proj project"])

            // copr-cli request-permissions alice/proj --builder
            let asked = try await frontend.v3("PUT", "project/permissions/request/alice/proj", json: ["builder": true], as: .token(carol))
            #expect(asked.json == ["updated": true], "\(asked.text)")
            #expect(try await Self.permissions(frontend, as: alice) == ["carol": ["admin": "nothing", "builder": "request"]])
            #expect(try await frontend.store.permission(of: "carol", owner: "alice", project: "proj") == .none)
            #expect(try await Self.canBuild(frontend, "carol") == false)
            let again = try await frontend.v3("PUT", "project/permissions/request/alice/proj", json: ["builder": true], as: .token(carol))
            #expect(again.json == ["updated": false])

            // copr-cli edit-permissions alice/proj --builder carol
            let approved = try await frontend.v3(
                "PUT", "project/permissions/set/alice/proj", json: ["carol": ["builder": "approved"]], as: .token(alice))
            #expect(approved.json == ["updated": ["carol"]], "\(approved.text)")
            #expect(try await Self.permissions(frontend, as: alice) == ["carol": ["admin": "nothing", "builder": "approved"]])
            #expect(try await Self.canBuild(frontend, "carol") == true)
            let twice = try await frontend.v3("PUT", "project/permissions/request/alice/proj", json: ["builder": true], as: .token(carol))
            #expect(twice.status == 400)
            #expect(twice.json?["error"]?.stringValue?.contains("you already are builder in alice/proj") == true, "\(twice.text)")

            // copr-cli request-permissions alice/proj --builder nothing
            let dropped = try await frontend.v3("POST", "project/permissions/request/alice/proj", json: ["builder": false], as: .token(carol))
            #expect(dropped.json == ["updated": true])
            #expect(try await Self.canBuild(frontend, "carol") == false)
            #expect(try await frontend.v3("GET", "project/permissions/get/alice/proj", as: .token(alice)).status == 404)
        }
    }

    @Test("only the owner, a project admin and a site admin read and set permissions; anyone signed in requests; a bad change changes nobody")
    func whoMay() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice"), bob = try await frontend.user("bob"), carol = try await frontend.user("carol")
            try await frontend.store.createProject(NewProject(owner: "alice", name: "proj", chroots: Server.chroots))
            let refusals: [(String, String, JSONValue?, TestRequester, Int, String)] = [
                ("GET", "get/alice/proj", nil, .token(carol), 403, "User carol may not manage the permissions of project alice/proj"),
                ("PUT", "set/alice/proj", ["carol": ["admin": "approved"]], .token(carol), 403, "User carol may not manage the permissions"),
                ("GET", "get/alice/proj", nil, .anonymous, 401, "Login invalid or missing"),
                ("PUT", "request/alice/proj", ["builder": true], .anonymous, 401, "Only a user with an API token may request permissions on"),
                ("GET", "get/alice/none", nil, .token(alice), 404, "Project alice/none does not exist"),
                ("PUT", "set/alice/proj", ["bob": ["admin": "approved"], "nobody": ["builder": "approved"]], .token(alice), 404, "User nobody does not exist"),
                ("PUT", "set/alice/proj", ["bob": ["admin": "approved"], "carol": ["admin": "maybe"]], .token(alice), 400, "expected one of nothing|request|approved"),
                ("PUT", "set/alice/proj", ["bob": ["owner": "approved"]], .token(alice), 400, "'owner' is no role"),
                ("PUT", "set/alice/proj", ["bob", "carol"], .token(alice), 400, "the body is not a dictionary"),
                ("PUT", "set/alice/proj", [:], .token(alice), 400, "no permission change requested"),
                ("PUT", "request/alice/proj", ["builder": "yes"], .token(carol), 400, "expected true (ask for the role) or false"),
            ]
            for (method, path, body, requester, status, message) in refusals {
                let refused = try await frontend.v3(method, "project/permissions/\(path)", json: body, as: requester)
                #expect(refused.status == status, "\(path): \(refused.text)")
                #expect(refused.json?["error"]?.stringValue?.contains(message) == true, "\(path): \(refused.text)")
            }
            #expect(try await frontend.store.roles(owner: "alice", project: "proj").isEmpty)

            // A project admin manages permissions as the owner does; so does a site admin.
            let made = try await frontend.v3("PUT", "project/permissions/set/alice/proj", json: ["bob": ["admin": "approved"]], as: .token(alice))
            #expect(made.json == ["updated": ["bob"]])
            let byAdmin = try await frontend.v3("PUT", "project/permissions/set/alice/proj", json: ["carol": ["builder": "approved"]], as: .token(bob))
            #expect(byAdmin.json == ["updated": ["carol"]], "\(byAdmin.text)")
            let bySiteAdmin = try await frontend.v3("PUT", "project/permissions/set/alice/proj", json: ["carol": ["admin": "request"]])
            #expect(bySiteAdmin.json == ["updated": ["carol"]], "\(bySiteAdmin.text)")
            #expect(try await Self.permissions(frontend, as: bob) == [
                "bob": ["admin": "approved", "builder": "nothing"], "carol": ["admin": "request", "builder": "approved"],
            ])
        }
    }

    /// `{user: {role: state}}` of `permissions/get/alice/proj`.
    static func permissions(_ frontend: Server, as token: APIToken) async throws -> JSONValue? {
        let answer = try await frontend.v3("GET", "project/permissions/get/alice/proj", as: .token(token))
        return answer.json?["permissions"]
    }

    /// python-copr's `can_build_in(who, "alice", "proj")`.
    static func canBuild(_ frontend: Server, _ who: String) async throws -> Bool? {
        let answer = try await frontend.v3("GET", "project/permissions/can_build_in/\(who)/alice/proj", as: .anonymous)
        return answer.json?["can_build_in"]?.boolValue
    }
}
