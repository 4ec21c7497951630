extension WebTemplates {
    /// ``ChrootSettingsView``: one chroot's settings form, its problem summarised above it
    /// and linked to its field.
    static let chrootSettings = """
        {{<layout}}{{$content}}{{#content}}
        <h1>Chroot {{chroot}} of <a href="{{projectURL}}">{{fullName}}</a></h1>
        <p>What this chroot adds to each build of the project in it. <a href="{{settingsURL}}">The project's settings</a></p>
        {{#problem}}<div class="problem" role="alert"><p>The chroot's settings were not saved. {{#problemField}}<a href="#{{problemField}}">{{/problemField}}{{problem}}{{#problemField}}</a>{{/problemField}}</p></div>{{/problem}}
        <form method="post" action="{{formURL}}" class="chroot-settings fields">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        {{#fields}}{{>form-field}}{{/fields}}
        <p><button type="submit">Save the settings of {{chroot}}</button> <a href="{{settingsURL}}">Back to the settings</a></p>
        </form>
        {{/content}}{{/content}}{{/layout}}
        """

    /// ``FormField``: its label, hint, control (a line, a text of several lines or a
    /// choice) and the last post's problem, the control described by both.
    static let formField = """
        <p><label for="{{name}}">{{label}}</label> <span class="hint" id="{{name}}-hint">{{hint}}</span>
        {{#isLines}}<textarea id="{{name}}" name="{{name}}" rows="3" aria-describedby="{{name}}-hint{{#error}} {{name}}-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>
        {{value}}</textarea>{{/isLines}}\
        {{#isLine}}<input id="{{name}}" name="{{name}}" value="{{value}}" aria-describedby="{{name}}-hint{{#error}} {{name}}-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>{{/isLine}}\
        {{#isChoice}}<select id="{{name}}" name="{{name}}" aria-describedby="{{name}}-hint{{#error}} {{name}}-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>\
        {{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/isChoice}}\
        {{#error}}<span class="field-error" id="{{name}}-error">{{.}}</span>{{/error}}</p>

        """
}
