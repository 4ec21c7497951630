import CoprCore
import CoprFrontend
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The project page's "New build" form: shown to those the rules allow to build, posting
/// an SRPM (or a URL) with its chroots and the session's CSRF token, read and submitted as
/// the API's upload is; whatever it refuses leaves no build and no file.
@Suite("Web interface: the project page's New build form")
struct WebSubmitFormTests {
    typealias Browser = WebSignInTests.Browser

    static let path = "/coprs/jdoe/hello/"
    static let action = path + "new_build/"
    static let boundary = "----WebKitFormBoundaryq2bTzDr0sa9XhC7x"
    static let srpm = Data([0xED, 0xAB, 0xEE, 0xDB, 3, 0, 0, 1]) + Data("hello\r\n--not-the-boundary\r\n".utf8)

    /// A part of a form's body: a field, or a file input (`filename` empty when no file was chosen).
    enum Part {
        case field(String, String)
        case file(filename: String, Data)
    }

    /// `parts` as a browser sends them.
    static func multipart(_ parts: [Part]) -> Data {
        var body = Data()
        for part in parts {
            body += Data("--\(boundary)\r\n".utf8)
            switch part {
            case .field(let name, let value):
                body += Data("Content-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
            case .file(let filename, let contents):
                body += Data("Content-Disposition: form-data; name=\"pkgs\"; filename=\"\(filename)\"\r\n".utf8)
                body += Data("Content-Type: application/x-rpm\r\n\r\n".utf8) + contents + Data("\r\n".utf8)
            }
        }
        return body + Data("--\(boundary)--\r\n".utf8)
    }

    /// The form's fields in the order the page has them: the token, the file, the URL, the chroots.
    static func form(csrf: String?, file: (String, Data)? = ("hello-1.0-1.src.rpm", srpm), url: String = "", chroots: [String] = WebTestApp.chroots)
        -> [Part]
    {
        (csrf.map { [Part.field("csrf_token", $0)] } ?? []) + [.file(filename: file?.0 ?? "", file?.1 ?? Data()), .field("url", url)]
            + chroots.map { .field("chroots", $0) }
    }

    static func post(_ app: WebTestApp, _ browser: Browser, _ parts: [Part], to action: String = action) async throws -> TestAnswer {
        var headers = browser.headers
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await app.post(action, headers: headers, body: multipart(parts))
    }

    /// No build of `jdoe/hello` and no stored upload.
    static func nothingStored(_ app: WebTestApp) async throws {
        #expect(try await app.store.builds(owner: "jdoe", project: "hello").isEmpty)
        #expect(app.uploadedFiles().isEmpty)
    }

    @Test("the form is on the project page of its owner and its builders, labelled and with every chroot checked; not for others")
    func shownToThoseAllowed() async throws {
        try await WebTestApp.run { app in
            try await app.createProject()
            #expect(!(try await app.get(Self.path)).text.contains("New build"))
            let stranger = try await WebBuildFormsTests.signIn(app, "mallory")
            #expect(!(try await app.get(Self.path, headers: stranger.headers)).text.contains("new_build"))

            let builder = try await WebBuildFormsTests.signIn(app, "bea")
            try await app.store.setPermission(ProjectPermission(admin: false, builder: true), of: "bea", owner: "jdoe", project: "hello")
            for browser in [try await WebBuildFormsTests.signIn(app, "jdoe"), builder] {
                let page = try await app.get(Self.path, headers: browser.headers)
                let text = page.text
                #expect(text.contains("<form method=\"post\" action=\"\(Self.action)\" enctype=\"multipart/form-data\""), "\(text)")
                #expect(text.contains("<label for=\"new-build-file\">SRPM or spec file</label>"))
                #expect(text.contains("<input id=\"new-build-file\" name=\"pkgs\" type=\"file\""))
                #expect(text.contains("(at most 1.0 KiB)"))
                #expect(text.contains("<label for=\"new-build-url\">"))
                for (index, chroot) in WebTestApp.chroots.enumerated() {
                    #expect(text.contains(
                        "<label for=\"chroot-\(index)\"><input type=\"checkbox\" id=\"chroot-\(index)\" name=\"chroots\" value=\"\(chroot)\" checked> \(chroot)</label>"))
                }
                #expect(try WebSignInTests.csrf(in: page) == (try WebSignInTests.csrf(in: try await app.get("/coprs/", headers: browser.headers))))
            }
        }
    }

    @Test("an uploaded SRPM becomes the signed-in user's build for the chroots checked, and the form goes on to its page; so does a URL")
    func uploadBuilds() async throws {
        try await WebTestApp.run { app in
            try await app.createProject()
            let owner = try await WebBuildFormsTests.signIn(app, "jdoe")
            let csrf = try WebSignInTests.csrf(in: try await app.get(Self.path, headers: owner.headers))

            let posted = try await Self.post(app, owner, Self.form(csrf: csrf, chroots: ["epel-9-aarch64"]))
            #expect(posted.status == 303, "\(posted.text)")
            let build = try #require(try await app.store.builds(owner: "jdoe", project: "hello").first)
            #expect(posted.header("location") == "\(Self.path)build/\(build.build.id)/?done=submit")
            #expect(build.build.submitter == "jdoe")
            #expect(build.chroots.map(\.chroot) == ["epel-9-aarch64"])
            guard case .upload(let name, let url) = build.build.source else { throw FixtureError("not an upload: \(build.build.source)") }
            #expect(name.hasSuffix("/hello-1.0-1.src.rpm") && url == "\(WebTestApp.publicURL)/uploads/\(name)")
            #expect(app.uploadedFiles() == [name])
            #expect(FileManager.default.contents(atPath: "\(app.uploadDirectory)/\(name)") == Self.srpm)
            let page = try await app.get(try #require(posted.header("location")), headers: owner.headers)
            #expect(page.text.contains("<p class=\"notice\" role=\"status\">The build was submitted.</p>"))
            #expect(page.text.contains("uploaded file hello-1.0-1.src.rpm"))

            let byURL = try await Self.post(app, owner, Self.form(csrf: csrf, file: nil, url: " https://example.org/hello.spec "))
            #expect(byURL.status == 303, "\(byURL.text)")
            let second = try await app.store.build(id: build.build.id + 1)
            #expect(second.build.source == .specURL("https://example.org/hello.spec"))
            #expect(second.chroots.map(\.chroot).sorted() == WebTestApp.chroots.sorted())
        }
    }

    @Test("a member of the group owning a project builds there through the form at the group's address")
    func groupProject() async throws {
        try await WebTestApp.run { app in
            try await app.store.addGroup("team")
            try await app.createProject(owner: "@team", name: "lib")
            let gina = try await WebBuildFormsTests.signIn(app, "gina")
            try await app.store.setMembership(group: "team", login: "gina", member: true)
            let page = try await app.get("/coprs/g/team/lib/", headers: gina.headers)
            #expect(page.text.contains("action=\"/coprs/g/team/lib/new_build/\""), "\(page.text)")
            let posted = try await Self.post(
                app, gina, Self.form(csrf: try WebSignInTests.csrf(in: page), file: nil, url: "https://example.org/lib-1.0-1.src.rpm"),
                to: "/coprs/g/team/lib/new_build/")
            #expect(posted.status == 303, "\(posted.text)")
            let build = try #require(try await app.store.builds(owner: "@team", project: "lib").first)
            #expect(posted.header("location") == "/coprs/g/team/lib/build/\(build.build.id)/?done=submit")
            #expect(build.build.source == .srpmURL("https://example.org/lib-1.0-1.src.rpm") && build.build.submitter == "gina")
        }
    }

    @Test("a post without its session's token, with another, of another shape, or by a reader the rules refuse is a 403 page and stores nothing")
    func refusals() async throws {
        try await WebTestApp.run { app in
            try await app.createProject()
            let owner = try await WebBuildFormsTests.signIn(app, "jdoe")
            let csrf = try WebSignInTests.csrf(in: try await app.get(Self.path, headers: owner.headers))
            let forged: [[Part]] = [
                Self.form(csrf: nil),
                Self.form(csrf: String(csrf.reversed())),
                // The token after the file: refused before the file is stored (not as too large).
                Self.form(csrf: nil) + [.field("csrf_token", csrf)],
                Self.form(csrf: nil, file: ("big.src.rpm", Data(count: 1025))) + [.field("csrf_token", csrf)],
                Self.form(csrf: nil, file: nil, url: "https://example.org/hello.spec"),
            ]
            for parts in forged {
                let refused = try await Self.post(app, owner, parts)
                #expect(refused.status == 403, "\(refused.text)")
                #expect(refused.text.contains("did not come from this site"))
            }
            let urlEncoded = try await app.post(Self.action, headers: owner.headers, body: WebSignInTests.form([
                ("csrf_token", csrf), ("url", "https://example.org/hello.spec")]))
            #expect(urlEncoded.status == 403)

            #expect(try await Self.post(app, Browser(), Self.form(csrf: csrf)).status == 403)
            let stranger = try await WebBuildFormsTests.signIn(app, "mallory")
            let own = try WebSignInTests.csrf(in: try await app.get(Self.path, headers: stranger.headers))
            let refused = try await Self.post(app, stranger, Self.form(csrf: own))
            #expect(refused.status == 403)
            #expect(refused.text.contains("mallory may not submit builds"), "\(refused.text)")
            #expect(try await app.post("/coprs/jdoe/nothing/new_build/", headers: owner.headers, body: Data()).status == 404)
            try await Self.nothingStored(app)
        }
    }

    @Test("no file, a name the API refuses (a path, shell characters, a huge one), too large a file, no chroot or a foreign one: the page again with the problem, escaped, and nothing stored")
    func problems() async throws {
        try await WebTestApp.run { app in
            try await app.createProject()
            let owner = try await WebBuildFormsTests.signIn(app, "jdoe")
            let csrf = try WebSignInTests.csrf(in: try await app.get(Self.path, headers: owner.headers))
            let cases: [([Part], Int, String)] = [
                (Self.form(csrf: csrf, file: nil), 400, "Choose an SRPM or spec file to upload, or give the URL of one."),
                (Self.form(csrf: csrf, url: "https://example.org/a.src.rpm"), 400, "Give either a file or a URL, not both."),
                (Self.form(csrf: csrf, file: ("notes.txt", Self.srpm)), 400, "Invalid filename: expected a file name ending with .src.rpm or .spec"),
                (Self.form(csrf: csrf, file: ("../x.src.rpm", Self.srpm)), 400, "Invalid filename"),
                (Self.form(csrf: csrf, file: ("$(reboot);rm -rf ~`id`.src.rpm", Self.srpm)), 400, "Invalid filename"),
                (Self.form(csrf: csrf, file: (String(repeating: "a", count: 5000) + ".src.rpm", Self.srpm)), 400, "Invalid filename"),
                (Self.form(csrf: csrf, file: (String(repeating: "a", count: 20_000) + ".src.rpm", Self.srpm)), 400, "it is 20008 characters long"),
                (Self.form(csrf: csrf, file: ("<script>alert(1)</script>.src.rpm", Self.srpm)), 400, "&lt;script&gt;alert(1)&lt;/script&gt;.src.rpm"),
                (Self.form(csrf: csrf, file: ("big.src.rpm", Data(count: 1025))), 413, "larger than the limit of 1024 bytes"),
                (Self.form(csrf: csrf, chroots: []), 400, "Choose at least one chroot to build for."),
                (Self.form(csrf: csrf, chroots: ["fedora-rawhide-x86_64"]), 400, "Chroots fedora-rawhide-x86_64 are not enabled in project jdoe/hello"),
                (Self.form(csrf: csrf, chroots: ["\"><b>x</b>"]), 400, "&quot;&gt;&lt;b&gt;x&lt;/b&gt;"),
                (Self.form(csrf: csrf, file: nil, url: "javascript:alert(1)//\"><b>.src.rpm"), 400, "&quot;&gt;&lt;b&gt;.src.rpm"),
            ]
            for (parts, status, problem) in cases {
                let answer = try await Self.post(app, owner, parts)
                #expect(answer.status == status, "\(problem): \(answer.text)")
                #expect(answer.text.contains("<p class=\"problem\" role=\"alert\" id=\"new-build-problem\" tabindex=\"-1\" autofocus><strong>"), "\(answer.text)")
                #expect(answer.text.contains(problem), "\(problem): \(answer.text)")
                #expect(!answer.text.contains("<script>alert") && !answer.text.contains("<b>"), "what the user wrote is escaped")
                #expect(answer.text.contains("<h1>jdoe/hello</h1>"), "the project page again")
                try await Self.nothingStored(app)
            }
            // The page again keeps what was chosen.
            let again = try await Self.post(app, owner, Self.form(csrf: csrf, file: nil, chroots: ["epel-9-aarch64"]))
            #expect(again.text.contains("value=\"fedora-41-x86_64\"> fedora-41-x86_64"))
            #expect(again.text.contains("value=\"epel-9-aarch64\" checked> epel-9-aarch64"))
        }
    }
}
