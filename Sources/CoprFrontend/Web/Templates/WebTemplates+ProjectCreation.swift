extension WebTemplates {
    /// ``ProjectCreationView``: the "New project" or "Fork" form, its problem summarised
    /// above it and linked to its field.
    static let projectCreation = """
        {{<layout}}{{$content}}{{#content}}
        <h1>{{heading}}{{#sourceName}} <a href="{{sourceURL}}">{{.}}</a>{{/sourceName}}</h1>
        <p>{{intro}}</p>
        {{#problem}}<div class="problem" role="alert"><p>Nothing was made. {{#problemField}}<a href="#{{problemField}}">{{/problemField}}{{problem}}{{#problemField}}</a>{{/problemField}}</p></div>{{/problem}}
        <form method="post" action="{{formURL}}" class="project-creation fields">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        {{#fields}}{{>form-field}}{{/fields}}
        {{^isFork}}<fieldset id="chroots" aria-describedby="chroots-hint{{#chrootsError}} chroots-error{{/chrootsError}}">
        <legend>Chroots</legend>
        <p class="hint" id="chroots-hint">The distributions and architectures the project builds for; at least one.</p>
        {{#chrootsError}}<p class="field-error" id="chroots-error">{{.}}</p>{{/chrootsError}}
        <ul class="checks">
        {{#chrootOptions}}<li><label><input type="checkbox" name="chroots" value="{{name}}"{{#checked}} checked{{/checked}}> {{name}}</label></li>{{/chrootOptions}}
        </ul>
        </fieldset>{{/isFork}}
        {{#offersSigning}}<p><label><input type="checkbox" id="signing" name="signing" value="on" aria-describedby="signing-hint"{{#signing}} checked{{/signing}}> Sign the packages</label> \
        <span class="hint" id="signing-hint">with the project's own key, made when the project is, which users import from its repository.</span></p>{{/offersSigning}}
        {{#isFork}}<p><label><input type="checkbox" id="confirm" name="confirm" value="on"{{#confirm}} checked{{/confirm}}{{#confirmError}} aria-invalid="true" aria-describedby="confirm-error"{{/confirmError}}> \
        Fork into a project of mine that already exists</label>{{#confirmError}} <span class="field-error" id="confirm-error">{{.}}</span>{{/confirmError}}</p>{{/isFork}}
        <p><button type="submit">{{button}}</button></p>
        </form>
        {{/content}}{{/content}}{{/layout}}
        """
}
