/// What one user was granted on one project besides what the project's ownership gives:
/// a project admin may do what the owner does, a builder may submit, cancel and delete
/// builds (Copr's `admin` and `builder` permissions, each either granted or not).
public struct ProjectPermission: Sendable, Equatable, Hashable {
    public var admin: Bool
    public var builder: Bool

    /// Nothing granted.
    public static let none = ProjectPermission(admin: false, builder: false)

    public init(admin: Bool, builder: Bool) {
        self.admin = admin
        self.builder = builder
    }
}
