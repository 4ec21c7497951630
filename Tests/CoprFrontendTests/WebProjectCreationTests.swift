import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The "New project" and "Fork" forms: a signed-in reader makes a project for themselves
/// or a group of theirs, or forks one, through the user API's own create and fork, each
/// post with its session's CSRF token; a refused value shows the form again at its field
/// and nothing is stored.
@Suite("Web interface: the New project and Fork forms")
struct WebProjectCreationTests {
    typealias Browser = WebSignInTests.Browser

    static let newProject = "/coprs/new/"
    static let fork = "/coprs/jdoe/hello/fork/"

    static func post(_ app: WebTestApp, _ browser: Browser, _ fields: [(String, String)], to path: String = newProject) async throws -> TestAnswer {
        try await app.post(path, headers: browser.headers, body: WebSignInTests.form(fields))
    }

    /// `login` signed in (a member of `groups`) and the CSRF token of the form at `path`.
    static func reader(_ app: WebTestApp, _ login: String, groups: [String] = [], form path: String = newProject) async throws -> (Browser, String) {
        let browser = try await WebBuildFormsTests.signIn(app, login, groups: groups)
        let form = try await app.get(path, headers: browser.headers)
        #expect(form.status == 200, "\(form.text)")
        return (browser, try WebSignInTests.csrf(in: form))
    }

    @Test("a signed-in reader creates a project for themselves or a group of theirs, and lands on its page; anonymous readers sign in first")
    func create() async throws {
        try await WebTestApp.run { app in
            #expect(!(try await app.get("/coprs/")).text.contains(Self.newProject))
            let signIn = try await app.get(Self.newProject)
            #expect(signIn.status == 302)
            #expect(signIn.header("location") == "/login?next=\(Self.newProject)")

            try await app.store.addGroup("team")
            let (carol, csrf) = try await Self.reader(app, "carol", groups: ["team"])
            #expect(try await app.get("/coprs/", headers: carol.headers).text.contains(#"<a href="\#(Self.newProject)">New project</a>"#))
            let form = try await app.get(Self.newProject, headers: carol.headers)
            #expect(form.text.contains(#"<option value="carol" selected>carol</option><option value="@team">@team</option></select>"#), "\(form.text)")
            #expect(form.text.contains(#"<input type="checkbox" name="chroots" value="fedora-41-x86_64"> fedora-41-x86_64"#), "the offer")

            let created = try await Self.post(app, carol, [
                ("csrf_token", csrf), ("owner", "@team"), ("name", "stack"), ("description", "# Stack\r\n<script>alert(1)</script>"),
                ("instructions", "dnf install stack"), ("chroots", "fedora-41-x86_64"), ("chroots", "fedora-42-x86_64"),
            ])
            #expect(created.status == 303, "\(created.text)")
            #expect(created.header("location") == "/coprs/g/team/stack/?done=create-project")
            let stack = try await app.store.project(owner: "@team", name: "stack")
            #expect(stack.chroots == ["fedora-41-x86_64", "fedora-42-x86_64"])
            #expect(stack.settings.description == "# Stack\n<script>alert(1)</script>")
            #expect(stack.settings.instructions == "dnf install stack")
            let page = try await app.get("/coprs/g/team/stack/?done=create-project", headers: carol.headers)
            #expect(page.text.contains("<p class=\"notice\" role=\"status\">The project was created.</p>"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert(1)"))

            let own = try await Self.post(app, carol, [("csrf_token", csrf), ("owner", "carol"), ("name", "tools"), ("chroots", "epel-9-aarch64")])
            #expect(own.header("location") == "/coprs/carol/tools/?done=create-project")
            #expect(try await app.store.project(owner: "carol", name: "tools").settings.description == "")

            // A user called "new" keeps the pages of their projects.
            try await app.createProject(owner: "new", name: "hello")
            #expect(try await app.get("/coprs/new/hello/").status == 200)
        }
    }

    @Test("where the deployment signs, a new project is signed unless unchecked, and its key is asked for; without a signer there is no box")
    func signing() async throws {
        try await WebTestApp.run(signs: true) { app in
            let (carol, csrf) = try await Self.reader(app, "carol")
            let form = try await app.get(Self.newProject, headers: carol.headers)
            #expect(form.text.contains(#"<input type="checkbox" id="signing" name="signing" value="on" aria-describedby="signing-hint" checked>"#))
            let project = [("csrf_token", csrf), ("owner", "carol"), ("chroots", "fedora-41-x86_64")]
            #expect(try await Self.post(app, carol, project + [("name", "signed"), ("signing", "on")]).status == 303)
            #expect(try await Self.post(app, carol, project + [("name", "plain")]).status == 303)
            #expect(try await app.store.project(owner: "carol", name: "signed").signingEnabled)
            #expect(try await !app.store.project(owner: "carol", name: "plain").signingEnabled)
            #expect(try await app.store.queuedActions(.genGPGKey) == [["ownername": "carol", "projectname": "signed"]])
        }
        try await WebTestApp.run { app in
            let (carol, _) = try await Self.reader(app, "carol")
            #expect(!(try await app.get(Self.newProject, headers: carol.headers)).text.contains(#"name="signing""#))
        }
    }

    @Test("hostile and bad values show the form again at the field (400), a taken name too (409), and store nothing")
    func badValues() async throws {
        try await WebTestApp.run { app in
            try await app.createProject(owner: "carol", name: "taken")
            let (carol, csrf) = try await Self.reader(app, "carol")
            let cases: [(field: String, fields: [(String, String)])] = [
                ("name", [("name", "../etc"), ("chroots", "fedora-41-x86_64")]),
                ("name", [("name", "$(reboot)"), ("chroots", "fedora-41-x86_64")]),
                ("name", [("name", "\"><script>alert(1)</script>"), ("chroots", "fedora-41-x86_64")]),
                ("name", [("name", String(repeating: "n", count: 20_000)), ("chroots", "fedora-41-x86_64")]),
                ("name", [("name", ""), ("chroots", "fedora-41-x86_64")]),
                ("chroots", [("name", "fine")]),
                ("chroots", [("name", "fine"), ("chroots", "../../etc/passwd")]),
                ("chroots", [("name", "fine"), ("chroots", "fedora-41-x86_64; reboot")]),
                ("chroots", [("name", "fine"), ("chroots", "fedora-41-x86_64"), ("chroots", "fedora-41-x86_64")]),
                ("description", [("name", "fine"), ("chroots", "fedora-41-x86_64"), ("description", String(repeating: "<b>x</b>", count: 9_000))]),
                ("instructions", [("name", "fine"), ("chroots", "fedora-41-x86_64"), ("instructions", "bell \u{07}")]),
            ]
            for (field, fields) in cases {
                let answer = try await Self.post(app, carol, [("csrf_token", csrf), ("owner", "carol")] + fields)
                #expect(answer.status == 400, "\(field): \(fields.map(\.1).joined().prefix(80))")
                #expect(answer.text.contains(##"Nothing was made. <a href="#\##(field)">Invalid \##(field):"##), "\(field): \(answer.text.prefix(3000))")
                #expect(answer.text.contains(field == "chroots" ? #"<p class="field-error" id="chroots-error">"# : #"<span class="field-error" id="\#(field)-error">"#))
                #expect(!answer.text.contains("<script>alert"), "\(field)")
                #expect(!answer.text.contains("<b>x</b>"), "\(field)")
            }
            let taken = try await Self.post(app, carol, [("csrf_token", csrf), ("owner", "carol"), ("name", "taken"), ("chroots", "fedora-41-x86_64")])
            #expect(taken.status == 409)
            #expect(taken.text.contains(##"<a href="#name">Invalid name: carol/taken exists already; choose another name</a>"##), "\(taken.text)")
            #expect(taken.text.contains(#"<input type="checkbox" name="chroots" value="fedora-41-x86_64" checked>"#), "the choice kept")
            #expect(try await app.store.projects().map(\.fullName) == ["carol/taken"])
        }
    }

    @Test("a post without its session's CSRF token, by an anonymous reader, or for an owner not the reader's is the 403 page and makes nothing")
    func refusals() async throws {
        try await WebTestApp.run { app in
            try await app.store.addGroup("team")
            try await app.createProject()
            let (mallory, csrf) = try await Self.reader(app, "mallory")
            let project = [("name", "evil"), ("chroots", "fedora-41-x86_64")]
            let posts: [(Browser, [(String, String)], String)] = [
                (mallory, [("owner", "mallory")] + project, Self.newProject),
                (mallory, [("csrf_token", String(csrf.reversed())), ("owner", "mallory")] + project, Self.newProject),
                (mallory, [("csrf_token", csrf), ("owner", "@team")] + project, Self.newProject),
                (mallory, [("csrf_token", csrf), ("owner", "jdoe")] + project, Self.newProject),
                (mallory, [("csrf_token", csrf), ("owner", "@team"), ("name", "evil")], Self.fork),
                (mallory, [("owner", "mallory"), ("name", "evil")], Self.fork),
            ]
            for (browser, fields, path) in posts {
                let answer = try await Self.post(app, browser, fields, to: path)
                #expect(answer.status == 403, "\(fields)")
                #expect(!answer.text.contains(#"class="project-creation fields""#), "no form again")
            }
            var anonymous = Browser()
            let page = try await app.get("/coprs/jdoe/hello/", headers: anonymous.headers)
            #expect(!page.text.contains(Self.fork), "no Fork link for an anonymous reader")
            #expect(try await app.get(Self.fork).header("location") == "/login?next=\(Self.fork)")
            let login = try await app.get("/login", headers: anonymous.headers)
            anonymous.keep(login)
            let token = try WebSignInTests.csrf(in: login)
            for path in [Self.newProject, Self.fork] {
                #expect(try await Self.post(app, anonymous, [("csrf_token", token), ("owner", "jdoe")] + project, to: path).status == 403)
            }
            #expect(try await app.store.projects().map(\.fullName) == ["jdoe/hello"])
            #expect(try await app.store.pendingActions().isEmpty)
        }
    }

    @Test("a signed-in reader forks a project from its page; into an existing project only when confirmed; bad names show the form again")
    func forkThroughTheForm() async throws {
        try await WebTestApp.run { app in
            try await app.createProject()
            let built = try await app.build(states: ["fedora-41-x86_64": .succeeded, "epel-9-aarch64": .succeeded])
            let (mallory, csrf) = try await Self.reader(app, "mallory", form: Self.fork)
            #expect(try await app.get("/coprs/jdoe/hello/", headers: mallory.headers).text.contains(#"<a href="\#(Self.fork)">Fork</a>"#))
            let form = try await app.get(Self.fork, headers: mallory.headers)
            #expect(form.text.contains(#"<h1>Fork <a href="/coprs/jdoe/hello/">jdoe/hello</a></h1>"#))
            #expect(form.text.contains(#"<input id="name" name="name" value="hello""#))
            #expect(try await app.get("/coprs/jdoe/nothing/fork/", headers: mallory.headers).status == 404)

            let forked = try await Self.post(app, mallory, [("csrf_token", csrf), ("owner", "mallory"), ("name", "hello")], to: Self.fork)
            #expect(forked.status == 303, "\(forked.text)")
            #expect(forked.header("location") == "/coprs/mallory/hello/?done=fork")
            let landed = try await app.get("/coprs/mallory/hello/?done=fork", headers: mallory.headers)
            #expect(landed.text.contains("<p class=\"notice\" role=\"status\">The project was forked; its copied builds show as forked"))
            let fork = try await app.store.project(owner: "mallory", name: "hello")
            #expect(fork.chroots == WebTestApp.chroots)
            let copies = try await app.store.builds(of: fork, state: nil, page: PageRequest(number: 1, size: 10)).items
            #expect(copies.count == 1)
            #expect(copies.first?.build.id != built)
            #expect(try await app.store.pendingActions().count == 1, "the fork action")

            let again = try await Self.post(app, mallory, [("csrf_token", csrf), ("owner", "mallory"), ("name", "hello")], to: Self.fork)
            #expect(again.status == 400)
            #expect(again.text.contains(##"<a href="#confirm">Invalid confirm: project mallory/hello exists"##), "\(again.text)")
            #expect(again.text.contains(#"aria-invalid="true" aria-describedby="confirm-error">"#))
            #expect(try await app.store.pendingActions().count == 1, "nothing forked again")
            let confirmed = try await Self.post(
                app, mallory, [("csrf_token", csrf), ("owner", "mallory"), ("name", "hello"), ("confirm", "on")], to: Self.fork)
            #expect(confirmed.status == 303)
            #expect(try await app.store.pendingActions().count == 2)

            for name in ["../etc", "$(reboot)", "<script>alert(1)</script>", ""] {
                let refused = try await Self.post(app, mallory, [("csrf_token", csrf), ("owner", "mallory"), ("name", name)], to: Self.fork)
                #expect(refused.status == 400, "\(name)")
                #expect(refused.text.contains(##"<a href="#name">Invalid name:"##), "\(name)")
                #expect(!refused.text.contains("<script>alert"))
            }
            let (owner, ownerCSRF) = try await Self.reader(app, "jdoe", form: Self.fork)
            let itself = try await Self.post(app, owner, [("csrf_token", ownerCSRF), ("owner", "jdoe"), ("name", "hello")], to: Self.fork)
            #expect(itself.status == 400)
            #expect(itself.text.contains("would be the project itself"))
            #expect(try await app.store.projects().map(\.fullName) == ["jdoe/hello", "mallory/hello"])
        }
    }
}
