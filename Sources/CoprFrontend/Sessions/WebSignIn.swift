import Foundation
import Hummingbird
import Logging

/// Signing in and out of the web interface with an API token, the one credential users
/// have (`copr-backend user add` and `user token` write it into copr-cli's
/// `~/.config/copr`):
///
/// - `GET /login` shows the form (and who is signed in);
/// - `POST /login` (`login`, `token`, `csrf_token`, optional `next`) checks the token as
///   the APIs do, then replaces the form's session with a new one (a new id and CSRF
///   token) and goes on to `next` (a path of this site) or `/`; a wrong token shows the
///   form again with the reason (401);
/// - `POST /logout` (`csrf_token`) ends the session.
///
/// Every post must carry its session's CSRF token (403 otherwise).
public struct WebSignIn: FrontendRoutes {
    let store: FrontendStore
    let sessions: WebSessions
    let renderer: PageRenderer
    let logger: Logger

    /// Throws when a page template is malformed.
    public init(store: FrontendStore, sessions: WebSessions, logger: Logger) throws {
        self.store = store
        self.sessions = sessions
        renderer = try PageRenderer(publicURL: sessions.publicURL)
        self.logger = logger
    }

    struct SignInForm: Decodable {
        var login: String?
        var token: String?
        var csrf_token: String?
        var next: String?
    }

    struct SignOutForm: Decodable {
        var csrf_token: String?
    }

    public func register(on router: Router<FrontendRequestContext>) {
        let routes = RouteCollection(context: FrontendRequestContext.self)
        sessions.add(to: routes)
        routes.get("login") { request, context in
            SignInPage.response(renderer, request, context, next: request.uri.queryParameters.get("next"), problem: nil, status: .ok)
        }
        routes.post("login") { request, context in
            let form = try? await URLEncodedFormDecoder().decode(SignInForm.self, from: request, context: context)
            do {
                try WebSessions.checkCSRF(form?.csrf_token, context)
                let login = form?.login?.trimmingCharacters(in: .whitespaces) ?? ""
                guard !login.isEmpty, let token = form?.token?.trimmingCharacters(in: .whitespaces), !token.isEmpty else {
                    throw WebFormRefused(.badRequest, "Give both the login and the token of your API token.")
                }
                let account: Account
                switch try await store.authenticate(tokenID: login, secret: token) {
                case .success(let found): account = found
                case .failure(let refusal): throw WebFormRefused(.unauthorized, refusal.description)
                }
                let left = (try await store.tokenExpiry(id: login) ?? 0) - store.clock()
                context.sessions.createSession(
                    WebSession(tokenID: login), expiresIn: min(WebSessions.lifetime, .seconds(max(60, left))))
                logger.info("\(account.login) signed in to the web interface")
                return Response(status: .seeOther, headers: [.location: Self.localPath(form?.next) ?? "/"])
            } catch let refused as WebFormRefused {
                return SignInPage.response(renderer, request, context, next: form?.next, problem: refused.message, status: refused.status)
            }
        }
        routes.post("logout") { request, context in
            let form = try? await URLEncodedFormDecoder().decode(SignOutForm.self, from: request, context: context)
            do {
                try WebSessions.checkCSRF(form?.csrf_token, context)
            } catch let refused as WebFormRefused {
                return SignInPage.response(renderer, request, context, next: nil, problem: refused.message, status: refused.status)
            }
            context.sessions.clearSession()
            return Response(status: .seeOther, headers: [.location: "/"])
        }
        router.addRoutes(routes)
    }

    /// `next` when it is a path of this site (no scheme, no host, no `//` or `\`), so that
    /// the sign-in cannot send a user elsewhere.
    static func localPath(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count <= 2000,
              !next.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true }) else { return nil }
        return next
    }
}
