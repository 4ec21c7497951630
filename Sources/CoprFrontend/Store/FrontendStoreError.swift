import CoprCore

/// Why the store refused an operation, in words that tell the user what to do.
public enum FrontendStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case projectExists(owner: String, name: String)
    case projectNotFound(owner: String, name: String)
    case buildNotFound(Int)
    /// The build was deleted; its delete action (`actionID`) is in `result`.
    case buildDeleted(Int, actionID: Int, result: ActionResult, message: String?)
    case taskNotFound(TaskID)
    /// The submission asks for chroots the project does not enable.
    case chrootsNotInProject([String], project: String)
    /// Only a build with a task still to do can be cancelled.
    case buildFinished(Int, BuildStatus)
    case userExists(String)
    case userNotFound(String)
    case groupExists(String)
    case groupNotFound(String)
    case packageExists(String, project: String)
    case packageNotFound(String, project: String)
    case actionNotFound(Int)

    public var description: String {
        switch self {
        case .projectExists(let owner, let name):
            "Project \(owner)/\(name) already exists; pick another name or use it"
        case .projectNotFound(let owner, let name):
            "Project \(owner)/\(name) does not exist; create it first"
        case .buildNotFound(let id):
            "Build \(id) does not exist"
        case .buildDeleted(let id, let action, .waiting, _):
            "Build \(id) was deleted; its results are being removed (action \(action))"
        case .buildDeleted(let id, _, .success, _):
            "Build \(id) was deleted"
        case .buildDeleted(let id, let action, .failure, let message):
            "Build \(id) was deleted, but removing its results failed (action \(action)\(message.map { ": \($0)" } ?? "")); an operator removes them from the results directory"
        case .taskNotFound(let task):
            "Specified task ID not found: \(task)"
        case .chrootsNotInProject(let chroots, let project):
            "Chroots \(chroots.joined(separator: ", ")) are not enabled in project \(project); enable them or leave them out"
        case .buildFinished(let id, .forked):
            "Build \(id) is a copy the fork of its project is making; it cannot be cancelled, and ends once the copy is done"
        case .buildFinished(let id, let state):
            "Build \(id) has already ended (\(state.name)); there is nothing to cancel"
        case .userExists(let login):
            "User \(login) already exists; give them another token with copr-backend user token \(login)"
        case .userNotFound(let login):
            "User \(login) does not exist; an operator creates it with copr-backend user add \(login)"
        case .groupExists(let name):
            "Group \(name) already exists"
        case .groupNotFound(let name):
            "Group \(name) does not exist; create it with copr-backend group add \(name)"
        case .packageExists(let name, let project):
            "Package \(name) already exists in project \(project); edit it instead"
        case .packageNotFound(let name, let project):
            "Package \(name) does not exist in project \(project); add it first"
        case .actionNotFound(let id):
            "Action \(id) does not exist"
        }
    }
}
