/// A project as a line of a projects list.
struct ProjectRow: Sendable {
    let fullName: String
    let url: String
    /// The first line of its description with its inline Markdown; nil without one.
    let summaryHTML: SafeHTML?
    let chroots: String

    init(_ project: Project) {
        fullName = project.fullName
        url = WebPath.project(project)
        summaryHTML = project.settings.description.split(separator: "\n").first.map {
            SafeHTML(trusted: SafeMarkdown.inline(String($0), links: false))
        }
        chroots = project.chroots.joined(separator: ", ")
    }
}
