import Hummingbird
import HummingbirdAuth

/// Reads the API token of a request, sent as python-copr sends it: HTTP Basic with the
/// token's public id as the user name (copr-cli's `login`) and its secret as the password
/// (`token`). A request without an Authorization header stays anonymous (nil), which may
/// only read; a header that is not Basic, or a token that is unknown, wrong, expired or
/// revoked, is refused at once with 401 and the ``TokenRefused`` that says which, even for
/// a read, so that a client never mistakes a broken token for anonymous access.
///
/// Add it to a route group after its error middleware, so that the refusal is rendered:
///
/// ```swift
/// routes.add(middleware: UserAPIErrorMiddleware(logger: logger))
/// routes.add(middleware: TokenAuthenticator(store: store))
/// ```
public struct TokenAuthenticator<Context: AuthRequestContext<Account>>: AuthenticatorMiddleware {
    public typealias Identity = Account
    let store: FrontendStore

    public init(store: FrontendStore) {
        self.store = store
    }

    public func authenticate(request: Request, context: Context) async throws -> Account? {
        guard request.headers[.authorization] != nil else { return nil }
        guard let basic = request.headers.basic else { throw TokenRefused.malformed }
        switch try await store.authenticate(tokenID: basic.username, secret: basic.password) {
        case .success(let account): return account
        case .failure(let refusal): throw refusal
        }
    }
}
