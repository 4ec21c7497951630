extension WebTemplates {
    /// ``ProjectView``.
    static let project = """
        {{<layout}}{{$content}}{{#content}}
        <h1>{{fullName}}</h1>
        {{#descriptionHTML}}<section aria-labelledby="description"><h2 id="description">Description</h2>{{{descriptionHTML}}}</section>{{/descriptionHTML}}
        {{#homepage}}<p>Homepage: <a href="{{homepage}}" rel="nofollow noopener">{{homepage}}</a></p>{{/homepage}}
        {{#contact}}<p>Contact: {{contact}}</p>{{/contact}}
        <p><a href="{{monitorURL}}">Monitor</a> · <a href="#builds">Builds</a>{{#submit}} · <a href="#new-build">New build</a>{{/submit}}{{#settingsURL}} · <a href="{{settingsURL}}">Settings</a>{{/settingsURL}}{{#forkURL}} · <a href="{{forkURL}}">Fork</a>{{/forkURL}}</p>
        <section aria-labelledby="install">
        <h2 id="install">Installation</h2>
        {{#instructionsHTML}}{{{instructionsHTML}}}{{/instructionsHTML}}
        <p>Enable the repository with dnf:</p>
        <div class="command"><pre id="enable-command">{{enableCommand}}</pre><button type="button" data-copy="{{enableCommand}}" aria-label="Copy the dnf command" hidden>Copy</button></div>
        <p>Or put a distribution's repository file in <code>/etc/yum.repos.d/</code>:</p>
        <ul>
        {{#repoFiles}}
        <li><a href="{{url}}">{{distribution}}</a> <button type="button" data-copy="{{url}}" aria-label="Copy the address of the {{distribution}} repository file" hidden>Copy</button></li>
        {{/repoFiles}}
        </ul>
        <p>Chroots: {{#chroots}}<code>{{.}}</code> {{/chroots}}</p>
        </section>
        {{#hasWebhooks}}
        <section aria-labelledby="webhooks">
        <h2 id="webhooks">Webhooks</h2>
        <p>Shown to those who may edit this project: a push to a forge calling one of these builds the project's packages. Keep them secret.</p>
        <dl>
        {{#webhooks}}<dt>{{forge}}</dt><dd><code>{{url}}</code></dd>{{/webhooks}}
        </dl>
        </section>
        {{/hasWebhooks}}
        <section aria-labelledby="packages">
        <h2 id="packages">Packages</h2>
        {{^hasPackages}}<p>No packages yet.</p>{{/hasPackages}}
        {{#hasPackages}}
        <p>{{packageCount}} packages{{#hasMorePackages}}; the first {{packageListLength}} by name are below, <a href="{{monitorURL}}">the monitor</a> lists them all{{/hasMorePackages}}.</p>
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">Package</th><th scope="col">Version</th><th scope="col">Newest build</th><th scope="col">Per chroot</th></tr></thead>
        <tbody>
        {{#packages.rows}}
        <tr>
        <td>{{package}}</td>
        <td>{{version}}</td>
        <td>{{#latestBuildURL}}<a href="{{latestBuildURL}}">{{latestBuildID}}</a>{{/latestBuildURL}}</td>
        <td>{{#cells}}{{#buildURL}}<a class="state state-{{state}}" href="{{buildURL}}" title="{{chroot}}: {{state}}">{{chroot}}<span class="vh">: {{state}}</span></a> {{/buildURL}}{{/cells}}</td>
        </tr>
        {{/packages.rows}}
        </tbody>
        </table>
        </div>
        {{/hasPackages}}
        </section>
        {{#submit}}{{>submit-form}}{{/submit}}
        <section aria-labelledby="builds">
        <h2 id="builds">Builds</h2>
        <form class="inline" method="get">
        <label for="state">State</label>
        <select id="state" name="state">
        <option value="">every state</option>
        {{#stateOptions}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/stateOptions}}
        </select>
        <button type="submit">Show</button>
        </form>
        <p>{{pager.total}} builds{{#stateFilter}} {{stateFilter}}{{/stateFilter}}.</p>
        {{#hasBuilds}}{{>builds-table}}{{/hasBuilds}}
        {{>pager}}
        </section>
        {{/content}}{{/content}}{{/layout}}
        """

    /// ``MonitorView``, a page of packages at a time.
    static let monitor = """
        {{<layout}}{{$content}}{{#content}}
        <h1>Monitor of <a href="{{projectURL}}">{{fullName}}</a></h1>
        <p>The newest build of each package in each chroot.</p>
        {{^matrix.rows}}<p>No packages yet.</p>{{/matrix.rows}}
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">Package</th>{{#matrix.chroots}}<th scope="col">{{.}}</th>{{/matrix.chroots}}</tr></thead>
        <tbody>
        {{#matrix.rows}}
        <tr>
        <th scope="row">{{package}}</th>
        {{#cells}}<td>{{#buildURL}}<a class="state state-{{state}}" href="{{buildURL}}">{{state}}</a> <span class="muted">{{buildID}}</span>{{/buildURL}}{{^buildURL}}<span class="muted">—</span>{{/buildURL}}</td>{{/cells}}
        </tr>
        {{/matrix.rows}}
        </tbody>
        </table>
        </div>
        <p>{{pager.total}} packages.</p>
        {{>pager}}
        {{/content}}{{/content}}{{/layout}}
        """
}
