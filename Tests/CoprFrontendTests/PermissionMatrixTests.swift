import CoprCore
import CoprFrontend
import Foundation
import Testing

/// Every write of the user API and of Copr's API v3, by the owner of `olivia/tools`, one of its admins, one of
/// its builders, a member of the group owning `@team/lib` (on that project), a stranger,
/// a site admin and an anonymous client: the status each gets, and a refusal changes
/// nothing.
@Suite("Embedded frontend: the permission matrix of the user API and Copr's API v3", .timeLimit(.minutes(2)))
struct PermissionMatrixTests {
    typealias Standing = AccessRuleTests.Standing

    /// One write of the user API, or of Copr's API v3 (`v3…`).
    enum Write: CaseIterable, CustomTestStringConvertible {
        case createProject, editProject, editChroot, deleteProject, submitBuild, uploadBuild, resubmitBuild, cancelBuild, deleteBuild, grantPermission
        case v3CreateProject, v3EditProject, v3EditChroot, v3DeleteProject, v3RegenerateRepos, v3BuildURL, v3BuildSCM, v3CancelBuild, v3DeleteBuild
        case v3DeleteBuilds
        case addPackage, buildPackage, deletePackage, v3AddPackage, v3EditPackage, v3BuildPackage, v3DeletePackage
        /// A fork of the project into a new project of the same owner: what counts is who may create one there.
        case forkProject, v3ForkProject

        /// The write's status when allowed: Copr's API v3 answers 200 to everything.
        var allowedStatus: Int { [.createProject, .submitBuild, .uploadBuild, .resubmitBuild, .addPackage, .buildPackage, .forkProject].contains(self) ? 201 : 200 }

        var testDescription: String { "\(self)" }

        /// What the write is, for the rule's table.
        var action: ProjectAction {
            switch self {
            case .createProject, .v3CreateProject, .forkProject, .v3ForkProject: .create
            case .editProject, .v3EditProject, .v3RegenerateRepos, .editChroot, .v3EditChroot: .edit
            case .addPackage, .deletePackage, .v3AddPackage, .v3EditPackage, .v3DeletePackage: .edit
            case .deleteProject, .v3DeleteProject: .delete
            case .submitBuild, .uploadBuild, .resubmitBuild, .v3BuildURL, .v3BuildSCM, .buildPackage, .v3BuildPackage: .submitBuild
            case .cancelBuild, .v3CancelBuild: .cancelBuild
            case .deleteBuild, .v3DeleteBuild, .v3DeleteBuilds: .deleteBuild
            case .grantPermission: .managePermissions
            }
        }
    }

    @Test("each write by each standing is answered as Copr's rules say", arguments: Write.allCases, Standing.allCases)
    func matrix(write: Write, standing: Standing) async throws {
        try await UserAPITestApp.run { frontend in
            let requester = try await Self.setUp(frontend, standing)
            let owner = standing.owner, project = standing == .groupMember ? "lib" : "tools"
            let build = try await frontend.store.submitBuild(BuildSubmission(
                owner: owner, project: project, submitter: "olivia", source: .srpmURL("https://example.org/a-1-1.src.rpm")))
            let id = build.build.id
            if [.deleteBuild, .deleteProject, .v3DeleteBuild, .v3DeleteBuilds, .v3DeleteProject].contains(write) {
                try await frontend.store.requestCancel(buildID: id)
            }
            if write == .v3RegenerateRepos {
                for chroot in try await frontend.store.project(owner: owner, name: project).chroots {
                    try FileManager.default.createDirectory(atPath: "\(frontend.destdir)/\(owner)/\(project)/\(chroot)", withIntermediateDirectories: true)
                }
            }
            let v3Build: [String: JSONValue] = ["ownername": .string(owner), "projectname": .string(project)]
            let git = BuildSource.git(cloneURL: "https://example.org/a.git", committish: "", subdirectory: "")
            try await frontend.store.addPackage(owner: owner, project: project, PackageDefinition(name: "a", source: git))
            let v3Package = JSONValue.object(v3Build.merging(["package_name": "a"]) { $1 })

            let answer: TestAnswer
            switch write {
            case .createProject:
                answer = try await frontend.api(
                    "POST", "projects", json: ["owner": .string(owner), "name": "new", "chroots": ["fedora-41-x86_64"]], as: requester)
            case .editProject:
                answer = try await frontend.api(
                    "PATCH", "projects/\(owner)/\(project)", json: ["chroots": ["fedora-41-x86_64", "epel-9-x86_64"]], as: requester)
            case .editChroot:
                answer = try await frontend.api(
                    "PATCH", "projects/\(owner)/\(project)/chroots/fedora-41-x86_64", json: ["isolation": "simple"], as: requester)
            case .v3EditChroot:
                answer = try await frontend.v3Form(
                    "PUT", "project-chroot/edit/\(owner)/\(project)/fedora-41-x86_64", fields: ["isolation": "simple"], as: requester)
            case .deleteProject:
                answer = try await frontend.api("DELETE", "projects/\(owner)/\(project)", as: requester)
            case .submitBuild:
                answer = try await frontend.api("POST", "projects/\(owner)/\(project)/builds", json: ["source": UserAPITestApp.srpmURL], as: requester)
            case .resubmitBuild:
                answer = try await frontend.api("POST", "builds/\(id)/resubmit", as: requester)
            case .uploadBuild:
                answer = try await frontend.upload(Data("Name: x\n".utf8), query: "filename=x.spec", project: "\(owner)/\(project)", as: requester)
            case .cancelBuild:
                answer = try await frontend.api("POST", "builds/\(id)/cancel", as: requester)
            case .deleteBuild:
                answer = try await frontend.api("DELETE", "builds/\(id)", as: requester)
            case .grantPermission:
                answer = try await frontend.api(
                    "PUT", "projects/\(owner)/\(project)/permissions", json: ["user": "sam", "builder": true], as: requester)
            case .v3CreateProject:
                answer = try await frontend.v3("POST", "project/add/\(owner)", json: ["name": "new", "chroots": ["fedora-41-x86_64"]], as: requester)
            case .v3EditProject:
                answer = try await frontend.v3(
                    "PUT", "project/edit/\(owner)/\(project)", json: ["chroots": ["fedora-41-x86_64", "epel-9-x86_64"]], as: requester)
            case .v3DeleteProject:
                answer = try await frontend.v3("DELETE", "project/delete/\(owner)/\(project)", json: ["verify": true], as: requester)
            case .v3RegenerateRepos:
                answer = try await frontend.v3("PUT", "project/regenerate-repos/\(owner)/\(project)", as: requester)
            case .v3BuildURL:
                answer = try await frontend.v3(
                    "POST", "build/create/url", json: .object(v3Build.merging(["pkgs": ["https://example.org/a-1-1.src.rpm"]]) { $1 }), as: requester)
            case .v3BuildSCM:
                answer = try await frontend.v3(
                    "POST", "build/create/scm", json: .object(v3Build.merging(["clone_url": "https://example.org/a.git"]) { $1 }), as: requester)
            case .v3CancelBuild:
                answer = try await frontend.v3("PUT", "build/cancel/\(id)", as: requester)
            case .v3DeleteBuild:
                answer = try await frontend.v3("DELETE", "build/delete/\(id)", as: requester)
            case .v3DeleteBuilds:
                answer = try await frontend.v3("DELETE", "build/delete/list", json: ["builds": [.int(id)]], as: requester)
            case .addPackage:
                answer = try await frontend.api(
                    "POST", "projects/\(owner)/\(project)/packages", json: ["name": "new", "source": ["type": "git", "clone_url": "https://example.org/a.git"]],
                    as: requester)
            case .buildPackage:
                answer = try await frontend.api("POST", "projects/\(owner)/\(project)/packages/a/builds", json: [:], as: requester)
            case .deletePackage:
                answer = try await frontend.api("DELETE", "projects/\(owner)/\(project)/packages/a", as: requester)
            case .v3AddPackage:
                answer = try await frontend.v3(
                    "POST", "package/add/\(owner)/\(project)/new/scm", json: ["package_name": "new", "clone_url": "https://example.org/a.git"], as: requester)
            case .v3EditPackage:
                answer = try await frontend.v3("POST", "package/edit/\(owner)/\(project)/a/scm", json: ["webhook_rebuild": true], as: requester)
            case .v3BuildPackage:
                answer = try await frontend.v3("POST", "package/build", json: v3Package, as: requester)
            case .v3DeletePackage:
                answer = try await frontend.v3("DELETE", "package/delete", json: v3Package, as: requester)
            case .forkProject:
                answer = try await frontend.api("POST", "projects/\(owner)/\(project)/fork", json: ["owner": .string(owner), "name": "new"], as: requester)
            case .v3ForkProject:
                answer = try await frontend.v3("POST", "project/fork/\(owner)/\(project)", json: ["ownername": .string(owner), "name": "new"], as: requester)
            }

            let allowed = AccessRuleTests.expected(write.action, standing)
            let expected = allowed ? write.allowedStatus : standing == .anonymous ? 401 : 403
            #expect(answer.status == expected, "\(answer.text)")
            #expect(answer.json?["error"] == nil || !allowed)

            // What the write would have changed, changed only when it was allowed.
            switch write {
            case .createProject, .v3CreateProject, .forkProject, .v3ForkProject:
                #expect((try? await frontend.store.project(owner: owner, name: "new")) != nil || !allowed)
                #expect((try? await frontend.store.project(owner: owner, name: "new")) == nil || allowed)
            case .editProject, .v3EditProject:
                #expect(try await frontend.store.project(owner: owner, name: project).chroots.contains("epel-9-x86_64") == allowed)
            case .deleteProject, .v3DeleteProject:
                #expect((try? await frontend.store.project(owner: owner, name: project)) == nil || !allowed)
                #expect((try? await frontend.store.project(owner: owner, name: project)) != nil || allowed)
            case .editChroot, .v3EditChroot:
                let settings = try await frontend.store.chrootSettings(owner: owner, name: project, chroot: "fedora-41-x86_64").1
                #expect((settings.isolation == "simple") == allowed)
            case .resubmitBuild:
                #expect(try await frontend.store.builds(owner: owner, project: project).count == (allowed ? 2 : 1))
            case .v3RegenerateRepos:
                #expect(try await frontend.queuedActions(.createrepo).filter { $0["reason"] == "regenerate-repos" }.count == (allowed ? 1 : 0))
            case .submitBuild, .uploadBuild, .v3BuildURL, .v3BuildSCM:
                #expect(try await frontend.store.builds(owner: owner, project: project).count == (allowed ? 2 : 1))
                #expect(frontend.uploadedFiles().count == (allowed && write == .uploadBuild ? 1 : 0))
            case .cancelBuild, .v3CancelBuild:
                #expect(try await frontend.store.build(id: id).state == (allowed ? .canceled : .pending))
            case .deleteBuild, .v3DeleteBuild, .v3DeleteBuilds:
                #expect((try? await frontend.store.build(id: id)) == nil || !allowed)
                #expect((try? await frontend.store.build(id: id)) != nil || allowed)
            case .grantPermission:
                #expect(try await frontend.store.permission(of: "sam", owner: owner, project: project).builder == allowed)
            case .addPackage, .v3AddPackage:
                #expect(try await frontend.store.packages(owner: owner, project: project).count == (allowed ? 2 : 1))
            case .v3EditPackage:
                #expect(try await frontend.store.package(owner: owner, project: project, name: "a").webhookRebuild == allowed)
            case .buildPackage, .v3BuildPackage:
                #expect(try await frontend.store.builds(owner: owner, project: project).count == (allowed ? 2 : 1))
            case .deletePackage, .v3DeletePackage:
                #expect(try await frontend.store.packages(owner: owner, project: project).isEmpty == allowed)
            }
        }
    }

    @Test("a submitted build is the requester's; a builder may not claim another submitter, a site admin may")
    func submitters() async throws {
        try await UserAPITestApp.run { frontend in
            let bea = try await Self.setUp(frontend, .builder)
            let own = try await frontend.api("POST", "projects/olivia/tools/builds", json: ["source": UserAPITestApp.srpmURL], as: bea)
            #expect(own.json?["submitter"] == "bea")
            let claimed = try await frontend.api(
                "POST", "projects/olivia/tools/builds", json: ["source": UserAPITestApp.srpmURL, "submitter": "olivia"], as: bea)
            #expect(claimed.status == 403)
            #expect(claimed.json?["error"] == "User bea may not submit builds as olivia; leave submitter out (builds are submitted as you) or ask a site admin")
            let upload = try await frontend.upload(Data("Name: x\n".utf8), query: "filename=x.spec&submitter=olivia", project: "olivia/tools", as: bea)
            #expect(upload.status == 403)
            #expect(frontend.uploadedFiles().isEmpty)
            let admin = try await frontend.api(
                "POST", "projects/olivia/tools/builds", json: ["source": UserAPITestApp.srpmURL, "submitter": "olivia"])
            #expect(admin.json?["submitter"] == "olivia")
        }
    }

    @Test("permissions are listed by user; granting nothing removes the entry; an unknown user or project is 404")
    func permissions() async throws {
        try await UserAPITestApp.run { frontend in
            let adam = try await Self.setUp(frontend, .projectAdmin)
            let listed = try await frontend.api("GET", "projects/olivia/tools/permissions", as: .anonymous)
            #expect(listed.json == [["user": "adam", "admin": true, "builder": false], ["user": "bea", "admin": false, "builder": true]])
            let removed = try await frontend.api("PUT", "projects/olivia/tools/permissions", json: ["user": "bea"], as: adam)
            #expect(removed.json == [["user": "adam", "admin": true, "builder": false]])
            let unknown = try await frontend.api("PUT", "projects/olivia/tools/permissions", json: ["user": "nobody", "builder": true], as: adam)
            #expect(unknown.status == 404)
            #expect(unknown.json?["error"]?.stringValue?.hasPrefix("User nobody does not exist") == true)
            #expect(try await frontend.api("GET", "projects/olivia/none/permissions").status == 404)
            let typo = try await frontend.api("PUT", "projects/olivia/tools/permissions", json: ["user": "bea", "builders": true], as: adam)
            #expect(typo.status == 400)
        }
    }

    /// Users olivia (owner of `olivia/tools`), adam (its admin), bea (its builder), gina
    /// (member of `team`, which owns `@team/lib`), sam, and site admin root; returns the
    /// requester of `standing`.
    static func setUp(_ frontend: UserAPITestApp, _ standing: Standing) async throws -> TestRequester {
        var tokens: [String: APIToken] = [:]
        for login in ["olivia", "adam", "bea", "sam"] { tokens[login] = try await frontend.user(login) }
        tokens["gina"] = try await frontend.user("gina", groups: ["team"])
        tokens["root"] = try await frontend.user("root", siteAdmin: true)
        try await frontend.store.createProject(NewProject(owner: "olivia", name: "tools", chroots: ["fedora-41-x86_64"]))
        try await frontend.store.createProject(NewProject(owner: "@team", name: "lib", chroots: ["fedora-41-x86_64"]))
        try await frontend.store.setPermission(ProjectPermission(admin: true, builder: false), of: "adam", owner: "olivia", project: "tools")
        try await frontend.store.setPermission(ProjectPermission(admin: false, builder: true), of: "bea", owner: "olivia", project: "tools")
        return standing.account.map { .token(tokens[$0.login]!) } ?? .anonymous
    }
}
