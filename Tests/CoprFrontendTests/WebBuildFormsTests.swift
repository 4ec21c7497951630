import CoprCore
import CoprFrontend
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The sign-in in every page's header and the build page's forms, which run the user
/// API's cancel, resubmit and delete under the same rules, each post with its session's
/// CSRF token.
@Suite("Web interface: the header's sign-in and the build page's forms")
struct WebBuildFormsTests {
    typealias Browser = WebSignInTests.Browser

    /// Signs `login` (a member of `groups`) in through the form; returns the browser with
    /// its session cookie.
    static func signIn(_ app: WebTestApp, _ login: String, groups: [String] = []) async throws -> Browser {
        try await app.store.addUser(login, groups: groups)
        let token = try await app.store.issueToken(for: login, lifetime: 86_400)
        var browser = Browser()
        let form = try await app.get("/login", headers: browser.headers)
        browser.keep(form)
        let signedIn = try await app.post("/login", headers: browser.headers, body: WebSignInTests.form([
            ("login", token.id), ("token", token.secret), ("csrf_token", try WebSignInTests.csrf(in: form))]))
        #expect(signedIn.status == 303)
        browser.keep(signedIn)
        return browser
    }

    static func buttons(_ page: TestAnswer) -> [String] {
        ["Cancel", "Resubmit", "Delete"].filter { page.text.contains("<button type=\"submit\">\($0)</button>") }
    }

    @Test("the header links an anonymous reader to the sign-in and back, and shows a signed-in one with a sign-out form; the sign-in page has the layout")
    func header() async throws {
        try await WebTestApp.run { app in
            let anonymous = try await app.get("/coprs/")
            #expect(anonymous.text.contains("<a href=\"/login?next=/coprs/\">Sign in</a>"), "\(anonymous.text)")
            #expect(!anonymous.text.contains("csrf_token"))

            let browser = try await Self.signIn(app, "alice")
            let page = try await app.get("/coprs/", headers: browser.headers)
            #expect(page.text.contains("<span>alice ·</span>"))
            #expect(page.text.contains("action=\"/logout\""))
            let csrf = try WebSignInTests.csrf(in: page)
            let signIn = try await app.get("/login", headers: browser.headers)
            #expect(signIn.text.contains("<nav aria-label=\"Main\">"), "the sign-in page is in the site's layout")
            #expect(try WebSignInTests.csrf(in: signIn) == csrf, "one session, one token")
            let out = try await app.post("/logout", headers: browser.headers, body: WebSignInTests.form([("csrf_token", csrf)]))
            #expect(out.status == 303)
        }
    }

    @Test("the owner cancels a running build, resubmits it and deletes it through the page's forms, each going on with a notice")
    func ownerUsesTheForms() async throws {
        try await WebTestApp.run { app in
            try await app.createProject()
            let id = try await app.build(states: ["fedora-41-x86_64": .running])
            let path = "/coprs/jdoe/hello/build/\(id)/"
            #expect(Self.buttons(try await app.get(path)).isEmpty, "an anonymous reader gets no forms")

            let browser = try await Self.signIn(app, "jdoe")
            let running = try await app.get(path, headers: browser.headers)
            #expect(Self.buttons(running) == ["Cancel", "Resubmit"])
            #expect(running.text.contains("action=\"\(path)cancel\""))
            let csrf = try WebSignInTests.csrf(in: running)

            let canceled = try await app.post(path + "cancel", headers: browser.headers, body: WebSignInTests.form([("csrf_token", csrf)]))
            #expect(canceled.status == 303)
            #expect(canceled.header("location") == path + "?done=cancel")
            #expect(try await app.store.build(id: id).hasEnded)
            let ended = try await app.get(path + "?done=cancel", headers: browser.headers)
            #expect(ended.text.contains("<p class=\"notice\" role=\"status\">The build&#39;s cancel was requested.</p>"))
            #expect(Self.buttons(ended) == ["Resubmit", "Delete"])

            let resubmitted = try await app.post(path + "resubmit", headers: browser.headers, body: WebSignInTests.form([("csrf_token", csrf)]))
            #expect(resubmitted.status == 303)
            let newPath = "/coprs/jdoe/hello/build/\(id + 1)/"
            #expect(resubmitted.header("location") == newPath + "?done=resubmit")
            #expect(try await app.store.build(id: id + 1).build.submitter == "jdoe")

            let deleted = try await app.post(path + "delete", headers: browser.headers, body: WebSignInTests.form([("csrf_token", csrf)]))
            #expect(deleted.status == 303)
            #expect(deleted.header("location") == "/coprs/jdoe/hello/?done=delete")
            await #expect(throws: FrontendStoreError.self) { try await app.store.build(id: id) }
            // Deleting a build that runs is a conflict, shown as a page.
            let conflict = try await app.post(newPath + "delete", headers: browser.headers, body: WebSignInTests.form([("csrf_token", csrf)]))
            #expect(conflict.status == 409)
            #expect(conflict.text.contains("has not ended"), "\(conflict.text)")
        }
    }

    @Test("a post without the session's CSRF token, or by a reader the rules refuse, is a 403 page and changes nothing")
    func refusals() async throws {
        try await WebTestApp.run { app in
            try await app.createProject()
            let id = try await app.build(states: ["fedora-41-x86_64": .running])
            let path = "/coprs/jdoe/hello/build/\(id)/"
            let owner = try await Self.signIn(app, "jdoe")
            let csrf = try WebSignInTests.csrf(in: try await app.get(path, headers: owner.headers))
            for body in [WebSignInTests.form([]), WebSignInTests.form([("csrf_token", String(csrf.reversed()))])] {
                let forged = try await app.post(path + "cancel", headers: owner.headers, body: body)
                #expect(forged.status == 403)
                #expect(forged.text.contains("did not come from this site"))
            }
            #expect(try await app.post(path + "cancel", headers: Browser().headers, body: WebSignInTests.form([("csrf_token", csrf)])).status == 403)

            let stranger = try await Self.signIn(app, "mallory")
            let page = try await app.get(path, headers: stranger.headers)
            #expect(Self.buttons(page).isEmpty)
            let refused = try await app.post(path + "cancel", headers: stranger.headers, body: WebSignInTests.form([
                ("csrf_token", try WebSignInTests.csrf(in: page))]))
            #expect(refused.status == 403)
            #expect(refused.header("content-type")?.hasPrefix("text/html") == true)
            #expect(!(try await app.store.build(id: id).hasEnded), "nothing was canceled")
        }
    }
}
