import CoprCore
import CoprFrontend
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A project's settings page: the form a reader who may edit the project gets, which runs
/// the user API's edit and delete under the same rules and checks, each post with its
/// session's CSRF token; a refused value shows the form again at its field, nothing stored.
@Suite("Web interface: the project settings forms")
struct WebSettingsFormTests {
    typealias Browser = WebSignInTests.Browser

    static let path = "/coprs/jdoe/hello/edit/"

    /// The settings form's fields as a browser posts them: the project's values, with
    /// `changes` replacing or adding fields (a name given twice is posted twice).
    static func fields(csrf: String, _ changes: [(String, String)] = [], chroots: [String] = WebTestApp.chroots) -> [(String, String)] {
        let replaced = Set(changes.map(\.0))
        let base: [(String, String)] = [
            ("description", "Hello"), ("instructions", ""), ("homepage", ""), ("contact", ""), ("additional_repos", ""),
            ("runtime_dependencies", ""), ("delete_after_days", ""),
        ].filter { !replaced.contains($0.0) }
        return [("csrf_token", csrf)] + base + changes + chroots.map { ("chroots", $0) }
    }

    static func post(_ app: WebTestApp, _ browser: Browser, _ fields: [(String, String)], to path: String = path) async throws -> TestAnswer {
        try await app.post(path, headers: browser.headers, body: WebSignInTests.form(fields))
    }

    /// The owner signed in, the project made, and the form's CSRF token.
    static func owner(_ app: WebTestApp) async throws -> (Browser, String) {
        try await app.createProject(settings: .init(description: "Hello"))
        let browser = try await WebBuildFormsTests.signIn(app, "jdoe")
        let form = try await app.get(path, headers: browser.headers)
        #expect(form.status == 200, "\(form.text)")
        return (browser, try WebSignInTests.csrf(in: form))
    }

    @Test("the owner sees the Settings link and the form with the project's values and the offered chroots, others see neither")
    func whoSeesTheForm() async throws {
        try await WebTestApp.run { app in
            try await app.createProject(settings: .init(description: "Hello", homepage: "https://example.org/hello", deleteAfterDays: 10))
            let anonymous = try await app.get("/coprs/jdoe/hello/")
            #expect(!anonymous.text.contains(Self.path))
            let signIn = try await app.get(Self.path)
            #expect(signIn.status == 302)
            #expect(signIn.header("location") == "/login?next=\(Self.path)")

            let owner = try await WebBuildFormsTests.signIn(app, "jdoe")
            #expect(try await app.get("/coprs/jdoe/hello/", headers: owner.headers).text.contains(#"<a href="\#(Self.path)">Settings</a>"#))
            let form = try await app.get(Self.path, headers: owner.headers)
            #expect(form.status == 200)
            #expect(form.text.contains(#"<form method="post" action="\#(Self.path)" class="settings fields">"#))
            #expect(form.text.contains(#"value="https://example.org/hello""#))
            #expect(form.text.contains(#"id="delete_after_days" name="delete_after_days" type="number" min="0" max="60" inputmode="numeric" value="10""#))
            #expect(form.text.contains(#"<input type="checkbox" name="chroots" value="epel-9-aarch64" checked> epel-9-aarch64"#))
            #expect(form.text.contains(#"<input type="checkbox" name="chroots" value="fedora-42-x86_64"> fedora-42-x86_64"#), "the offer")
            #expect(form.text.contains(#"<form method="post" action="/coprs/jdoe/hello/delete/" class="fields">"#))

            let stranger = try await WebBuildFormsTests.signIn(app, "mallory")
            #expect(!(try await app.get("/coprs/jdoe/hello/", headers: stranger.headers)).text.contains(Self.path))
            let refused = try await app.get(Self.path, headers: stranger.headers)
            #expect(refused.status == 403)
            #expect(refused.text.contains("mallory may not change the settings of jdoe/hello"), "\(refused.text)")
            #expect(try await app.get("/coprs/jdoe/nothing/edit/", headers: owner.headers).status == 404)
        }
    }

    @Test("the owner saves every field through the form and comes back to it with a notice; the project page shows them escaped")
    func ownerSaves() async throws {
        try await WebTestApp.run { app in
            let (browser, csrf) = try await Self.owner(app)
            let description = "# About\r\n<script>alert(1)</script> & <b>bold</b>"
            let saved = try await Self.post(app, browser, Self.fields(csrf: csrf, [
                ("description", description), ("instructions", "dnf install hello"), ("homepage", "https://example.org/hello"),
                ("contact", "jdoe@example.org"), ("additional_repos", "copr://jdoe/base\r\n\r\nhttps://example.org/$releasever/$basearch/\r\n"),
                ("runtime_dependencies", "copr://jdoe/deps\r\nhttps://example.org/deps/$releasever/"),
                ("enable_net", "on"), ("delete_after_days", "30"),
            ], chroots: ["fedora-41-x86_64", "fedora-42-x86_64"]))
            #expect(saved.status == 303, "\(saved.text)")
            #expect(saved.header("location") == Self.path + "?done=settings")

            let project = try await app.store.project(owner: "jdoe", name: "hello")
            #expect(project.settings.description == "# About\n<script>alert(1)</script> & <b>bold</b>")
            #expect(project.settings.instructions == "dnf install hello")
            #expect(project.settings.homepage == "https://example.org/hello")
            #expect(project.settings.contact == "jdoe@example.org")
            #expect(project.settings.additionalRepos == ["copr://jdoe/base", "https://example.org/$releasever/$basearch/"])
            #expect(project.settings.runtimeDependencies == ["copr://jdoe/deps", "https://example.org/deps/$releasever/"])
            #expect(project.settings.enableNet)
            #expect(project.settings.deleteAfter != nil)
            #expect(project.chroots == ["fedora-41-x86_64", "fedora-42-x86_64"])

            let form = try await app.get(Self.path + "?done=settings", headers: browser.headers)
            #expect(form.text.contains("<p class=\"notice\" role=\"status\">The project&#39;s settings were saved.</p>"))
            #expect(form.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</textarea>"))
            #expect(form.text.contains(#"name="enable_net" value="on" checked>"#))
            let page = try await app.get("/coprs/jdoe/hello/")
            #expect(!page.text.contains("<script>alert(1)"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

            // Unchecked, the network is off again; an empty days field keeps the project for good.
            let again = try await Self.post(app, browser, Self.fields(csrf: csrf, [("description", project.settings.description)],
                chroots: project.chroots))
            #expect(again.status == 303)
            let kept = try await app.store.project(owner: "jdoe", name: "hello")
            #expect(!kept.settings.enableNet)
            #expect(kept.settings.deleteAfter == nil)
            #expect(kept.settings.additionalRepos.isEmpty)
            #expect(kept.settings.runtimeDependencies.isEmpty)
        }
    }

    @Test("where the deployment signs, the settings turn signing on (the key is asked for) and off; without a signer there is no box and signing is kept")
    func signing() async throws {
        let box = #"<input type="checkbox" id="signing" name="signing" value="on" aria-describedby="signing-hint""#
        try await WebTestApp.run(signs: true) { app in
            let (browser, csrf) = try await Self.owner(app)
            #expect(try await app.get(Self.path, headers: browser.headers).text.contains(box + ">"), "unchecked")
            #expect(try await Self.post(app, browser, Self.fields(csrf: csrf, [("signing", "on")])).status == 303)
            #expect(try await app.store.project(owner: "jdoe", name: "hello").signingEnabled)
            #expect(try await app.store.queuedActions(.genGPGKey) == [["ownername": "jdoe", "projectname": "hello"]])
            #expect(try await app.get(Self.path, headers: browser.headers).text.contains(box + " checked>"))
            #expect(try await Self.post(app, browser, Self.fields(csrf: csrf)).status == 303)
            #expect(try await !app.store.project(owner: "jdoe", name: "hello").signingEnabled)
        }
        try await WebTestApp.run { app in
            try await app.store.createProject(NewProject(owner: "jdoe", name: "hello", chroots: WebTestApp.chroots, signingEnabled: true))
            let browser = try await WebBuildFormsTests.signIn(app, "jdoe")
            let form = try await app.get(Self.path, headers: browser.headers)
            #expect(!form.text.contains(#"name="signing""#))
            #expect(try await Self.post(app, browser, Self.fields(csrf: try WebSignInTests.csrf(in: form), [("description", "x")])).status == 303)
            #expect(try await app.store.project(owner: "jdoe", name: "hello").signingEnabled, "kept")
        }
    }

    @Test("a group's project has its settings under /coprs/g/, which a member of the group changes")
    func groupProject() async throws {
        try await WebTestApp.run { app in
            try await app.store.addGroup("team")
            try await app.createProject(owner: "@team", name: "stack")
            let member = try await WebBuildFormsTests.signIn(app, "carol", groups: ["team"])
            let path = "/coprs/g/team/stack/edit/"
            #expect(try await app.get("/coprs/g/team/stack/", headers: member.headers).text.contains(#"<a href="\#(path)">Settings</a>"#))
            let form = try await app.get(path, headers: member.headers)
            #expect(form.status == 200)
            let saved = try await Self.post(app, member, Self.fields(csrf: try WebSignInTests.csrf(in: form), [("contact", "team@example.org")]),
                to: path)
            #expect(saved.status == 303)
            #expect(saved.header("location") == path + "?done=settings")
            #expect(try await app.store.project(owner: "@team", name: "stack").settings.contact == "team@example.org")
        }
    }

    @Test("a post without the session's CSRF token, with another, or by a reader the rules refuse is the 403 page and changes nothing")
    func refusals() async throws {
        try await WebTestApp.run { app in
            let (owner, csrf) = try await Self.owner(app)
            let before = try await app.store.project(owner: "jdoe", name: "hello")
            let forgeries = [
                Self.fields(csrf: csrf, [("description", "changed")]).filter { $0.0 != "csrf_token" },
                Self.fields(csrf: String(csrf.reversed()), [("description", "changed")]),
            ]
            for fields in forgeries {
                for path in [Self.path, "/coprs/jdoe/hello/delete/"] {
                    let forged = try await Self.post(app, owner, fields + [("confirm", "hello")], to: path)
                    #expect(forged.status == 403)
                    #expect(forged.text.contains("did not come from this site"))
                }
            }
            #expect(try await Self.post(app, Browser(), Self.fields(csrf: csrf, [("description", "changed")])).status == 403)

            let stranger = try await WebBuildFormsTests.signIn(app, "mallory")
            let token = try WebSignInTests.csrf(in: try await app.get("/coprs/", headers: stranger.headers))
            let refused = try await Self.post(app, stranger, Self.fields(csrf: token, [("description", "changed"), ("delete_after_days", "x")]))
            #expect(refused.status == 403)
            #expect(!refused.text.contains("<form method=\"post\" action=\"\(Self.path)\""), "no form for a stranger")
            let deleted = try await Self.post(app, stranger, [("csrf_token", token), ("confirm", "hello")], to: "/coprs/jdoe/hello/delete/")
            #expect(deleted.status == 403)
            #expect(try await app.store.project(owner: "jdoe", name: "hello") == before, "nothing changed")
        }
    }

    @Test("hostile and bad values show the form again with the field's problem (400), the value escaped, and store nothing")
    func badValues() async throws {
        try await WebTestApp.run { app in
            let (browser, csrf) = try await Self.owner(app)
            let before = try await app.store.project(owner: "jdoe", name: "hello")
            let cases: [(field: String, changes: [(String, String)], chroots: [String])] = [
                ("homepage", [("homepage", "javascript:alert(document.cookie)")], WebTestApp.chroots),
                ("contact", [("contact", "\"><script>alert(1)</script>")], WebTestApp.chroots),
                ("additional_repos", [("additional_repos", "https://example.org/repo; rm -rf /")], WebTestApp.chroots),
                ("additional_repos", [("additional_repos", "https://example.org/$(reboot)/`id`")], WebTestApp.chroots),
                ("additional_repos", [("additional_repos", "https://example.org/repo/../../etc")], WebTestApp.chroots),
                ("additional_repos", [("additional_repos", "copr://../etc")], WebTestApp.chroots),
                ("runtime_dependencies", [("runtime_dependencies", "https://example.org/deps; reboot")], WebTestApp.chroots),
                ("runtime_dependencies", [("runtime_dependencies", "copr://jdoe/../../etc")], WebTestApp.chroots),
                ("runtime_dependencies", [("runtime_dependencies", "--foo\n\"><script>alert(1)</script>")], WebTestApp.chroots),
                ("description", [("description", String(repeating: "<b>x</b>", count: 9_000))], WebTestApp.chroots),
                ("description", [("description", "bell \u{07}")], WebTestApp.chroots),
                ("delete_after_days", [("delete_after_days", "99999999999999999999999")], WebTestApp.chroots),
                ("delete_after_days", [("delete_after_days", "61")], WebTestApp.chroots),
                ("delete_after_days", [("delete_after_days", "1; drop table project")], WebTestApp.chroots),
                ("chroots", [], []),
                ("chroots", [], ["../../etc/passwd"]),
                ("chroots", [], ["fedora-41-x86_64", "fedora-41-x86_64; reboot"]),
            ]
            for (field, changes, chroots) in cases {
                let answer = try await Self.post(app, browser, Self.fields(csrf: csrf, changes, chroots: chroots))
                #expect(answer.status == 400, "\(field): \(changes)")
                #expect(answer.text.contains("The settings were not saved."), "\(field)")
                #expect(answer.text.contains(##"<a href="#\##(field)">Invalid \##(field):"##), "\(field): \(answer.text.prefix(4000))")
                if field == "chroots" {
                    #expect(answer.text.contains(#"<p class="field-error" id="chroots-error">"#))
                } else {
                    #expect(answer.text.contains(#"id="\#(field)" name="\#(field)""#))
                    #expect(answer.text.contains(#"<span class="field-error" id="\#(field)-error">"#), "\(field)")
                    #expect(answer.text.contains(#"aria-describedby="\#(field)-hint \#(field)-error" aria-invalid="true""#), "\(field)")
                }
                #expect(!answer.text.contains("<script>alert"), "\(field)")
                #expect(!answer.text.contains("<b>x</b>"), "\(field)")
                #expect(try await app.store.project(owner: "jdoe", name: "hello") == before, "\(field): nothing stored")
            }
            // The form shows what was posted, so nothing typed is lost.
            let shown = try await Self.post(app, browser, Self.fields(csrf: csrf, [("contact", "nobody"), ("instructions", "<i>kept</i>")]))
            #expect(shown.text.contains(#"value="nobody""#))
            #expect(shown.text.contains("&lt;i&gt;kept&lt;/i&gt;</textarea>"))
        }
    }

    @Test("delete asks for the project's name, is refused while a build runs, and then deletes the project")
    func delete() async throws {
        try await WebTestApp.run { app in
            let (browser, csrf) = try await Self.owner(app)
            let id = try await app.build(states: ["fedora-41-x86_64": .running])
            let deletePath = "/coprs/jdoe/hello/delete/"
            let unconfirmed = try await Self.post(app, browser, [("csrf_token", csrf), ("confirm", "jdoe/other")], to: deletePath)
            #expect(unconfirmed.status == 400)
            #expect(unconfirmed.text.contains("Type the project&#39;s name, hello, to confirm the delete."))

            let running = try await Self.post(app, browser, [("csrf_token", csrf), ("confirm", "hello")], to: deletePath)
            #expect(running.status == 409)
            #expect(running.text.contains("has builds that have not ended"), "\(running.text)")
            #expect(running.text.contains(#"<form method="post" action="/coprs/jdoe/hello/edit/" class="settings fields">"#))
            _ = try await app.store.project(owner: "jdoe", name: "hello")

            try await app.report(.rpm(buildID: id, chroot: "fedora-41-x86_64"), .succeeded)
            try await app.report(.rpm(buildID: id, chroot: "epel-9-aarch64"), .succeeded)
            let deleted = try await Self.post(app, browser, [("csrf_token", csrf), ("confirm", "hello")], to: deletePath)
            #expect(deleted.status == 303, "\(deleted.text)")
            #expect(deleted.header("location") == "/coprs/?done=delete-project")
            await #expect(throws: FrontendStoreError.self) { try await app.store.project(owner: "jdoe", name: "hello") }
            #expect(try await app.get("/coprs/?done=delete-project", headers: browser.headers).text.contains("The project was deleted."))
        }
    }
}
