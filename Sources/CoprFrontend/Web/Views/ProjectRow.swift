/// A project as a line of a projects list.
struct ProjectRow: Sendable {
    let fullName: String
    let url: String
    /// Its description's first line of text (``SafeMarkdown/summary(_:)``); nil without one.
    let summaryHTML: SafeHTML?
    let chroots: String

    init(_ project: Project) {
        fullName = project.fullName
        url = WebPath.project(project)
        summaryHTML = SafeMarkdown.summary(project.settings.description)
        chroots = project.chroots.joined(separator: ", ")
    }
}
