import CoprCore

/// The page of a form that makes a project, for a signed-in reader: a new project (its
/// owner among the reader and their groups, name, description, instructions, chroots
/// from the deployment's offer, and signing where the deployment signs) or a fork of one
/// (owner, name, and the confirmation that forking into an existing project needs), with
/// the problem of the last post at its field.
struct ProjectCreationView: Sendable {
    let heading: String
    /// The project forked and its page, linked from the heading; nil for a new project.
    let sourceName: String?
    let sourceURL: String?
    let intro: String
    let formURL: String
    let button: String
    let csrfToken: String
    /// What is wrong with the last post, as a whole; nil when nothing is.
    let problem: String?
    /// The field ``problem`` is about, as the form's element id, for the summary's link.
    let problemField: String?
    let fields: [FormField]
    let chrootOptions: [ChrootCheckbox]
    let chrootsError: String?
    /// Whether the form has the signing checkbox: a new project where the deployment signs.
    let offersSigning: Bool
    let signing: Bool
    let isFork: Bool
    let confirm: Bool
    let confirmError: String?

    /// The "New project" page.
    /// - Parameters:
    ///   - owners: Who the reader may make projects for: their login, then their groups.
    ///   - offer: The chroots the deployment offers.
    ///   - offersSigning: Whether the deployment signs, so that the project may.
    static func newProject(
        _ form: ProjectCreationForm, owners: [String], offer: [String], offersSigning: Bool, csrfToken: String, problem: InvalidField?
    ) -> ProjectCreationView {
        ProjectCreationView(
            heading: "New project", source: nil,
            intro: "A project holds packages and builds them for its chroots into one dnf repository per chroot. The project's settings page has the rest of its settings.",
            formURL: WebPath.newProject, button: "Create the project", csrfToken: csrfToken, problem: problem,
            fields: fields(form, owners: owners, problem: problem) + [
                FormField(.lines, name: ProjectCreationForm.Field.description.rawValue, label: "Description",
                          hint: "Markdown, shown at the top of the project's page.", value: form.description, problem: problem),
                FormField(.lines, name: ProjectCreationForm.Field.instructions.rawValue, label: "Instructions",
                          hint: "Markdown: how to install and use the packages.", value: form.instructions, problem: problem),
            ],
            chrootOptions: offer.sorted().map { ChrootCheckbox(name: $0, checked: form.chroots.contains($0)) }, offersSigning: offersSigning,
            form: form)
    }

    /// The "Fork" page of `project`.
    static func fork(
        of project: Project, _ form: ProjectCreationForm, owners: [String], csrfToken: String, problem: InvalidField?
    ) -> ProjectCreationView {
        ProjectCreationView(
            heading: "Fork", source: project,
            intro: "The fork gets this project's settings, chroots and packages, and a copy of each package's newest succeeded build, signed with the fork's own key when it signs.",
            formURL: WebPath.fork(project), button: "Fork \(project.fullName)", csrfToken: csrfToken, problem: problem,
            fields: fields(form, owners: owners, problem: problem), chrootOptions: [], offersSigning: false, form: form)
    }

    private init(
        heading: String, source: Project?, intro: String, formURL: String, button: String, csrfToken: String,
        problem: InvalidField?, fields: [FormField], chrootOptions: [ChrootCheckbox], offersSigning: Bool, form: ProjectCreationForm
    ) {
        self.heading = heading
        sourceName = source?.fullName
        sourceURL = source.map { WebPath.project($0) }
        self.intro = intro
        self.formURL = formURL
        self.button = button
        self.csrfToken = csrfToken
        self.problem = problem?.description
        problemField = problem.flatMap { ProjectCreationForm.Field(rawValue: $0.field)?.rawValue }
        self.fields = fields
        self.chrootOptions = chrootOptions
        chrootsError = problem?.field == ProjectCreationForm.Field.chroots.rawValue ? problem?.reason : nil
        self.offersSigning = offersSigning
        signing = form.signing
        isFork = source != nil
        confirm = form.confirm
        confirmError = problem?.field == ProjectCreationForm.Field.confirm.rawValue ? problem?.reason : nil
    }

    /// The owner and name fields both forms have.
    private static func fields(_ form: ProjectCreationForm, owners: [String], problem: InvalidField?) -> [FormField] {
        [
            FormField(.choice(owners.map { ($0, $0) }), name: ProjectCreationForm.Field.owner.rawValue, label: "Owner",
                      hint: "You, or a group of yours whose members share the project.", value: form.owner, problem: problem),
            FormField(.line, name: ProjectCreationForm.Field.name.rawValue, label: "Name",
                      hint: "Letters, digits and . _ - +; users enable its repository with dnf copr enable OWNER/NAME.",
                      value: form.name, problem: problem),
        ]
    }
}
