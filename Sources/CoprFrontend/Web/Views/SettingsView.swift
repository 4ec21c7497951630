import CoprCore

/// A project's settings page, for a reader who may edit it: the settings form (texts,
/// chroots from the deployment's offer, additional repositories, runtime dependencies,
/// network, expiry, signing where the deployment signs) with the problem of the last post at its field, a link to each of
/// its chroots' settings, and the delete form for a reader who may delete the project.
struct SettingsView: Sendable {
    /// A text field: its value as shown, and what is wrong with it.
    struct TextField: Sendable {
        let value: String
        let error: String?
    }

    /// A link to the settings page of one of the project's chroots.
    struct ChrootLink: Sendable {
        let name: String
        let url: String
    }

    let fullName: String
    let projectURL: String
    let formURL: String
    let deleteURL: String
    let csrfToken: String
    /// What is wrong with the last post, as a whole; nil when nothing is.
    let problem: String?
    /// The field ``problem`` is about, as the form's element id, for the summary's link.
    let problemField: String?
    let description: TextField
    let instructions: TextField
    let homepage: TextField
    let contact: TextField
    let additionalRepos: TextField
    let runtimeDependencies: TextField
    let deleteAfterDays: TextField
    let chrootOptions: [ChrootCheckbox]
    let chrootsError: String?
    /// The project's chroots as stored, each linked to its settings.
    let chrootLinks: [ChrootLink]
    let enableNet: Bool
    /// Whether the form has the signing checkbox: the deployment signs.
    let offersSigning: Bool
    let signing: Bool
    let mayDelete: Bool
    /// The name a reader types to confirm the delete.
    let confirmName: String
    let deleteError: String?

    /// - Parameters:
    ///   - offer: The chroots the deployment offers; the project's own are shown too.
    ///   - problem: Why the last settings post was refused, at its field.
    ///   - deleteError: Why the last delete was refused.
    init(
        project: Project, form: SettingsForm, offer: [String], csrfToken: String, offersSigning: Bool = false, mayDelete: Bool,
        problem: InvalidField? = nil,
        deleteError: String? = nil
    ) {
        fullName = project.fullName
        projectURL = WebPath.project(project)
        formURL = WebPath.settings(project)
        deleteURL = WebPath.deleteProject(project)
        self.csrfToken = csrfToken
        self.problem = problem?.description
        problemField = problem.flatMap { SettingsForm.Field(rawValue: $0.field)?.rawValue }
        func field(_ value: String, _ name: SettingsForm.Field) -> TextField {
            TextField(value: value, error: problem?.field == name.rawValue ? problem?.reason : nil)
        }
        description = field(form.description, .description)
        instructions = field(form.instructions, .instructions)
        homepage = field(form.homepage, .homepage)
        contact = field(form.contact, .contact)
        additionalRepos = field(form.additionalRepos, .additionalRepos)
        runtimeDependencies = field(form.runtimeDependencies, .runtimeDependencies)
        deleteAfterDays = field(form.deleteAfterDays, .deleteAfterDays)
        chrootOptions = Set(offer + project.chroots).sorted().map { ChrootCheckbox(name: $0, checked: form.chroots.contains($0)) }
        chrootsError = problem?.field == SettingsForm.Field.chroots.rawValue ? problem?.reason : nil
        chrootLinks = project.chroots.sorted().map { ChrootLink(name: $0, url: WebPath.chrootSettings(project, chroot: $0)) }
        enableNet = form.enableNet
        self.offersSigning = offersSigning
        signing = form.signing
        self.mayDelete = mayDelete
        confirmName = project.name
        self.deleteError = deleteError
    }
}
