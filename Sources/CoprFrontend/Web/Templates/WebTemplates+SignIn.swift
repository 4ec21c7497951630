extension WebTemplates {
    /// ``SignInPage``: who is signed in with a sign-out form, or the sign-in form; the
    /// problem with the last attempt above either.
    static let signIn = """
        {{<layout}}{{$content}}{{#content}}
        <h1>Sign in</h1>
        {{#problem}}<p role="alert"><strong>{{problem}}</strong></p>{{/problem}}
        {{#login}}
        <p>Signed in as <strong>{{login}}</strong>.</p>
        <form method="post" action="/logout">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <button type="submit">Sign out</button>
        </form>
        {{/login}}
        {{^login}}
        <p>Sign in with an API token: the <code>login</code> and <code>token</code> lines of your
        copr-cli configuration (<code>~/.config/copr</code>), which an operator makes with
        <code>copr-backend user add</code> or <code>copr-backend user token</code>.</p>
        <form method="post" action="/login">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <input type="hidden" name="next" value="{{next}}">
        <p><label for="login">Login</label><br>
        <input id="login" name="login" autocomplete="username" required></p>
        <p><label for="token">Token</label><br>
        <input id="token" name="token" type="password" autocomplete="current-password" required></p>
        <p><button type="submit">Sign in</button></p>
        </form>
        {{/login}}
        {{/content}}{{/content}}{{/layout}}
        """
}
