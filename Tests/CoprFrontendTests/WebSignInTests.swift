import CoprFrontend
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Signing in to the web interface with an API token: a session cookie kept in the store,
/// a CSRF token on every form, the same token rules as the APIs.
@Suite("Web interface: sign-in, sessions and CSRF")
struct WebSignInTests {
    /// A browser's cookie jar of one: the session cookie the last answer set.
    struct Browser {
        var session: String?

        mutating func keep(_ answer: TestAnswer) {
            guard let cookie = answer.header("set-cookie"), cookie.hasPrefix("\(WebSessions.cookieName)=") else { return }
            let value = String(cookie.dropFirst(WebSessions.cookieName.count + 1).prefix { $0 != ";" })
            session = Self.expired(cookie) ? nil : value
        }

        /// Whether the cookie's `Expires` has come (a deleted session's cookie).
        static func expired(_ cookie: String) -> Bool {
            guard let range = cookie.range(of: "Expires=") else { return false }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
            guard let date = formatter.date(from: String(cookie[range.upperBound...].prefix { $0 != ";" })) else { return false }
            return date <= Date()
        }

        var headers: HTTPFields {
            var fields: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            if let session { fields[.cookie] = "\(WebSessions.cookieName)=\(session)" }
            return fields
        }
    }

    static func csrf(in page: TestAnswer) throws -> String {
        let marker = "name=\"csrf_token\" value=\""
        let start = try #require(page.text.range(of: marker))
        return String(page.text[start.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [(String, String)]) -> Data {
        Data(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&").utf8)
    }

    static func run(publicURL: String = "http://127.0.0.1:5007", _ body: @escaping @Sendable (any TestClientProtocol, FrontendStore) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            try await FrontendRouterTest.run(in: directory) { store in
                [try! WebSignIn(store: store, sessions: WebSessions(store: store, publicURL: publicURL), logger: FrontendRouterTest.logger)]
            } body: { client, store in
                try await body(client, store)
            }
        }
    }

    @Test("sign in with an API token, be known on the next page, sign out; the session cookie is HttpOnly and SameSite")
    func signInAndOut() async throws {
        try await Self.run { client, store in
            try await store.addUser("alice")
            let token = try await store.issueToken(for: "alice", lifetime: 86_400)
            var browser = Browser()
            let form = try await client.send("GET", "/login?next=/coprs/alice/", headers: browser.headers)
            #expect(form.status == 200)
            let cookie = try #require(form.header("set-cookie"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "\(cookie)")
            browser.keep(form)
            let anonymous = try #require(browser.session)
            let csrf = try Self.csrf(in: form)

            let signedIn = try await client.send("POST", "/login", headers: browser.headers, body: Self.form([
                ("login", token.id), ("token", token.secret), ("csrf_token", csrf), ("next", "/coprs/alice/")]))
            #expect(signedIn.status == 303)
            #expect(signedIn.header("location") == "/coprs/alice/")
            browser.keep(signedIn)
            #expect(browser.session != nil && browser.session != anonymous, "a sign-in gets a new session id")

            let page = try await client.send("GET", "/login", headers: browser.headers)
            #expect(page.text.contains("Signed in as <strong>alice</strong>"), "\(page.text)")
            let newCSRF = try Self.csrf(in: page)
            #expect(newCSRF != csrf, "a sign-in gets a new CSRF token")

            #expect(try await client.send("POST", "/logout", headers: browser.headers, body: Self.form([("csrf_token", csrf)])).status == 403)
            let out = try await client.send("POST", "/logout", headers: browser.headers, body: Self.form([("csrf_token", newCSRF)]))
            #expect(out.status == 303)
            let signedOutSession = browser.session
            browser.keep(out)
            #expect(browser.session == nil)
            var stale = Browser(session: signedOutSession)
            let after = try await client.send("GET", "/login", headers: stale.headers)
            stale.keep(after)
            #expect(!after.text.contains("Signed in as"), "the old cookie signs nobody in")
        }
    }

    @Test("a post without its session's CSRF token is refused; a wrong token shows the reason and signs nobody in")
    func refusals() async throws {
        try await Self.run { client, store in
            try await store.addUser("alice")
            let token = try await store.issueToken(for: "alice", lifetime: 86_400)
            // A form of another site: no session, or a session without this token.
            let forged = try await client.send("POST", "/login", headers: Browser().headers, body: Self.form([
                ("login", token.id), ("token", token.secret)]))
            #expect(forged.status == 403)
            #expect(forged.text.contains("did not come from this site"))
            #expect(forged.header("location") == nil)

            var browser = Browser()
            let form = try await client.send("GET", "/login", headers: browser.headers)
            browser.keep(form)
            let csrf = try Self.csrf(in: form)
            let guessed = try await client.send("POST", "/login", headers: browser.headers, body: Self.form([
                ("login", token.id), ("token", token.secret), ("csrf_token", String(csrf.reversed()))]))
            #expect(guessed.status == 403)

            let wrong = try await client.send("POST", "/login", headers: browser.headers, body: Self.form([
                ("login", token.id), ("token", "x" + token.secret.dropFirst()), ("csrf_token", csrf)]))
            #expect(wrong.status == 401)
            #expect(wrong.text.contains("the token does not match its login"), "\(wrong.text)")
            let empty = try await client.send("POST", "/login", headers: browser.headers, body: Self.form([("csrf_token", csrf)]))
            #expect(empty.status == 400)

            // Where a sign-in goes next is a path of this site only.
            for next in ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"] {
                let answer = try await client.send("POST", "/login", headers: browser.headers, body: Self.form([
                    ("login", token.id), ("token", token.secret), ("csrf_token", csrf), ("next", next)]))
                #expect(answer.header("location") == "/", "\(next)")
            }
        }
    }

    @Test("revoking the token ends its sessions; a hostile login is shown escaped")
    func revokedTokenEndsTheSession() async throws {
        try await Self.run { client, store in
            try await store.addUser("alice")
            let token = try await store.issueToken(for: "alice", lifetime: 86_400)
            var browser = Browser()
            let form = try await client.send("GET", "/login?next=%22%3E%3Cscript%3E", headers: browser.headers)
            #expect(!form.text.contains("\"><script>"), "the hostile next stays text")
            browser.keep(form)
            let signedIn = try await client.send("POST", "/login", headers: browser.headers, body: Self.form([
                ("login", token.id), ("token", token.secret), ("csrf_token", try Self.csrf(in: form))]))
            browser.keep(signedIn)
            #expect(try await client.send("GET", "/login", headers: browser.headers).text.contains("Signed in as"))
            try await store.revokeTokens(of: "alice")
            #expect(!(try await client.send("GET", "/login", headers: browser.headers).text.contains("Signed in as")))
        }
    }

    @Test("a session outlives a restart of the frontend: it is kept in the store")
    func survivesRestart() async throws {
        try await withTemporaryDirectory { directory in
            let parts = { (store: FrontendStore) -> [any FrontendRoutes] in
                [try! WebSignIn(store: store, sessions: WebSessions(store: store, publicURL: "http://x"), logger: FrontendRouterTest.logger)]
            }
            let browser = try await FrontendRouterTest.run(in: directory, parts: parts) { client, store in
                try await store.addUser("alice")
                let token = try await store.issueToken(for: "alice", lifetime: 86_400)
                var browser = Browser()
                let form = try await client.send("GET", "/login")
                browser.keep(form)
                browser.keep(try await client.send("POST", "/login", headers: browser.headers, body: Self.form([
                    ("login", token.id), ("token", token.secret), ("csrf_token", try Self.csrf(in: form))])))
                return browser
            }
            let page = try await FrontendRouterTest.run(in: directory, parts: parts) { client, _ in
                try await client.send("GET", "/login", headers: browser.headers)
            }
            #expect(page.text.contains("Signed in as <strong>alice</strong>"))
        }
    }

    @Test("over https the session cookie is Secure")
    func secureCookie() async throws {
        try await Self.run(publicURL: "https://copr.example.org") { client, _ in
            let form = try await client.send("GET", "/login")
            #expect(form.header("set-cookie")?.contains("Secure") == true, "\(form.header("set-cookie") ?? "")")
        }
    }
}
