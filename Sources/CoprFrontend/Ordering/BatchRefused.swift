/// Why a build cannot be placed in the batches its submission asks for; answered with
/// 400, as Copr answers it, and the build is not submitted.
public enum BatchRefused: Error, Sendable, Equatable, CustomStringConvertible {
    /// The build referred to does not exist.
    case buildNotFound(Int)
    /// The build is in a batch whose builds have all ended: nothing can join it any more.
    case batchEnded(batch: Int)
    /// The build is in a batch of projects the requester may not build in.
    case batchOfOthers(batch: Int, projects: [String], login: String)
    /// The build has no batch yet, and the requester may not build in its project, so it
    /// may not put the build into one.
    case mayNotBuildIn(buildID: Int, project: String, login: String)
    /// The build has no batch yet and has ended: a new batch of it would never block.
    case buildEnded(buildID: Int)

    public var description: String {
        switch self {
        case .buildNotFound(let id):
            return "Build \(id) doesn't exist"
        case .batchEnded(let batch):
            return "Batch \(batch) is already finished: every build in it has ended, so no build can join it; build after it (after_build_id) instead"
        case .batchOfOthers(let batch, let projects, let login):
            let names = projects.joined(separator: ", ")
            return "The batch \(batch) belongs to project\(projects.count == 1 ? "" : "s") \(names). User '\(login)' is not allowed to build there, so it cannot edit the batch either"
        case .mayNotBuildIn(let id, let project, let login):
            return "Build \(id) is not yet in any batch, and user '\(login)' doesn't have the build permissions in project '\(project)' to create a new one"
        case .buildEnded(let id):
            return "Build \(id) is not yet in any batch, and a new batch can not be created because the build has already finished"
        }
    }
}
