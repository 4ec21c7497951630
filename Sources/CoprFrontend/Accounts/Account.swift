/// A user of the embedded frontend as a request presents itself: the login name its API
/// token belongs to, whether it is a site admin, and the groups it is a member of (names
/// without `@`). Routes hand it, or nil for an anonymous request, to ``AccessRule``.
public struct Account: Sendable, Equatable, Hashable {
    public let login: String
    /// A site admin may do anything, on any project, as any submitter.
    public let siteAdmin: Bool
    public let groups: Set<String>

    public init(login: String, siteAdmin: Bool = false, groups: Set<String> = []) {
        self.login = login
        self.siteAdmin = siteAdmin
        self.groups = groups
    }
}
