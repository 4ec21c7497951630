import CoprCore

/// What the "New project" and "Fork" forms post, as typed: the owner (the reader or one
/// of their groups), the name, and for a new project its description, instructions,
/// chroots and signing; for a fork whether forking into an existing project is meant.
/// The user API checks every value; a refusal is shown at the field it is about.
struct ProjectCreationForm: Sendable, Equatable {
    /// The form's fields, named as posted and as their elements' ids.
    enum Field: String, Sendable {
        case owner, name, description, instructions, chroots, signing, confirm
    }

    var owner: String
    var name: String
    var description = ""
    var instructions = ""
    var chroots: [String] = []
    var signing = false
    var confirm = false

    /// An empty form for `owner`; a new project is signed at first where the deployment
    /// `signs`, as Copr signs every project.
    init(owner: String, name: String = "", signs: Bool = false) {
        self.owner = owner
        self.name = name
        signing = signs
    }

    /// The posted `body`; a field not posted is empty (a checkbox unchecked), line breaks
    /// are `\n`.
    init(posted body: WebFormBody) {
        owner = body[Field.owner.rawValue] ?? ""
        name = (body[Field.name.rawValue] ?? "").trimmingCharacters(in: .whitespaces)
        description = body.text(Field.description.rawValue) ?? ""
        instructions = body.text(Field.instructions.rawValue) ?? ""
        chroots = body.values(Field.chroots.rawValue)
        signing = body[Field.signing.rawValue] == "on"
        confirm = body[Field.confirm.rawValue] == "on"
    }

    /// The new project this form asks for; empty texts are left unset.
    var newProject: NewProject {
        NewProject(
            owner: owner, name: name, chroots: chroots, signingEnabled: signing,
            settings: ProjectSettingsChanges(
                description: description.isEmpty ? nil : description, instructions: instructions.isEmpty ? nil : instructions))
    }

    /// The fork of `project` this form asks for.
    func fork(of project: Project) -> ForkRequest {
        ForkRequest(sourceOwner: project.owner, sourceName: project.name, owner: owner, name: name, confirm: confirm)
    }

    /// `problem` as this form's: the rules name a new project's name `project`.
    static func problem(_ problem: InvalidField) -> InvalidField {
        problem.field == "project" ? InvalidField(field: Field.name.rawValue, reason: problem.reason) : problem
    }
}
