import Foundation

/// The addresses of the web pages, in Copr's shapes: a user's project at
/// `/coprs/<owner>/<project>/`, a group's (`@team`) at `/coprs/g/team/<project>/`, its
/// monitor and builds below it. Names are percent-encoded as path segments.
enum WebPath {
    /// The projects list (with its search).
    static let projects = "/coprs/"

    /// The "New project" page, where its form posts.
    static let newProject = "/coprs/new/"

    static func project(_ project: Project) -> String {
        self.project(owner: project.owner, name: project.name)
    }

    static func project(owner: String, name: String) -> String {
        let ownerPath = owner.hasPrefix("@") ? "g/\(segment(String(owner.dropFirst())))" : segment(owner)
        return "/coprs/\(ownerPath)/\(segment(name))/"
    }

    static func monitor(_ project: Project) -> String {
        self.project(project) + "monitor/"
    }

    /// Where the project page's "New build" form posts (Copr's `new_build/`).
    static func newBuild(_ project: Project) -> String {
        self.project(project) + "new_build/"
    }

    /// The settings page of `project`, where its form posts.
    static func settings(_ project: Project) -> String {
        self.project(project) + "edit/"
    }

    /// The settings page of `chroot` in `project` (Copr's `edit_chroot/<chroot>/`), where
    /// its form posts.
    static func chrootSettings(_ project: Project, chroot: String) -> String {
        self.project(project) + "edit_chroot/\(segment(chroot))/"
    }

    /// The "Fork" page of `project`, where its form posts.
    static func fork(_ project: Project) -> String {
        self.project(project) + "fork/"
    }

    /// Where the settings page's delete form posts.
    static func deleteProject(_ project: Project) -> String {
        self.project(project) + "delete/"
    }

    static func build(_ overview: BuildOverview) -> String {
        build(id: overview.build.id, of: overview.project)
    }

    static func build(id: Int, of project: Project) -> String {
        self.project(project) + "build/\(id)/"
    }

    /// `text` as one path segment: everything but unreserved characters and `@` encoded.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? ""
    }

    /// `path` with `query` (names and values encoded), or `path` alone when empty.
    static func withQuery(_ path: String, _ query: [(String, String)]) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = query.isEmpty ? nil : query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.string ?? path
    }

    /// Whether `text` is an http(s) URL with a host: the only links made of what users
    /// wrote (a `javascript:` or `data:` URL stays text).
    static func isWebURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return (lowered.hasPrefix("https://") || lowered.hasPrefix("http://")) && URLComponents(string: text)?.host?.isEmpty == false
    }

    private static let segmentCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~@+")
}
