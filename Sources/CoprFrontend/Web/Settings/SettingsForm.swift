import CoprCore

/// A project's settings as its settings form shows and posts them: the texts as typed,
/// the chroots checked, the additional repositories and the runtime dependencies one a
/// line, the days as typed, whether its packages are signed. A pure
/// value: made from the project, or from a post over it, and turned into the
/// ``ProjectChanges`` the user API's edit checks and applies (the one place of the rules).
struct SettingsForm: Sendable, Equatable {
    /// The names of the fields, as the form posts them and ``InvalidField`` names them.
    enum Field: String, CaseIterable, Sendable {
        case description, instructions, homepage, contact, chroots
        case additionalRepos = "additional_repos"
        case runtimeDependencies = "runtime_dependencies"
        case enableNet = "enable_net"
        case deleteAfterDays = "delete_after_days"
        case signing
    }

    var description: String
    var instructions: String
    var homepage: String
    var contact: String
    var chroots: [String]
    /// One repository a line.
    var additionalRepos: String
    /// One repository a line.
    var runtimeDependencies: String
    var enableNet: Bool
    /// Whole days until the project is deleted; empty when it is kept for good.
    var deleteAfterDays: String
    var signing: Bool

    /// The form showing `settings`, `chroots` and `signing` at `now`.
    init(settings: ProjectSettings, chroots: [String], signing: Bool = false, now: Double) {
        self.signing = signing
        description = settings.description
        instructions = settings.instructions
        homepage = settings.homepage ?? ""
        contact = settings.contact ?? ""
        self.chroots = chroots
        additionalRepos = settings.additionalRepos.joined(separator: "\n")
        runtimeDependencies = settings.runtimeDependencies.joined(separator: "\n")
        enableNet = settings.enableNet
        deleteAfterDays = settings.deleteAfterDays(now: now).map(String.init) ?? ""
    }

    /// The form as `body` posts it over `current`: a text field not posted keeps its
    /// value; a checkbox not posted is unchecked (so no chroot checked is none), but for
    /// signing only where the form `offersSigning` (the deployment signs). Line breaks are
    /// `\n` whatever the browser sent.
    init(posted body: WebFormBody, over current: SettingsForm, offersSigning: Bool = false) {
        func text(_ field: Field, _ kept: String) -> String {
            body.text(field.rawValue) ?? kept
        }
        description = text(.description, current.description)
        instructions = text(.instructions, current.instructions)
        homepage = text(.homepage, current.homepage).trimmingCharacters(in: .whitespaces)
        contact = text(.contact, current.contact).trimmingCharacters(in: .whitespaces)
        chroots = body.values(Field.chroots.rawValue)
        additionalRepos = text(.additionalRepos, current.additionalRepos)
        runtimeDependencies = text(.runtimeDependencies, current.runtimeDependencies)
        enableNet = body[Field.enableNet.rawValue] != nil
        deleteAfterDays = text(.deleteAfterDays, current.deleteAfterDays).trimmingCharacters(in: .whitespaces)
        signing = offersSigning ? body[Field.signing.rawValue] != nil : current.signing
    }

    /// The lines of `text` without their spaces, blank lines left out.
    private static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// What changes from `current` to this form, each value as typed: the user API's edit
    /// checks them. An empty days field keeps the project for good.
    /// - Throws: ``InvalidField`` for days that are not a whole number.
    func changes(from current: SettingsForm) throws(InvalidField) -> ProjectChanges {
        var settings = ProjectSettingsChanges()
        if description != current.description { settings.description = description }
        if instructions != current.instructions { settings.instructions = instructions }
        if homepage != current.homepage { settings.homepage = homepage }
        if contact != current.contact { settings.contact = contact }
        if Self.lines(additionalRepos) != Self.lines(current.additionalRepos) { settings.additionalRepos = Self.lines(additionalRepos) }
        if Self.lines(runtimeDependencies) != Self.lines(current.runtimeDependencies) {
            settings.runtimeDependencies = Self.lines(runtimeDependencies)
        }
        if enableNet != current.enableNet { settings.enableNet = enableNet }
        if deleteAfterDays != current.deleteAfterDays {
            guard deleteAfterDays.isEmpty || Int(deleteAfterDays) != nil else {
                throw InvalidField(
                    field: Field.deleteAfterDays.rawValue,
                    reason: "expected a whole number of days, or nothing to keep the project, found \(TaskRules.quoted(deleteAfterDays))")
            }
            settings.deleteAfterDays = Int(deleteAfterDays) ?? -1
        }
        return ProjectChanges(
            chroots: Set(chroots) == Set(current.chroots) ? nil : chroots, signingEnabled: signing == current.signing ? nil : signing,
            settings: settings)
    }
}
