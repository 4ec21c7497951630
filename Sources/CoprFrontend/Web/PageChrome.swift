import Foundation
import Hummingbird

/// What every page shows around its content: the deployment's name, which part of the
/// navigation is current, who reads it (a "Sign in" link back to the page, or the login
/// with a sign-out form carrying the session's CSRF token), and the short notice a form
/// left when it sent the reader here.
struct PageChrome: Sendable {
    /// The part of the site a page belongs to, marked current in the navigation.
    enum Section: Sendable { case home, projects, status, none }

    let siteName: String
    let isHome: Bool
    let isProjects: Bool
    let isStatus: Bool
    /// The signed-in user's login; nil for an anonymous reader.
    let viewer: String?
    /// The form token of the reader's session; nil for an anonymous reader of a page
    /// without forms.
    let csrfToken: String?
    /// The sign-in link, which comes back to this page.
    let signInURL: String
    let notice: String?

    init(siteName: String, section: Section, reader: PageReader) {
        self.siteName = siteName
        isHome = section == .home
        isProjects = section == .projects
        isStatus = section == .status
        viewer = reader.login
        csrfToken = reader.csrfToken
        signInURL = WebPath.withQuery("/login", [("next", reader.path)])
        notice = reader.notice
    }
}

/// Who reads a page and from where: the signed-in login and its session's CSRF token, the
/// page's path (where signing in comes back to) and the notice its `done` query names.
struct PageReader: Sendable {
    let login: String?
    let csrfToken: String?
    let path: String
    let notice: String?

    /// The notices a form's redirect may ask for (`?done=`): fixed texts, so that a link
    /// of another site cannot make a page say something else.
    static let notices = [
        "cancel": "The build's cancel was requested.",
        "resubmit": "The build was resubmitted: this is the new build.",
        "delete": "The build was deleted.",
        "submit": "The build was submitted.",
        "settings": "The project's settings were saved.",
        "chroot-settings": "The chroot's settings were saved.",
        "delete-project": "The project was deleted.",
        "create-project": "The project was created.",
        "fork": "The project was forked; its copied builds show as forked until their results are copied.",
    ]

    /// The reader of `request`; a signed-in reader's session gets its CSRF token (every
    /// page then carries the sign-out form), an anonymous one gets none unless `forms`.
    init(_ request: Request, _ context: FrontendRequestContext, forms: Bool = false) {
        login = context.identity?.login
        csrfToken = login != nil || forms ? WebSessions.csrfToken(context) : nil
        path = request.uri.path
        notice = request.uri.queryParameters.get("done").flatMap { Self.notices[String($0)] }
    }
}

/// One page as its template reads it: the chrome, the title, and the page's own content.
struct RenderedPage<Content: Sendable>: Sendable {
    let chrome: PageChrome
    let title: String
    let content: Content
}
