import CoprCore

/// The JSON bodies of Copr's API v3 writes, as copr-cli 2.6 and python-copr 2.7 send them,
/// read into the store's requests. The clients send every option they know, most of them
/// at Copr's default: an option that is null or at its default is accepted, one that asks
/// for what this frontend cannot keep or do is refused with 400 naming copr-cli's option,
/// and a field no client sends is refused as the user API refuses it (``RequestFields``).
enum APIv3Requests {
    /// A project option this frontend has no place for: its field, copr-cli's option, and
    /// the values that ask for nothing (null always does).
    private struct Unsupported {
        let field: String
        let option: String
        let harmless: [JSONValue]
    }

    /// The project options of Copr this frontend's projects do not have. Copr's
    /// `follow_fedora_branching`, which both clients send as true, is accepted and has no
    /// effect: this frontend adds no chroots by itself. Mock's `bootstrap` and `isolation`
    /// are a chroot's settings here (copr-cli `edit-chroot`).
    private static let projectOptions: [Unsupported] = [
        Unsupported(field: "unlisted_on_hp", option: "--unlisted-on-hp", harmless: [false]),
        Unsupported(field: "persistent", option: "--persistent", harmless: [false]),
        Unsupported(field: "auto_prune", option: "--auto-prune", harmless: [true]),
        Unsupported(field: "bootstrap", option: "--bootstrap", harmless: ["default"]),
        Unsupported(field: "bootstrap_image", option: "--bootstrap-image", harmless: []),
        Unsupported(field: "isolation", option: "--isolation", harmless: ["default"]),
        Unsupported(field: "devel_mode", option: "--disable_createrepo", harmless: [false]),
        Unsupported(field: "multilib", option: "--multilib", harmless: [false]),
        Unsupported(field: "module_hotfixes", option: "--module-hotfixes", harmless: [false]),
        Unsupported(field: "fedora_review", option: "--fedora-review", harmless: [false]),
        Unsupported(field: "appstream", option: "--appstream", harmless: [false]),
        Unsupported(field: "packit_forge_projects_allowed", option: "--packit-forge-project-allowed", harmless: [[]]),
        Unsupported(field: "repo_priority", option: "--repo-priority", harmless: []),
        Unsupported(field: "storage", option: "--storage", harmless: ["backend"]),
    ]

    /// The build options of Copr this frontend does not serve yet.
    private static let buildOptions: [Unsupported] = [
        Unsupported(field: "bootstrap", option: "--bootstrap", harmless: ["unchanged", "default"]),
        Unsupported(field: "isolation", option: "--isolation", harmless: ["unchanged", "default"]),
        Unsupported(field: "packit_forge_project", option: "packit_forge_project", harmless: []),
    ]

    /// The project settings both project writes take, by Copr's field names.
    private static let settingsFields: Set<String> = [
        "description", "instructions", "homepage", "contact", "additional_repos", "enable_net", "delete_after_days",
        "runtime_dependencies",
    ]

    /// `project/add/<owner>`: `{"name", "chroots", ...}` with the settings.
    static func newProject(_ body: JSONValue, owner: String) throws -> NewProject {
        let fields = try fields(body, settingsFields.union(["name", "chroots", "follow_fedora_branching"]), projectOptions)
        guard let chroots = try fields.strings("chroots"), !chroots.isEmpty else {
            throw InvalidField(field: "chroots", reason: "there are none; give the chroots to build for (copr-cli create --chroot fedora-41-x86_64)")
        }
        return NewProject(owner: owner, name: try fields.requiredString("name"), chroots: chroots, settings: try settings(fields))
    }

    /// `project/edit/<owner>/<project>`: `{"chroots", ...}` with the settings (copr-cli
    /// `modify` sends the additional repositories as `repos`), every field optional.
    static func projectChanges(_ body: JSONValue) throws -> ProjectChanges {
        let fields = try fields(body, settingsFields.union(["chroots", "follow_fedora_branching", "repos"]), projectOptions)
        return ProjectChanges(chroots: try fields.strings("chroots"), settings: try settings(fields))
    }

    /// `project/fork/<owner>/<project>`: `{"name", "ownername", "confirm"}` as python-copr
    /// sends them; the fork's owner defaults to the requester, as Copr's form does. Each
    /// name is checked here, so a refusal names copr-cli's field.
    static func fork(_ body: JSONValue, sourceOwner: String, sourceName: String, requester: String?) throws -> ForkRequest {
        let fields = try fields(body, ["name", "ownername", "confirm"], [])
        let owner = try fields.string("ownername") ?? requester
        return ForkRequest(
            sourceOwner: sourceOwner, sourceName: sourceName,
            owner: try owner.map { try TaskRules.owner($0, field: "ownername") } ?? "",
            name: try TaskRules.projectName(try fields.requiredString("name"), field: "name"), confirm: try fields.bool("confirm") ?? false)
    }

    /// `project-chroot/edit/<owner>/<project>/<chroot>`: copr-cli `edit-chroot`'s fields,
    /// lists as arrays or as whitespace-separated text (how copr-cli sends them), every
    /// field optional. Modules and comps (`--modules`, `--delete-comps`) are refused when
    /// asked for.
    static func chrootChanges(_ body: JSONValue) throws -> ChrootSettingsChanges {
        let fields = try fields(
            body,
            ["additional_repos", "additional_packages", "with_opts", "without_opts", "bootstrap", "bootstrap_image", "isolation", "reset_fields"],
            chrootOptions)
        return ChrootSettingsChanges(
            additionalRepos: try fields.words("additional_repos"), buildrootPackages: try fields.words("additional_packages"),
            withOpts: try fields.words("with_opts"), withoutOpts: try fields.words("without_opts"),
            isolation: try fields.string("isolation"), bootstrap: try fields.string("bootstrap"),
            bootstrapImage: try fields.string("bootstrap_image"), reset: try fields.strings("reset_fields") ?? [])
    }

    /// The chroot options of Copr this frontend's chroots do not have.
    private static let chrootOptions: [Unsupported] = [
        Unsupported(field: "additional_modules", option: "--modules", harmless: [[], ""]),
        Unsupported(field: "delete_comps", option: "--delete-comps", harmless: [false]),
    ]

    /// The settings of a project write; `delete_after_days` comes from copr-cli as text,
    /// empty to keep the project for good.
    private static func settings(_ fields: RequestFields) throws -> ProjectSettingsChanges {
        ProjectSettingsChanges(
            description: try fields.string("description"), instructions: try fields.string("instructions"),
            homepage: try fields.string("homepage"), contact: try fields.string("contact"),
            additionalRepos: try fields.words("additional_repos") ?? fields.words("repos"),
            runtimeDependencies: try fields.words("runtime_dependencies"), enableNet: try fields.bool("enable_net"),
            deleteAfterDays: try deleteAfterDays(fields))
    }

    private static func deleteAfterDays(_ fields: RequestFields) throws(InvalidField) -> Int? {
        guard let text = fields["delete_after_days"]?.stringValue else { return try fields.integer("delete_after_days") }
        if text.isEmpty { return -1 }
        guard let days = Int(text) else {
            throw InvalidField(field: "delete_after_days", reason: "expected a whole number of days, found \(TaskRules.quoted(text))")
        }
        return days
    }

    /// The fields of `build/create/*` and `build/check-before-build` besides the source's
    /// (`sourceFields`).
    static func buildFields(_ body: JSONValue, sourceFields: Set<String>) throws -> RequestFields {
        try fields(
            body,
            sourceFields.union([
                "ownername", "projectname", "project_dirname", "chroots", "exclude_chroots", "background", "timeout",
                "after_build_id", "with_build_id", "enable_net",
            ]),
            buildOptions)
    }

    /// Reads `body` with the `known` fields and the `unsupported` ones, refusing an
    /// unsupported one that asks for something.
    private static func fields(_ body: JSONValue, _ known: Set<String>, _ unsupported: [Unsupported]) throws -> RequestFields {
        let fields = try RequestFields(body, name: "body", known: known.union(unsupported.map(\.field)))
        for option in unsupported {
            guard let value = fields[option.field], !option.harmless.contains(value) else { continue }
            throw UserAPIError(
                .badRequest,
                "Bad request parameters: \(option.option) (\(option.field) \(TaskRules.describe(value))) is not supported by this frontend; leave it out")
        }
        return fields
    }
}
