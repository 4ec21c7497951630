/// What a request does to a project or one of its builds, as ``AccessRule`` tells who may.
public enum ProjectAction: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Read the project, its builds, logs and repositories: anyone, anonymous included.
    case read
    /// Create the project (its owner is part of the request).
    case create
    /// Change the project's settings.
    case edit
    case delete
    /// Grant or revoke the permissions of other users on the project.
    case managePermissions
    /// Ask the project's admins for a role, or give one's own up: anyone signed in.
    case requestPermissions
    /// Submit a build to the project.
    case submitBuild
    case cancelBuild
    case deleteBuild

    public var description: String {
        switch self {
        case .read: "read"
        case .create: "create"
        case .edit: "edit"
        case .delete: "delete"
        case .managePermissions: "manage the permissions of"
        case .requestPermissions: "request permissions on"
        case .submitBuild: "submit builds to"
        case .cancelBuild: "cancel builds of"
        case .deleteBuild: "delete builds of"
        }
    }
}
