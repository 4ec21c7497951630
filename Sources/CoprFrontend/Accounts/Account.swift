/// A user of the embedded frontend as a request presents itself: the login name its API
/// token belongs to, whether it is a site admin, and the groups it is a member of (names
/// without `@`). Routes hand it, or nil for an anonymous request, to ``AccessRule``.
public struct Account: Sendable, Equatable, Hashable {
    /// The login name (copr-cli's `username`), which owns the projects `<login>/…`.
    public let login: String
    /// A site admin may do anything, on any project, as any submitter.
    public let siteAdmin: Bool
    /// The groups whose projects (`@<group>/…`) the user acts on as an owner.
    public let groups: Set<String>

    public init(login: String, siteAdmin: Bool = false, groups: Set<String> = []) {
        self.login = login
        self.siteAdmin = siteAdmin
        self.groups = groups
    }
}
