extension WebTemplates {
    /// ``SubmitForm``, the project page's "New build" section: the session's CSRF token
    /// first, so that a post is refused before its file is stored; every field labelled.
    /// The problem with a refused post takes the focus, which scrolls the page to it and
    /// has screen readers read it.
    static let submitForm = """
        <section aria-labelledby="new-build">
        <h2 id="new-build">New build</h2>
        {{#problem}}<p class="problem" role="alert" id="new-build-problem" tabindex="-1" autofocus><strong>{{problem}}</strong></p>{{/problem}}
        <form method="post" action="{{action}}" enctype="multipart/form-data" class="submit-form">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <p><label for="new-build-file">SRPM or spec file</label> <span class="muted" id="new-build-file-limit">(at most {{maximumSize}})</span><br>
        <input id="new-build-file" name="pkgs" type="file" accept=".rpm,.spec" aria-describedby="new-build-file-limit"></p>
        <p><label for="new-build-url">Or the URL of an SRPM or spec file</label><br>
        <input id="new-build-url" name="url" type="url" value="{{url}}" autocomplete="url"></p>
        <fieldset>
        <legend>Chroots to build for</legend>
        {{#chroots}}<label for="{{id}}"><input type="checkbox" id="{{id}}" name="chroots" value="{{name}}"{{#checked}} checked{{/checked}}> {{name}}</label>
        {{/chroots}}
        </fieldset>
        <p><button type="submit">Build</button></p>
        </form>
        </section>
        """
}
