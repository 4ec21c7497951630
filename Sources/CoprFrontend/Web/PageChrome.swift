/// What every page shows around its content: the deployment's name, which part of the
/// navigation is current, and who reads it. Sign-in fills `viewer` and `csrfToken` (the
/// token every form then carries); until it exists every reader is anonymous and the
/// pages have no forms.
struct PageChrome: Sendable {
    /// The part of the site a page belongs to, marked current in the navigation.
    enum Section: Sendable { case home, projects, status, none }

    let siteName: String
    let isHome: Bool
    let isProjects: Bool
    let isStatus: Bool
    /// The signed-in user's login; nil for an anonymous reader.
    let viewer: String?
    /// The form token of the reader's session; nil while there is no session.
    let csrfToken: String?

    init(siteName: String, section: Section, viewer: String? = nil, csrfToken: String? = nil) {
        self.siteName = siteName
        isHome = section == .home
        isProjects = section == .projects
        isStatus = section == .status
        self.viewer = viewer
        self.csrfToken = csrfToken
    }
}

/// One page as its template reads it: the chrome, the title, and the page's own content.
struct RenderedPage<Content: Sendable>: Sendable {
    let chrome: PageChrome
    let title: String
    let content: Content
}
