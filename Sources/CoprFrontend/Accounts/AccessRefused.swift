/// Why ``AccessRule`` refused a request, in words that tell the user what to do. The
/// user API answers `unauthenticated` with 401 and the others with 403.
public enum AccessRefused: Error, Sendable, Equatable, CustomStringConvertible {
    /// An anonymous request for anything but reading.
    case unauthenticated(ProjectAction, project: String)
    /// An account without the permission the action needs.
    case forbidden(String, ProjectAction, owner: String, project: String)
    /// A build submitted in another user's name by someone who is not a site admin.
    case otherSubmitter(String, claimed: String)

    public var description: String {
        switch self {
        case .unauthenticated(let action, let project):
            "Only a user with an API token may \(action) project \(project); send login:token (from copr-backend user add or user token) with HTTP Basic authentication"
        case .forbidden(let login, let action, let owner, let project):
            if action == .create {
                owner.hasPrefix("@")
                    ? "User \(login) may not create project \(owner)/\(project): only members of group \(owner.dropFirst()) may; ask an operator to add you (copr-backend group member)"
                    : "User \(login) may not create project \(owner)/\(project): projects are created for yourself (\(login)/…) or for a group you are a member of"
            } else {
                "User \(login) may not \(action) project \(owner)/\(project); ask its owner or one of its admins for the permission"
            }
        case .otherSubmitter(let login, let claimed):
            "User \(login) may not submit builds as \(claimed); leave submitter out (builds are submitted as you) or ask a site admin"
        }
    }
}
