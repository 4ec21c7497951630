/// A project as a line of a projects list.
struct ProjectRow: Sendable {
    let fullName: String
    let url: String
    /// The first line of its description, as text; nil without one.
    let summary: String?
    let chroots: String

    init(_ project: Project) {
        fullName = project.fullName
        url = WebPath.project(project)
        summary = project.settings.description.split(separator: "\n").first.map(String.init)
        chroots = project.chroots.joined(separator: ", ")
    }
}
