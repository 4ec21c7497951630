import Hummingbird

/// The sign-in page in the site's layout: the form (login, token, the session's CSRF
/// token, where to go next), the problem with the last attempt, or who is signed in with
/// a sign-out form.
struct SignInPage: Sendable {
    let login: String?
    let csrfToken: String
    /// Where a sign-in goes on to: a path of this site, else `/`.
    let next: String
    let problem: String?

    /// The page for the reader of `request`, whose session gets its CSRF token.
    static func response(
        _ renderer: PageRenderer, _ request: Request, _ context: FrontendRequestContext, next: String?, problem: String?,
        status: HTTPResponse.Status
    ) -> Response {
        let reader = PageReader(request, context, forms: true)
        let page = SignInPage(
            login: reader.login, csrfToken: WebSessions.csrfToken(context), next: WebSignIn.localPath(next) ?? "/", problem: problem)
        return renderer.response("sign-in", title: "Sign in", section: .none, reader: reader, content: page, status: status)
    }
}
