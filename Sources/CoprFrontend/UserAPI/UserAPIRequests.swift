import CoprCore

/// The JSON bodies of the user API read into the store's requests: a new project and a
/// build submission. Each field's type is checked here, its value by the task contract's
/// `TaskRules` (in the store); anything wrong throws `InvalidField` naming the field.
enum UserAPIRequests {
    /// The project settings, by Copr's names, that creating and editing a project take.
    static let settingsFields: Set<String> = [
        "description", "instructions", "homepage", "contact", "additional_repos", "runtime_dependencies", "enable_net",
        "delete_after_days",
    ]

    /// `{"owner", "name", "chroots", "signing", ...}` with the settings, all optional but
    /// the name and chroots, `owner` too when there is a `defaultOwner` (the requester).
    static func newProject(_ body: JSONValue, defaultOwner: String?) throws(InvalidField) -> NewProject {
        let fields = try RequestFields(body, name: "body", known: settingsFields.union(["owner", "name", "chroots", "signing"]))
        guard let chroots = try fields.strings("chroots") else {
            throw InvalidField(field: "chroots", reason: "it is missing; give the chroots to build for, e.g. [\"fedora-41-x86_64\"]")
        }
        guard let owner = try fields.string("owner") ?? defaultOwner else {
            throw InvalidField(field: "owner", reason: "it is missing from the body; name the owner, or send your API token to create the project for yourself")
        }
        return NewProject(
            owner: owner, name: try fields.requiredString("name"), chroots: chroots,
            signingEnabled: try fields.bool("signing") ?? false, settings: try settings(fields))
    }

    /// `{"chroots", "signing", ...}` with the settings, each optional, at least one given.
    static func projectChanges(_ body: JSONValue) throws(InvalidField) -> ProjectChanges {
        let fields = try RequestFields(body, name: "body", known: settingsFields.union(["chroots", "signing"]))
        let changes = ProjectChanges(chroots: try fields.strings("chroots"), signingEnabled: try fields.bool("signing"), settings: try settings(fields))
        guard changes != ProjectChanges() else {
            throw InvalidField(field: "body", reason: "it changes nothing; give \"chroots\", \"signing\" or a setting (\(settingsFields.sorted().joined(separator: ", ")))")
        }
        return changes
    }

    /// `{"additional_repos", "additional_packages", "with_opts", "without_opts",
    /// "isolation", "bootstrap", "bootstrap_image", "reset_fields"}`, each optional, at
    /// least one given; lists are arrays of strings.
    static func chrootChanges(_ body: JSONValue) throws(InvalidField) -> ChrootSettingsChanges {
        let fields = try RequestFields(
            body, name: "body",
            known: ["additional_repos", "additional_packages", "with_opts", "without_opts", "isolation", "bootstrap", "bootstrap_image", "reset_fields"])
        let changes = ChrootSettingsChanges(
            additionalRepos: try fields.strings("additional_repos"), buildrootPackages: try fields.strings("additional_packages"),
            withOpts: try fields.strings("with_opts"), withoutOpts: try fields.strings("without_opts"),
            isolation: try fields.string("isolation"), bootstrap: try fields.string("bootstrap"),
            bootstrapImage: try fields.string("bootstrap_image"), reset: try fields.strings("reset_fields") ?? [])
        guard changes != ChrootSettingsChanges() else {
            throw InvalidField(field: "body", reason: "it changes nothing; give a setting or reset_fields")
        }
        return changes
    }

    private static func settings(_ fields: RequestFields) throws(InvalidField) -> ProjectSettingsChanges {
        ProjectSettingsChanges(
            description: try fields.string("description"), instructions: try fields.string("instructions"),
            homepage: try fields.string("homepage"), contact: try fields.string("contact"),
            additionalRepos: try fields.strings("additional_repos"), runtimeDependencies: try fields.strings("runtime_dependencies"),
            enableNet: try fields.bool("enable_net"), deleteAfterDays: try fields.integer("delete_after_days"))
    }

    /// `{"source": {...}, "chroots", "background", "timeout", "submitter"}` for project
    /// `owner`/`project` by `account`; everything but `source` is optional. Throws
    /// ``InvalidField`` or, for a submitter `account` may not claim, ``AccessRefused``.
    static func submission(_ body: JSONValue, owner: String, project: String, by account: Account) throws -> BuildSubmission {
        let fields = try RequestFields(body, name: "body", known: SubmissionOptions.names.union(["source"]))
        guard let source = fields["source"] else {
            throw InvalidField(field: "source", reason: "it is missing; give e.g. {\"type\": \"srpm_url\", \"url\": \"https://…/hello-1.0-1.src.rpm\"}")
        }
        let options = try SubmissionOptions(fields)
        return options.submission(owner: owner, project: project, source: try Self.source(source), submitter: try options.submitter(by: account))
    }

    /// `{"type": "srpm_url", "url"}`, `{"type": "spec_url", "url"}` or
    /// `{"type": "git", "clone_url", "committish", "subdirectory"}` (the last two optional) or
    /// `{"type": "pypi", "pypi_package_name", ...}` with upstream's PyPI fields (``PyPISource``).
    static func source(_ value: JSONValue) throws(InvalidField) -> BuildSource {
        guard let type = value["type"] else {
            throw InvalidField(field: "source", reason: "expected an object with a \"type\" (srpm_url, spec_url, git or pypi), found \(TaskRules.describe(value))")
        }
        switch type.stringValue {
        case "srpm_url":
            return .srpmURL(try RequestFields(value, name: "source", known: ["type", "url"]).requiredString("url"))
        case "spec_url":
            return .specURL(try RequestFields(value, name: "source", known: ["type", "url"]).requiredString("url"))
        case "git":
            let fields = try RequestFields(value, name: "source", known: ["type", "clone_url", "committish", "subdirectory", "spec"])
            return .git(
                cloneURL: try fields.requiredString("clone_url"), committish: try fields.string("committish") ?? "",
                subdirectory: try fields.string("subdirectory") ?? "", spec: try fields.string("spec"))
        case "pypi":
            _ = try RequestFields(value, name: "source", known: PyPISource.fieldNames.union(["type"]))
            return .pypi(try PyPISource(fields: value))
        default:
            throw InvalidField(
                field: "source type",
                reason: "unknown type \(type.stringValue.map(TaskRules.quoted) ?? TaskRules.describe(type)); the types are srpm_url, spec_url, git and pypi (files go to builds/upload)")
        }
    }
}
