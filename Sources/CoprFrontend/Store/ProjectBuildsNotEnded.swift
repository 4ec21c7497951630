/// The store refuses to forget a project while a build of it has not ended: the backend
/// may still be building it and writing into the project's results.
public struct ProjectBuildsNotEnded: Error, Sendable, Equatable, CustomStringConvertible {
    /// `<owner>/<name>`.
    public var project: String
    /// The builds that have not ended, oldest first.
    public var buildIDs: [Int]

    public init(project: String, buildIDs: [Int]) {
        self.project = project
        self.buildIDs = buildIDs
    }

    public var description: String {
        let builds = buildIDs.map(String.init).joined(separator: ", ")
        return "Project \(project) has builds that have not ended (\(builds)); cancel them or wait until they end, then delete the project"
    }
}
