import Hummingbird
import HummingbirdAuth

/// The web interface's sign-in: a session cookie (`copr_session`: HttpOnly,
/// SameSite=Lax, Secure when the frontend's public URL is https) for sessions kept in the
/// store (``StoredSessions``), and the signed-in ``Account`` read from the session's API
/// token for every request, so that the pages follow the same permission rules as the
/// APIs and a revoked token ends its sessions at once.
///
/// ```swift
/// let routes = RouteCollection(context: FrontendRequestContext.self)
/// WebSessions(store: store, publicURL: publicURL).add(to: routes)
/// ```
public struct WebSessions: Sendable {
    public static let cookieName = "copr_session"
    /// How long a sign-in lasts at most (never beyond its API token).
    public static let lifetime: Duration = .seconds(12 * 3600)
    /// How long the anonymous session of a sign-in form lasts.
    public static let formLifetime: Duration = .seconds(3600)

    let store: FrontendStore
    /// The frontend's public URL, which names the deployment on the pages.
    let publicURL: String
    /// The cookie is sent over https only.
    let secure: Bool

    public init(store: FrontendStore, publicURL: String) {
        self.store = store
        self.publicURL = publicURL
        secure = publicURL.lowercased().hasPrefix("https://")
    }

    /// Adds the session cookie and the signed-in account to every route of `routes`.
    public func add(to routes: RouteCollection<FrontendRequestContext>) {
        let cookie = SessionCookieParameters(name: Self.cookieName, path: "/", secure: secure, sameSite: .lax)
        routes.add(middleware: SessionMiddleware(
            storage: StoredSessions(store: store),
            configuration: .init(sessionCookieParameters: cookie, defaultSessionExpiration: Self.lifetime)))
        let store = self.store
        routes.add(middleware: SessionAuthenticator(context: FrontendRequestContext.self) { (session: WebSession, _) in
            guard let tokenID = session.tokenID else { return nil }
            return try await store.sessionAccount(tokenID: tokenID)
        })
    }

    /// The session's CSRF token, making an anonymous session for it when there is none
    /// (a form is about to be shown).
    public static func csrfToken(_ context: FrontendRequestContext) -> String {
        if let session = context.sessions.session { return session.csrfToken }
        let session = WebSession()
        context.sessions.createSession(session, expiresIn: formLifetime)
        return session.csrfToken
    }

    /// Refuses a form post (403) whose `csrf_token` is not its session's: a form of
    /// another site, or of a session that expired.
    public static func checkCSRF(_ presented: String?, _ context: FrontendRequestContext) throws(WebFormRefused) {
        guard let session = context.sessions.session, CSRFToken.matches(presented, session.csrfToken) else { throw foreignForm }
    }

    /// The refusal of a post that is not a form of this site's session.
    public static let foreignForm = WebFormRefused(
        .forbidden, "This form expired or did not come from this site: open the page again and resend it.")
}
