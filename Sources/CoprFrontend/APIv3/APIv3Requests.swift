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
    /// effect: this frontend adds no chroots by itself.
    private static let projectOptions: [Unsupported] = [
        Unsupported(field: "description", option: "--description", harmless: [""]),
        Unsupported(field: "instructions", option: "--instructions", harmless: [""]),
        Unsupported(field: "homepage", option: "homepage", harmless: [""]),
        Unsupported(field: "contact", option: "contact", harmless: [""]),
        Unsupported(field: "additional_repos", option: "--repo", harmless: [[]]),
        Unsupported(field: "repos", option: "--repo", harmless: [[]]),
        Unsupported(field: "unlisted_on_hp", option: "--unlisted-on-hp", harmless: [false]),
        Unsupported(field: "enable_net", option: "--enable-net", harmless: [false]),
        Unsupported(field: "persistent", option: "--persistent", harmless: [false]),
        Unsupported(field: "auto_prune", option: "--auto-prune", harmless: [true]),
        Unsupported(field: "bootstrap", option: "--bootstrap", harmless: ["default"]),
        Unsupported(field: "bootstrap_image", option: "--bootstrap-image", harmless: []),
        Unsupported(field: "isolation", option: "--isolation", harmless: ["default"]),
        Unsupported(field: "devel_mode", option: "--disable_createrepo", harmless: [false]),
        Unsupported(field: "delete_after_days", option: "--delete-after-days", harmless: []),
        Unsupported(field: "multilib", option: "--multilib", harmless: [false]),
        Unsupported(field: "module_hotfixes", option: "--module-hotfixes", harmless: [false]),
        Unsupported(field: "fedora_review", option: "--fedora-review", harmless: [false]),
        Unsupported(field: "appstream", option: "--appstream", harmless: [false]),
        Unsupported(field: "runtime_dependencies", option: "--runtime-dependencies", harmless: [""]),
        Unsupported(field: "packit_forge_projects_allowed", option: "--packit-forge-project-allowed", harmless: [[]]),
        Unsupported(field: "repo_priority", option: "--repo-priority", harmless: []),
        Unsupported(field: "storage", option: "--storage", harmless: ["backend"]),
    ]

    /// The build options of Copr this frontend does not serve yet.
    private static let buildOptions: [Unsupported] = [
        Unsupported(field: "enable_net", option: "--enable-net", harmless: [false]),
        Unsupported(field: "bootstrap", option: "--bootstrap", harmless: ["unchanged", "default"]),
        Unsupported(field: "isolation", option: "--isolation", harmless: ["unchanged", "default"]),
        Unsupported(field: "packit_forge_project", option: "packit_forge_project", harmless: []),
    ]

    /// `project/add/<owner>`: `{"name", "chroots", ...}`.
    static func newProject(_ body: JSONValue, owner: String) throws -> NewProject {
        let fields = try fields(body, ["name", "chroots", "follow_fedora_branching"], projectOptions)
        guard let chroots = try fields.strings("chroots"), !chroots.isEmpty else {
            throw InvalidField(field: "chroots", reason: "there are none; give the chroots to build for (copr-cli create --chroot fedora-41-x86_64)")
        }
        return NewProject(owner: owner, name: try fields.requiredString("name"), chroots: chroots)
    }

    /// `project/edit/<owner>/<project>`: `{"chroots", ...}`, every field optional.
    static func projectChanges(_ body: JSONValue) throws -> ProjectChanges {
        let fields = try fields(body, ["chroots", "follow_fedora_branching"], projectOptions)
        return ProjectChanges(chroots: try fields.strings("chroots"))
    }

    /// The fields of `build/create/*` and `build/check-before-build` besides the source's
    /// (`sourceFields`).
    static func buildFields(_ body: JSONValue, sourceFields: Set<String>) throws -> RequestFields {
        try fields(
            body,
            sourceFields.union([
                "ownername", "projectname", "project_dirname", "chroots", "exclude_chroots", "background", "timeout",
                "after_build_id", "with_build_id",
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
