import Hummingbird
import HummingbirdAuth

/// The request context of every route of the embedded frontend: Hummingbird's core
/// context and the ``Account`` a request authenticated as (hummingbird-auth's
/// `AuthRequestContext`), nil for an anonymous request. ``TokenAuthenticator`` sets it;
/// routes hand it to ``FrontendStore/authorize(_:by:owner:project:)``.
public struct FrontendRequestContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Account?

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
    }
}
