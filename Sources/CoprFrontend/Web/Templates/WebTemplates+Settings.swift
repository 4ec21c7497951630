extension WebTemplates {
    /// ``SettingsView``: the settings form, each field with its label, hint and the last
    /// post's problem (also summarised above the form, linked to its field), the links to
    /// the chroots' settings, and the delete form.
    static let settings = """
        {{<layout}}{{$content}}{{#content}}
        <h1>Settings of <a href="{{projectURL}}">{{fullName}}</a></h1>
        {{#problem}}<div class="problem" role="alert"><p>The settings were not saved. {{#problemField}}<a href="#{{problemField}}">{{/problemField}}{{problem}}{{#problemField}}</a>{{/problemField}}</p></div>{{/problem}}
        <form method="post" action="{{formURL}}" class="settings fields">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        {{#description}}<p><label for="description">Description</label> <span class="hint" id="description-hint">Markdown, shown at the top of the project's page.</span>
        <textarea id="description" name="description" rows="6" aria-describedby="description-hint{{#error}} description-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>
        {{value}}</textarea>{{#error}}<span class="field-error" id="description-error">{{.}}</span>{{/error}}</p>{{/description}}
        {{#instructions}}<p><label for="instructions">Instructions</label> <span class="hint" id="instructions-hint">Markdown: how to install and use the packages.</span>
        <textarea id="instructions" name="instructions" rows="6" aria-describedby="instructions-hint{{#error}} instructions-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>
        {{value}}</textarea>{{#error}}<span class="field-error" id="instructions-error">{{.}}</span>{{/error}}</p>{{/instructions}}
        {{#homepage}}<p><label for="homepage">Homepage</label> <span class="hint" id="homepage-hint">An http(s) URL; empty for none.</span>
        <input id="homepage" name="homepage" type="url" value="{{value}}" aria-describedby="homepage-hint{{#error}} homepage-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>\
        {{#error}}<span class="field-error" id="homepage-error">{{.}}</span>{{/error}}</p>{{/homepage}}
        {{#contact}}<p><label for="contact">Contact</label> <span class="hint" id="contact-hint">An e-mail address or an http(s) URL where users reach the maintainers; empty for none.</span>
        <input id="contact" name="contact" value="{{value}}" aria-describedby="contact-hint{{#error}} contact-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>\
        {{#error}}<span class="field-error" id="contact-error">{{.}}</span>{{/error}}</p>{{/contact}}
        <fieldset id="chroots" aria-describedby="chroots-hint{{#chrootsError}} chroots-error{{/chrootsError}}">
        <legend>Chroots</legend>
        <p class="hint" id="chroots-hint">New builds are built for the checked chroots; builds already submitted keep theirs.</p>
        {{#chrootsError}}<p class="field-error" id="chroots-error">{{.}}</p>{{/chrootsError}}
        <ul class="checks">
        {{#chrootOptions}}<li><label><input type="checkbox" name="chroots" value="{{name}}"{{#checked}} checked{{/checked}}> {{name}}</label></li>{{/chrootOptions}}
        </ul>
        </fieldset>
        {{#additionalRepos}}<p><label for="additional_repos">Additional repositories</label> <span class="hint" id="additional_repos-hint">One a line: <code>copr://owner/project</code> or an http(s) URL, which may use <code>$releasever</code> and <code>$basearch</code>. Every build installs from them.</span>
        <textarea id="additional_repos" name="additional_repos" rows="3" aria-describedby="additional_repos-hint{{#error}} additional_repos-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>
        {{value}}</textarea>{{#error}}<span class="field-error" id="additional_repos-error">{{.}}</span>{{/error}}</p>{{/additionalRepos}}
        {{#runtimeDependencies}}<p><label for="runtime_dependencies">Runtime dependencies</label> <span class="hint" id="runtime_dependencies-hint">One a line, as the additional repositories: repositories the packages need when installed, which the project's <code>.repo</code> files add for its users.</span>
        <textarea id="runtime_dependencies" name="runtime_dependencies" rows="3" aria-describedby="runtime_dependencies-hint{{#error}} runtime_dependencies-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>
        {{value}}</textarea>{{#error}}<span class="field-error" id="runtime_dependencies-error">{{.}}</span>{{/error}}</p>{{/runtimeDependencies}}
        <p><label><input type="checkbox" id="enable_net" name="enable_net" value="on"{{#enableNet}} checked{{/enableNet}}> Builds may use the network</label></p>
        {{#offersSigning}}<p><label><input type="checkbox" id="signing" name="signing" value="on" aria-describedby="signing-hint"{{#signing}} checked{{/signing}}> Sign the packages</label> \
        <span class="hint" id="signing-hint">with the project's own key, which users import from its repository; packages built before keep how they were.</span></p>{{/offersSigning}}
        {{#deleteAfterDays}}<p><label for="delete_after_days">Delete after days</label> <span class="hint" id="delete_after_days-hint">The project is deleted by itself after this many days (0 to 60); empty keeps it.</span>
        <input id="delete_after_days" name="delete_after_days" type="number" min="0" max="60" inputmode="numeric" value="{{value}}" aria-describedby="delete_after_days-hint{{#error}} delete_after_days-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>\
        {{#error}}<span class="field-error" id="delete_after_days-error">{{.}}</span>{{/error}}</p>{{/deleteAfterDays}}
        <p><button type="submit">Save the settings</button> <a href="{{projectURL}}">Back to the project</a></p>
        </form>
        <section aria-labelledby="chroots-heading">
        <h2 id="chroots-heading">Chroot settings</h2>
        <p>What one chroot adds to its builds: buildroot packages, repositories, rpmbuild options, Mock's isolation and bootstrap.</p>
        <ul class="checks">
        {{#chrootLinks}}<li><a href="{{url}}">{{name}}</a></li>{{/chrootLinks}}
        </ul>
        </section>
        {{#mayDelete}}
        <section aria-labelledby="delete-heading" class="danger-zone">
        <h2 id="delete-heading">Delete the project</h2>
        <p>Deleting removes the project, its builds and its repositories for good. It is refused while a build of the project has not ended.</p>
        {{#deleteError}}<p class="field-error" role="alert" id="confirm-error">{{.}}</p>{{/deleteError}}
        <form method="post" action="{{deleteURL}}" class="fields">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <p><label for="confirm">Type the project's name, <strong>{{confirmName}}</strong>, to confirm</label>
        <input id="confirm" name="confirm" autocomplete="off" required{{#deleteError}} aria-invalid="true" aria-describedby="confirm-error"{{/deleteError}}></p>
        <p><button type="submit">Delete {{fullName}}</button></p>
        </form>
        </section>
        {{/mayDelete}}
        {{/content}}{{/content}}{{/layout}}
        """
}
