import CoprCore
import CoprFrontend
import Foundation
import Testing

/// API tokens on the user API: anonymous reads, and 401 for every write without a token
/// and for a wrong, expired, revoked or malformed one, saying which.
@Suite("Embedded frontend: authentication of the user API", .timeLimit(.minutes(3)))
struct AuthenticationTests {
    typealias Server = UserAPITestApp

    @Test("anyone reads; a write without a token is 401 and changes nothing")
    func anonymous() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            #expect(try await frontend.api("GET", "projects", as: .anonymous).status == 200)
            #expect(try await frontend.api("GET", "projects/jdoe/hello/permissions", as: .anonymous).status == 200)
            let refused = try await frontend.api(
                "POST", "projects", json: ["owner": "jdoe", "name": "other", "chroots": ["fedora-41-x86_64"]], as: .anonymous)
            #expect(refused.status == 401)
            #expect(refused.json?["error"]?.stringValue?.hasPrefix("Only a user with an API token may create project jdoe/other") == true)
            #expect(try await frontend.api("GET", "projects").json?.arrayValue?.count == 1)
        }
    }

    @Test("a wrong login, a wrong token, an expired, a revoked and a malformed one are 401 with the reason, even for reads")
    func refusedTokens() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            let expired = try await frontend.store.issueToken(for: "alice", lifetime: -1)
            try await frontend.user("bob")
            let revoked = try await frontend.store.issueToken(for: "bob", lifetime: 3600)
            try await frontend.store.revokeTokens(of: "bob")
            let cases: [(TestRequester, String)] = [
                (.token(APIToken(id: "nosuchlogin", secret: alice.secret, expiresOn: 0)), "Wrong API token: no token has this login"),
                (.token(APIToken(id: alice.id, secret: "guessed", expiresOn: 0)), "Wrong API token: the token does not match its login"),
                (.token(expired), "API token expired on "),
                (.token(revoked), "API token was revoked on "),
                (.authorization("Bearer \(alice.secret)"), "not HTTP Basic login:token"),
                (.authorization("Basic !!!"), "not HTTP Basic login:token"),
            ]
            for (requester, message) in cases {
                for (method, path) in [("GET", "projects"), ("GET", "builds/1/log/srpm-builds"), ("POST", "projects")] {
                    let answer = try await frontend.api(
                        method, path, json: method == "GET" ? nil : ["name": "mine", "chroots": ["fedora-41-x86_64"]], as: requester)
                    #expect(answer.status == 401, "\(requester) \(method)")
                    #expect(answer.json?["error"]?.stringValue?.contains(message) == true, "\(answer.text)")
                }
            }
            // The valid token still works, and makes the project for its own user.
            let created = try await frontend.api("POST", "projects", json: ["name": "mine", "chroots": ["fedora-41-x86_64"]], as: .token(alice))
            #expect(created.status == 201)
            #expect(created.json?["full_name"] == "alice/mine")
        }
    }

    @Test("a new token of a user leaves the older valid until all are revoked")
    func tokensOfOneUser() async throws {
        try await Server.run { frontend in
            let first = try await frontend.user("alice")
            let second = try await frontend.store.issueToken(for: "alice", lifetime: 3600)
            for token in [first, second] {
                #expect(try await frontend.api("GET", "projects", as: .token(token)).status == 200)
            }
            #expect(try await frontend.store.revokeTokens(of: "alice") == 2)
            for token in [first, second] {
                #expect(try await frontend.api("GET", "projects", as: .token(token)).status == 401)
            }
        }
    }
}
