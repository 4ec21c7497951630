import CoprCore
import CoprFrontend
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A chroot's settings page, linked from the project's settings: the form a reader who
/// may edit the project gets, which runs the user API's `editChroot` under the same rules
/// and checks, each post with its session's CSRF token; a refused value shows the form
/// again at its field, nothing stored; what is saved reaches the builder's task record.
@Suite("Web interface: the chroot settings form")
struct WebChrootSettingsFormTests {
    typealias Browser = WebSignInTests.Browser

    static let path = "/coprs/jdoe/hello/edit_chroot/fedora-41-x86_64/"

    /// The form's fields as a browser posts them for a chroot with the default settings,
    /// with `changes` replacing fields.
    static func fields(csrf: String, _ changes: [(String, String)] = []) -> [(String, String)] {
        let replaced = Set(changes.map(\.0))
        let base: [(String, String)] = [
            ("additional_packages", ""), ("additional_repos", ""), ("with_opts", ""), ("without_opts", ""), ("isolation", "unchanged"),
            ("bootstrap", "unchanged"), ("bootstrap_image", ""),
        ].filter { !replaced.contains($0.0) }
        return [("csrf_token", csrf)] + base + changes
    }

    static func post(_ app: WebTestApp, _ browser: Browser, _ fields: [(String, String)], to path: String = path) async throws -> TestAnswer {
        try await app.post(path, headers: browser.headers, body: WebSignInTests.form(fields))
    }

    static func settings(_ app: WebTestApp, owner: String = "jdoe", name: String = "hello", chroot: String = "fedora-41-x86_64") async throws -> ChrootSettings {
        try await app.store.chrootSettings(owner: owner, name: name, chroot: chroot).1
    }

    /// The owner signed in, the project made, and the chroot form's CSRF token.
    static func owner(_ app: WebTestApp) async throws -> (Browser, String) {
        try await app.createProject()
        let browser = try await WebBuildFormsTests.signIn(app, "jdoe")
        let form = try await app.get(path, headers: browser.headers)
        #expect(form.status == 200, "\(form.text)")
        return (browser, try WebSignInTests.csrf(in: form))
    }

    @Test("the project's settings link each of its chroots; the owner gets the form, others the sign-in or the 403 page, an unknown chroot the 404 page")
    func whoSeesTheForm() async throws {
        try await WebTestApp.run { app in
            try await app.createProject()
            let owner = try await WebBuildFormsTests.signIn(app, "jdoe")
            let settings = try await app.get(WebSettingsFormTests.path, headers: owner.headers)
            #expect(settings.text.contains(#"<h2 id="chroots-heading">Chroot settings</h2>"#))
            for chroot in WebTestApp.chroots {
                #expect(settings.text.contains(#"<li><a href="/coprs/jdoe/hello/edit_chroot/\#(chroot)/">\#(chroot)</a></li>"#), "\(chroot)")
            }
            #expect(!settings.text.contains("edit_chroot/fedora-42-x86_64/"), "offered, not the project's")

            let signIn = try await app.get(Self.path)
            #expect(signIn.status == 302)
            #expect(signIn.header("location") == "/login?next=\(Self.path)")

            let form = try await app.get(Self.path, headers: owner.headers)
            #expect(form.status == 200)
            #expect(form.text.contains(#"<form method="post" action="\#(Self.path)" class="chroot-settings fields">"#))
            for field in ["additional_packages", "additional_repos", "with_opts", "without_opts", "isolation", "bootstrap", "bootstrap_image"] {
                #expect(form.text.contains(#"<label for="\#(field)">"#), "\(field)")
                #expect(form.text.contains(#"id="\#(field)" name="\#(field)""#), "\(field)")
            }
            #expect(form.text.contains(#"<option value="unchanged" selected>"#))
            #expect(form.text.contains(#"<option value="nspawn">nspawn: systemd-nspawn</option>"#))

            let stranger = try await WebBuildFormsTests.signIn(app, "mallory")
            let refused = try await app.get(Self.path, headers: stranger.headers)
            #expect(refused.status == 403)
            #expect(refused.text.contains("mallory may not change the settings of jdoe/hello"), "\(refused.text)")
            #expect(!refused.text.contains("chroot-settings fields"))

            for chroot in ["fedora-42-x86_64", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "..%2F..%2Fetc"] {
                let unknown = try await app.get("/coprs/jdoe/hello/edit_chroot/\(chroot)/", headers: owner.headers)
                #expect(unknown.status == 404, "\(chroot)")
                #expect(unknown.text.contains("<h1>Not found</h1>"), "\(chroot): \(unknown.text.prefix(3000))")
                #expect(!unknown.text.contains("<script>alert"), "\(chroot)")
            }
            #expect(try await app.get("/coprs/jdoe/nothing/edit_chroot/fedora-41-x86_64/", headers: owner.headers).status == 404)
        }
    }

    @Test("the owner saves every field, comes back to the form with a notice, and a new build's task record carries them")
    func ownerSaves() async throws {
        try await WebTestApp.run { app in
            let (browser, csrf) = try await Self.owner(app)
            let saved = try await Self.post(app, browser, Self.fields(csrf: csrf, [
                ("additional_packages", "gcc pkgconfig(zlib)\r\n/usr/bin/python3"),
                ("additional_repos", "https://mirror.example.org/extra/\r\n\r\ncopr://jdoe/base\r\n"),
                ("with_opts", "tests  ssl"), ("without_opts", "docs"), ("isolation", "nspawn"), ("bootstrap", "custom_image"),
                ("bootstrap_image", "registry.example.org/fedora:41"),
            ]))
            #expect(saved.status == 303, "\(saved.text)")
            #expect(saved.header("location") == Self.path + "?done=chroot-settings")

            var expected = ChrootSettings()
            expected.buildrootPackages = ["gcc", "pkgconfig(zlib)", "/usr/bin/python3"]
            expected.additionalRepos = ["https://mirror.example.org/extra/", "copr://jdoe/base"]
            expected.withOpts = ["tests", "ssl"]
            expected.withoutOpts = ["docs"]
            expected.isolation = "nspawn"
            expected.bootstrap = "custom_image"
            expected.bootstrapImage = "registry.example.org/fedora:41"
            #expect(try await Self.settings(app) == expected)
            #expect(try await Self.settings(app, chroot: "epel-9-aarch64") == ChrootSettings(), "the other chroot keeps its own")

            let form = try await app.get(Self.path + "?done=chroot-settings", headers: browser.headers)
            #expect(form.text.contains(#"<p class="notice" role="status">The chroot&#39;s settings were saved.</p>"#))
            #expect(form.text.contains("gcc pkgconfig(zlib) /usr/bin/python3</textarea>"))
            #expect(form.text.contains(#"<option value="custom_image" selected>"#))
            #expect(form.text.contains(#"value="registry.example.org/fedora:41""#))

            let id = try await app.build()
            let record = try await BackendOperations(store: app.store, layout: app.layout).taskRecord(.rpm(buildID: id, chroot: "fedora-41-x86_64"))
            #expect(record["buildroot_pkgs"] == ["gcc", "pkgconfig(zlib)", "/usr/bin/python3"])
            #expect(record["with_opts"] == ["tests", "ssl"])
            #expect(record["without_opts"] == ["docs"])
            #expect(record["isolation"] == "nspawn")
            #expect(record["bootstrap"] == "custom_image")
            #expect(record["bootstrap_image"] == "registry.example.org/fedora:41")
            let repos = record["repos"]?.arrayValue?.compactMap { $0["baseurl"]?.stringValue } ?? []
            #expect(repos.contains("https://mirror.example.org/extra/"), "\(repos)")
            #expect(repos.contains("\(WebTestApp.publicURL)/results/jdoe/base/fedora-41-x86_64/"), "\(repos)")
            #expect(throws: Never.self) { try TaskRecord(fields: record.objectValue ?? [:]) }

            // Another bootstrap drops the image; emptied lists are emptied.
            let again = try await Self.post(app, browser, Self.fields(csrf: csrf, [
                ("bootstrap", "on"), ("bootstrap_image", "registry.example.org/fedora:41"), ("isolation", "unchanged"),
            ]))
            #expect(again.status == 303, "\(again.text)")
            var plain = ChrootSettings()
            plain.bootstrap = "on"
            #expect(try await Self.settings(app) == plain)
        }
    }

    @Test("a group's project has its chroots' settings under /coprs/g/, which a member of the group changes")
    func groupProject() async throws {
        try await WebTestApp.run { app in
            try await app.store.addGroup("team")
            try await app.createProject(owner: "@team", name: "stack")
            let member = try await WebBuildFormsTests.signIn(app, "carol", groups: ["team"])
            let path = "/coprs/g/team/stack/edit_chroot/epel-9-aarch64/"
            #expect(try await app.get("/coprs/g/team/stack/edit/", headers: member.headers).text.contains(#"<a href="\#(path)">"#))
            let form = try await app.get(path, headers: member.headers)
            #expect(form.status == 200)
            let saved = try await Self.post(app, member, Self.fields(csrf: try WebSignInTests.csrf(in: form), [("with_opts", "tests")]), to: path)
            #expect(saved.status == 303)
            #expect(saved.header("location") == path + "?done=chroot-settings")
            #expect(try await Self.settings(app, owner: "@team", name: "stack", chroot: "epel-9-aarch64").withOpts == ["tests"])
        }
    }

    @Test("a post without the session's CSRF token, with another, or by a reader the rules refuse is the 403 page and changes nothing")
    func refusals() async throws {
        try await WebTestApp.run { app in
            let (owner, csrf) = try await Self.owner(app)
            let changes = [("with_opts", "tests"), ("isolation", "nspawn")]
            let forgeries = [
                Self.fields(csrf: csrf, changes).filter { $0.0 != "csrf_token" },
                Self.fields(csrf: String(csrf.reversed()), changes),
            ]
            for fields in forgeries {
                let forged = try await Self.post(app, owner, fields)
                #expect(forged.status == 403)
                #expect(forged.text.contains("did not come from this site"))
            }
            #expect(try await Self.post(app, Browser(), Self.fields(csrf: csrf, changes)).status == 403)

            let stranger = try await WebBuildFormsTests.signIn(app, "mallory")
            let token = try WebSignInTests.csrf(in: try await app.get("/coprs/", headers: stranger.headers))
            let refused = try await Self.post(app, stranger, Self.fields(csrf: token, changes))
            #expect(refused.status == 403)
            #expect(!refused.text.contains("chroot-settings fields"), "no form for a stranger")
            #expect(try await Self.settings(app) == ChrootSettings(), "nothing changed")

            let unknown = try await Self.post(app, owner, Self.fields(csrf: csrf, changes), to: "/coprs/jdoe/hello/edit_chroot/fedora-42-x86_64/")
            #expect(unknown.status == 404)
        }
    }

    @Test("hostile and bad values show the form again with the field's problem (400), the value escaped, and store nothing")
    func badValues() async throws {
        try await WebTestApp.run { app in
            let (browser, csrf) = try await Self.owner(app)
            var stored = ChrootSettings()
            stored.withOpts = ["tests"]
            _ = try await Self.post(app, browser, Self.fields(csrf: csrf, [("with_opts", "tests")]))
            #expect(try await Self.settings(app) == stored)
            let huge = String(repeating: "a", count: 100_000)
            let cases: [(field: String, changes: [(String, String)])] = [
                ("additional_packages", [("additional_packages", "gcc; rm -rf /")]),
                ("additional_packages", [("additional_packages", "$(reboot) `id`")]),
                ("additional_packages", [("additional_packages", "--foo")]),
                ("additional_packages", [("additional_packages", "../../etc/passwd")]),
                ("additional_packages", [("additional_packages", "<script>alert(1)</script>")]),
                ("additional_packages", [("additional_packages", huge)]),
                ("additional_packages", [("additional_packages", Array(repeating: "gcc", count: 101).joined(separator: " "))]),
                ("additional_repos", [("additional_repos", "https://example.org/repo/../../etc")]),
                ("additional_repos", [("additional_repos", "copr://../etc")]),
                ("additional_repos", [("additional_repos", "file:///etc/passwd")]),
                ("additional_repos", [("additional_repos", "https://example.org/$(reboot)/`id`")]),
                ("with_opts", [("with_opts", "--define=evil 1")]),
                ("with_opts", [("with_opts", "..")]),
                ("with_opts", [("with_opts", "a;b")]),
                ("with_opts", [("with_opts", "<b>x</b>")]),
                ("without_opts", [("without_opts", "-x")]),
                ("without_opts", [("without_opts", "$(id)")]),
                ("without_opts", [("without_opts", huge)]),
                ("isolation", [("isolation", "nspawn; reboot")]),
                ("isolation", [("isolation", "<script>alert(1)</script>")]),
                ("bootstrap", [("bootstrap", "--foo")]),
                ("bootstrap", [("bootstrap", "on && reboot")]),
                ("bootstrap_image", [("bootstrap", "custom_image"), ("bootstrap_image", "--privileged")]),
                ("bootstrap_image", [("bootstrap", "custom_image"), ("bootstrap_image", "../../etc")]),
                ("bootstrap_image", [("bootstrap", "custom_image"), ("bootstrap_image", "fedora;rm -rf /")]),
                ("bootstrap_image", [("bootstrap", "custom_image"), ("bootstrap_image", "\"><script>alert(1)</script>")]),
                ("bootstrap_image", [("bootstrap", "custom_image"), ("bootstrap_image", "")]),
            ]
            // The first value of a name counts: a case's own with_opts before the stored one.
            for (field, changes) in cases {
                let answer = try await Self.post(app, browser, Self.fields(csrf: csrf, changes + [("with_opts", "tests")]))
                let label = "\(field): \(changes.map { "\($0.0)=\($0.1.prefix(40))" })"
                #expect(answer.status == 400, "\(label)")
                #expect(answer.text.contains("The chroot's settings were not saved."), "\(label)")
                #expect(answer.text.contains(##"<a href="#\##(field)">Invalid \##(field):"##), "\(label): \(answer.text.prefix(4000))")
                #expect(answer.text.contains(#"id="\#(field)" name="\#(field)""#), "\(label)")
                #expect(answer.text.contains(#"<span class="field-error" id="\#(field)-error">"#), "\(label)")
                #expect(answer.text.contains(#"aria-describedby="\#(field)-hint \#(field)-error" aria-invalid="true""#), "\(label)")
                #expect(!answer.text.contains("<script>alert"), "\(label)")
                #expect(!answer.text.contains("<b>x</b>"), "\(label)")
                #expect(try await Self.settings(app) == stored, "\(label): nothing stored")
            }
            // The form shows what was posted, escaped, so nothing typed is lost.
            let shown = try await Self.post(app, browser, Self.fields(csrf: csrf, [
                ("with_opts", "<b>x</b>"), ("additional_packages", "gcc <i>kept</i>"), ("bootstrap_image", "\"><script>alert(1)</script>"),
            ]))
            #expect(shown.status == 400)
            #expect(shown.text.contains(#"value="&lt;b&gt;x&lt;/b&gt;""#))
            #expect(shown.text.contains("gcc &lt;i&gt;kept&lt;/i&gt;</textarea>"))
            #expect(shown.text.contains(#"value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;""#))
        }
    }
}
