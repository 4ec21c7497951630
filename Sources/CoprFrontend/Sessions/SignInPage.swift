import Hummingbird

/// The sign-in page: the form (login, token, the session's CSRF token, where to go
/// next), the problem with the last attempt, or who is signed in with a sign-out form.
struct SignInPage {
    let context: FrontendRequestContext
    let next: String?
    let problem: String?

    func response(status: HTTPResponse.Status) -> Response {
        let csrf = Self.escape(WebSessions.csrfToken(context))
        var body: String
        if let account = context.identity {
            body = """
                <p>Signed in as <strong>\(Self.escape(account.login))</strong>.</p>
                <form method="post" action="/logout">
                <input type="hidden" name="\(CSRFToken.field)" value="\(csrf)">
                <button type="submit">Sign out</button>
                </form>
                """
        } else {
            body = """
                <p>Sign in with an API token: the <code>login</code> and <code>token</code> lines of your
                copr-cli configuration (<code>~/.config/copr</code>), which an operator makes with
                <code>copr-backend user add</code> or <code>copr-backend user token</code>.</p>
                <form method="post" action="/login">
                <input type="hidden" name="\(CSRFToken.field)" value="\(csrf)">
                <input type="hidden" name="next" value="\(Self.escape(WebSignIn.localPath(next) ?? "/"))">
                <p><label for="login">Login</label><br>
                <input id="login" name="login" autocomplete="username" required></p>
                <p><label for="token">Token</label><br>
                <input id="token" name="token" type="password" autocomplete="current-password" required></p>
                <p><button type="submit">Sign in</button></p>
                </form>
                """
        }
        if let problem { body = "<p role=\"alert\"><strong>\(Self.escape(problem))</strong></p>\n" + body }
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign in</title></head>
            <body><main><h1>Sign in</h1>
            \(body)
            </main></body></html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `text` with the characters that mean something in HTML (and in attribute values)
    /// replaced by their entities.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
