/// What a browser's session cookie stands for: the CSRF token every form of the web
/// interface carries, and, once signed in, the API token the user signed in with.
///
/// A session is made at the sign-in page (anonymous: only the CSRF token, so that the
/// sign-in form is protected too) and replaced by a new one, with a new id and a new CSRF
/// token, when the sign-in succeeds. The account is read again for every request from the
/// token's id: revoking the token or deleting the user ends the session.
public struct WebSession: Codable, Sendable, Equatable {
    /// The id (copr-cli's `login`) of the API token the user signed in with; nil before.
    public var tokenID: String?
    /// The value every form of this session must send back as `csrf_token`.
    public var csrfToken: String

    public init(tokenID: String? = nil, csrfToken: String = CSRFToken.generate()) {
        self.tokenID = tokenID
        self.csrfToken = csrfToken
    }
}
