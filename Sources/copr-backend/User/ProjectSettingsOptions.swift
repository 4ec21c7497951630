import ArgumentParser
import CoprCore

/// The project settings `project create` and `project edit` take, sent under the user
/// API's (Copr's) field names; the frontend checks their values.
struct ProjectSettingsOptions: ParsableArguments {
    @Option(help: "A short description of the project (Markdown).")
    var description: String?

    @Option(help: "How to install and use the packages (Markdown).")
    var instructions: String?

    @Option(help: "The project's homepage URL (empty to clear it).")
    var homepage: String?

    @Option(help: "An e-mail address or URL of the maintainers (empty to clear it).")
    var contact: String?

    @Option(name: .customLong("repo"), help: "A repository every build installs from: copr://OWNER/PROJECT or a URL (repeat for more; replaces the list).")
    var repos: [String] = []

    @Option(name: .customLong("runtime-dependency"), help: "A repository the packages need at runtime, listed in the .repo files: copr://OWNER/PROJECT or a URL (repeat for more; replaces the list).")
    var runtimeDependencies: [String] = []

    @Option(name: .customLong("enable-net"), help: "Whether builds may use the network: on or off (off unless set).")
    var enableNet: OnOff?

    @Option(name: .customLong("delete-after-days"), help: "Delete the project after this many days (-1: keep it).")
    var deleteAfterDays: Int?

    /// The settings given, as JSON fields.
    var fields: [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        if let description { fields["description"] = .string(description) }
        if let instructions { fields["instructions"] = .string(instructions) }
        if let homepage { fields["homepage"] = .string(homepage) }
        if let contact { fields["contact"] = .string(contact) }
        if !repos.isEmpty { fields["additional_repos"] = .array(repos.map(JSONValue.string)) }
        if !runtimeDependencies.isEmpty { fields["runtime_dependencies"] = .array(runtimeDependencies.map(JSONValue.string)) }
        if let enableNet { fields["enable_net"] = .bool(enableNet == .on) }
        if let deleteAfterDays { fields["delete_after_days"] = .int(deleteAfterDays) }
        return fields
    }

    /// The settings of a project answer, one line each, for `project show`.
    static func lines(of project: JSONValue) -> [String] {
        let list = { (key: String) in (project[key]?.arrayValue ?? []).compactMap(\.stringValue) }
        var lines = [
            "  enable_net: \(project["enable_net"]?.boolValue == true ? "on" : "off")",
            "  delete_after_days: \(project["delete_after_days"]?.intValue.map(String.init) ?? "never")",
        ]
        for key in ["homepage", "contact"] {
            if let value = project[key]?.stringValue { lines.append("  \(key): \(value)") }
        }
        for repo in list("additional_repos") { lines.append("  repo: \(repo)") }
        for dependency in list("runtime_dependencies") { lines.append("  runtime dependency: \(dependency)") }
        for key in ["description", "instructions"] {
            guard let text = project[key]?.stringValue, !text.isEmpty else { continue }
            lines.append("  \(key):")
            lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { "    \(TaskRules.shown(String($0)))" }
        }
        return lines
    }
}

/// `on` or `off`, as copr-cli spells its switches.
enum OnOff: String, ExpressibleByArgument, CaseIterable {
    case on, off
}
