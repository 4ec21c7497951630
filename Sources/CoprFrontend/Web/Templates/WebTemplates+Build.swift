extension WebTemplates {
    /// ``BuildView``, with the forms its reader may use, and the poller of the live logs (``WebScripts/liveLog``) while a
    /// task has one.
    static let build = """
        {{<layout}}{{$content}}{{#content}}
        <h1>Build {{id}} of <a href="{{projectURL}}">{{fullName}}</a></h1>
        <dl>
        <dt>State</dt><dd><span class="state state-{{state}}">{{state}}</span></dd>
        <dt>Package</dt><dd>{{package}} {{version}}</dd>
        <dt>Source</dt><dd>{{source}}</dd>
        <dt>Submitted</dt><dd>{{submitted}} by {{submitter}}</dd>
        <dt>Ended</dt><dd>{{ended}}</dd>
        </dl>
        {{#hasForms}}
        <div class="build-actions">
        {{#forms}}<form method="post" action="{{url}}" class="actions"><input type="hidden" name="csrf_token" value="{{csrfToken}}"><button type="submit">{{label}}</button></form>{{/forms}}
        </div>
        {{/hasForms}}
        <h2>Tasks</h2>
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">Task</th><th scope="col">State</th><th scope="col">Builder</th><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">Took</th><th scope="col">Results</th><th scope="col">Logs</th></tr></thead>
        <tbody>
        {{#tasks}}
        <tr>
        <th scope="row">{{name}}</th>
        <td><span class="state state-{{state}}">{{state}}</span></td>
        <td>{{builder}}</td>
        <td>{{started}}</td>
        <td>{{ended}}</td>
        <td>{{duration}}</td>
        <td>{{#resultURL}}<a href="{{resultURL}}">result directory</a>{{/resultURL}}</td>
        <td>{{#logs}}<a href="{{url}}">{{name}}</a> {{/logs}}</td>
        </tr>
        {{/tasks}}
        </tbody>
        </table>
        </div>
        {{#tasks}}{{#hasPackages}}
        <h2>Packages built in {{name}}</h2>
        <ul>
        {{#packages}}<li><a href="{{url}}">{{name}}</a> <span class="muted">{{size}}</span></li>{{/packages}}
        </ul>
        {{/hasPackages}}{{/tasks}}
        {{#tasks}}{{#live}}
        <section aria-label="Live log of {{name}}">
        <h2>Live log of {{name}}</h2>
        {{#isCut}}<p class="muted">The log's end; the whole log is in the result directory.</p>{{/isCut}}
        <pre class="live-log" data-log-url="{{apiURL}}" data-offset="{{offset}}" aria-live="polite">{{text}}</pre>
        <p class="log-complete notice" role="status" hidden>The task has ended: <a href="">reload the page</a> for its state and results.</p>
        </section>
        {{/live}}{{/tasks}}
        {{#isLive}}
        <script>\(WebScripts.liveLog)</script>
        {{/isLive}}
        {{/content}}{{/content}}{{/layout}}
        """
}
