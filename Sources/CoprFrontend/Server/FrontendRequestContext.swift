import Hummingbird
import HummingbirdAuth

/// The request context of every route of the embedded frontend: Hummingbird's core
/// context, the ``Account`` a request authenticated as (hummingbird-auth's
/// `AuthRequestContext`), nil for an anonymous request, and the web interface's
/// ``WebSession`` (hummingbird-auth's `SessionRequestContext`). ``TokenAuthenticator``
/// (APIs) or ``WebSessions`` (pages) sets the account; routes hand it to
/// ``FrontendStore/authorize(_:by:owner:project:)``.
public struct FrontendRequestContext: AuthRequestContext, SessionRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Account?
    public let sessions: SessionContext<WebSession>

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        sessions = .init()
    }
}
