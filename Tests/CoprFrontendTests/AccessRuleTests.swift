import CoprFrontend
import Testing

/// ``AccessRule`` as a plain value: every action, for every kind of requester, on a
/// user's project and a group's, with every grant.
@Suite("Embedded frontend: who may do what to a project")
struct AccessRuleTests {
    /// How a requester stands to project `olivia/tools` or `@team/lib`.
    enum Standing: CaseIterable, CustomTestStringConvertible {
        case owner, projectAdmin, builder, groupMember, stranger, siteAdmin, anonymous

        var testDescription: String { "\(self)" }

        var account: Account? {
            switch self {
            case .owner: Account(login: "olivia")
            case .projectAdmin: Account(login: "adam")
            case .builder: Account(login: "bea")
            case .groupMember: Account(login: "gina", groups: ["team", "other"])
            case .stranger: Account(login: "sam", groups: ["other"])
            case .siteAdmin: Account(login: "root", siteAdmin: true)
            case .anonymous: nil
            }
        }

        var permission: ProjectPermission {
            switch self {
            case .projectAdmin: ProjectPermission(admin: true, builder: false)
            case .builder: ProjectPermission(admin: false, builder: true)
            default: .none
            }
        }

        /// The project the standing is about: the group's for a group member.
        var owner: String { self == .groupMember ? "@team" : "olivia" }
    }

    /// Copr's rules, spelled as a table: what each standing may do.
    static func expected(_ action: ProjectAction, _ standing: Standing) -> Bool {
        switch (action, standing) {
        case (.read, _): true
        case (_, .anonymous): false
        case (.requestPermissions, _): true
        case (_, .owner), (_, .groupMember), (_, .siteAdmin): true
        case (.create, _): false
        case (.edit, let standing), (.delete, let standing), (.managePermissions, let standing): standing == .projectAdmin
        case (.submitBuild, let standing), (.cancelBuild, let standing), (.deleteBuild, let standing):
            standing == .projectAdmin || standing == .builder
        }
    }

    @Test("every action by every standing is allowed or refused as Copr's table says", arguments: ProjectAction.allCases, Standing.allCases)
    func table(action: ProjectAction, standing: Standing) {
        let verdict = AccessRule.decide(
            action, by: standing.account, owner: standing.owner, project: "tools", permission: standing.permission)
        #expect((verdict == .allowed) == Self.expected(action, standing))
        if case .refused(let refusal) = verdict {
            if standing == .anonymous {
                #expect(refusal == .unauthenticated(action, project: "\(standing.owner)/tools"))
            } else {
                #expect(refusal == .forbidden(standing.account!.login, action, owner: standing.owner, project: "tools"))
            }
        }
    }

    @Test("a grant on a project gives nothing more to a member of another group, and a group's name is no user's", arguments: ProjectAction.allCases)
    func namesDoNotMix(action: ProjectAction) {
        let anyone = action == .read || action == .requestPermissions
        let team = Account(login: "team")
        #expect((AccessRule.decide(action, by: team, owner: "@team", project: "lib", permission: .none) == .allowed) == anyone)
        let member = Account(login: "gina", groups: ["team"])
        #expect((AccessRule.decide(action, by: member, owner: "team", project: "lib", permission: .none) == .allowed) == anyone)
        #expect((AccessRule.decide(action, by: member, owner: "@teams", project: "lib", permission: .none) == .allowed) == anyone)
    }

    @Test("a build's submitter is the requester; only a site admin names another")
    func submitter() {
        let bea = Account(login: "bea")
        #expect(AccessRule.submitter(nil, by: bea) == .success("bea"))
        #expect(AccessRule.submitter("bea", by: bea) == .success("bea"))
        #expect(AccessRule.submitter("olivia", by: bea) == .failure(.otherSubmitter("bea", claimed: "olivia")))
        let root = Account(login: "root", siteAdmin: true)
        #expect(AccessRule.submitter(nil, by: root) == .success("root"))
        #expect(AccessRule.submitter("olivia", by: root) == .success("olivia"))
    }

    @Test("refusals say who may not do what, and what to do")
    func messages() {
        #expect(AccessRefused.unauthenticated(.submitBuild, project: "olivia/tools").description.contains("API token"))
        #expect(AccessRefused.forbidden("sam", .create, owner: "@team", project: "x").description.contains("only members of group team"))
        #expect(AccessRefused.forbidden("sam", .create, owner: "olivia", project: "x").description.contains("for yourself (sam/…)"))
        #expect(AccessRefused.forbidden("sam", .deleteBuild, owner: "olivia", project: "tools").description
            == "User sam may not delete builds of project olivia/tools; ask its owner or one of its admins for the permission")
    }
}

/// ``StoredToken/verify(secret:now:)``: the one decision on a presented secret.
@Suite("Embedded frontend: API tokens")
struct StoredTokenTests {
    @Test("the right secret of a valid token names its user; a wrong one, an expired or revoked token say which")
    func verify() {
        let token = APIToken.generate(expiresOn: 1000)
        let stored = StoredToken(login: "alice", secretHash: APIToken.hash(token.secret), expiresOn: 1000, revokedOn: nil)
        #expect(stored.verify(secret: token.secret, now: 999) == .success("alice"))
        #expect(stored.verify(secret: token.secret + "x", now: 999) == .failure(.wrongSecret))
        #expect(stored.verify(secret: String(token.secret.dropLast()), now: 999) == .failure(.wrongSecret))
        #expect(stored.verify(secret: "", now: 999) == .failure(.wrongSecret))
        #expect(stored.verify(secret: token.secret, now: 1000) == .failure(.expired(on: 1000)))
        let revoked = StoredToken(login: "alice", secretHash: APIToken.hash(token.secret), expiresOn: 1000, revokedOn: 500)
        #expect(revoked.verify(secret: token.secret, now: 600) == .failure(.revoked(on: 500)))
        // Only the secret's holder learns that the token was revoked.
        #expect(revoked.verify(secret: "guess", now: 600) == .failure(.wrongSecret))
    }

    @Test("tokens are new each time: 24 and 40 characters of lowercase letters and digits, only the secret's hash kept")
    func generate() {
        let tokens = (0..<50).map { _ in APIToken.generate(expiresOn: 0) }
        #expect(Set(tokens.map(\.id)).count == 50)
        #expect(Set(tokens.map(\.secret)).count == 50)
        for token in tokens {
            #expect(token.id.count == 24 && token.secret.count == 40)
            #expect((token.id + token.secret).allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) })
            #expect(APIToken.hash(token.secret).count == 32)
        }
    }
}
