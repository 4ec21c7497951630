import CoprCore
import Foundation

/// The repositories a build installs from, as Copr's frontend lists them in a task
/// record's `repos`: the project's own repository for the chroot (`copr_base`), then the
/// project's additional repositories, then the chroot's. `copr://owner/project` becomes
/// that project's repository for the same chroot in this results tree; `$chroot` and
/// `$distname` are expanded, and `?priority=N` becomes the repository's priority.
struct BuildRepositories {
    let layout: ResultsLayout

    /// The `repos` of an RPM task of `project` in `chroot`.
    func repos(project: Project, chroot: String, settings: ChrootSettings) -> JSONValue {
        let base: JSONValue = [
            "id": "copr_base", "baseurl": .string(chrootURL(owner: project.owner, project: project.name, chroot: chroot)),
            "name": "Copr repository", "repo_gpgcheck": false, "priority": .null,
        ]
        let additional = (project.settings.additionalRepos + settings.additionalRepos).map { view($0, chroot: chroot) }
        return .array([base] + additional)
    }

    /// One additional repository as Copr writes it: its id made of the URL's letters and
    /// digits, `Additional repo <id>`, and its priority if the URL gives one.
    private func view(_ repository: String, chroot: String) -> JSONValue {
        let id = Self.repositoryName(repository)
        var view: [String: JSONValue] = [
            "id": .string(id), "baseurl": .string(baseURL(repository, chroot: chroot)), "name": .string("Additional repo \(id)"),
        ]
        if let priority = Self.priority(repository) { view["priority"] = priority }
        if repository.hasPrefix("copr://") { view["repo_gpgcheck"] = false }
        return .object(view)
    }

    /// The URL of `repository` for `chroot`: a project's repository for `copr://`, the
    /// URL without its `priority` parameter otherwise, variables expanded.
    func baseURL(_ repository: String, chroot: String) -> String {
        var url = repository
        if let (owner, project) = try? TaskRules.coprRepository(repository) {
            url = chrootURL(owner: owner, project: project, chroot: chroot)
        } else if var components = URLComponents(string: repository), let items = components.queryItems,
                  items.contains(where: { $0.name == "priority" }) {
            let kept = items.filter { $0.name != "priority" }
            components.queryItems = kept.isEmpty ? nil : kept
            url = components.string ?? repository
        }
        let distribution = Self.distribution(of: chroot)
        return url.replacingOccurrences(of: "$chroot", with: chroot).replacingOccurrences(of: "$distname", with: distribution)
    }

    /// `<results>/<owner>/<project>/<chroot>/`: where the backend publishes a project's
    /// repository for a chroot.
    func chrootURL(owner: String, project: String, chroot: String) -> String {
        layout.url("\(ResultsLayout.projectDirectory(owner: owner, dirname: project))/\(chroot)", directory: true)
    }

    /// Copr's repository name of a URL: every run of characters other than ASCII letters
    /// and digits one `_`, none at either end.
    static func repositoryName(_ url: String) -> String {
        var name = ""
        for character in url {
            if character.isASCII && (character.isLetter || character.isNumber) {
                name.append(character)
            } else if !name.isEmpty && name.last != "_" {
                name.append("_")
            }
        }
        return name.last == "_" ? String(name.dropLast()) : name
    }

    /// `fedora-41-x86_64` → `fedora`: the chroot without its last two parts.
    static func distribution(of chroot: String) -> String {
        let parts = chroot.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count > 2 ? parts.dropLast(2).joined(separator: "-") : chroot
    }

    /// The `priority` query parameter: a number, or the text as given.
    private static func priority(_ url: String) -> JSONValue? {
        guard let value = URLComponents(string: url)?.queryItems?.first(where: { $0.name == "priority" })?.value else { return nil }
        return Int(value).map(JSONValue.int) ?? .string(value)
    }
}
