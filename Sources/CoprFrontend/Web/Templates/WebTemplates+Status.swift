extension WebTemplates {
    /// ``StatusView``, which updates itself (``WebScripts/refresh``).
    static let status = """
        {{<layout}}{{$content}}{{#content}}
        <h1>Status</h1>
        <p hidden><input type="checkbox" id="auto-refresh" checked> <label for="auto-refresh">Update this page every 10 seconds</label></p>
        <div data-refresh="10">
        {{^farm}}<p>The daemon's status is not available here: this frontend is not served by a <code>copr-backend run</code> daemon. The builds in progress below are what the frontend knows; <code>copr-backend status</code> reads a daemon's.</p>{{/farm}}
        {{#farm}}
        <section aria-labelledby="running">
        <h2 id="running">Running</h2>
        {{^hasRunning}}<p>No build is running.</p>{{/hasRunning}}
        {{#hasRunning}}
        <div class="table-wrap">
        <table>
        <caption>The builds the workers run now, with their phase and builder.</caption>
        <thead><tr><th scope="col">Task</th><th scope="col">Phase</th><th scope="col">Builder</th><th scope="col">Attempt</th><th scope="col">Started</th><th scope="col">Running for</th></tr></thead>
        <tbody>
        {{#running}}
        <tr><th scope="row">{{>farm-task}}</th><td>{{phase}}</td><td>{{host}}</td><td>{{attempt}}</td><td>{{started}}</td><td>{{runningFor}}</td></tr>
        {{/running}}
        </tbody>
        </table>
        </div>
        {{/hasRunning}}
        </section>
        <section aria-labelledby="queue">
        <h2 id="queue">Waiting</h2>
        {{^hasQueue}}<p>No task waits for a worker.</p>{{/hasQueue}}
        {{#hasQueue}}
        <div class="table-wrap">
        <table>
        <caption>The tasks the scheduler holds back, and the limit that holds each (its count and maximum).</caption>
        <thead><tr><th scope="col">Task</th><th scope="col">Priority</th><th scope="col">Why it waits</th></tr></thead>
        <tbody>
        {{#queue}}
        <tr><th scope="row">{{>farm-task}}</th><td>{{priority}}</td><td>{{reason}}</td></tr>
        {{/queue}}
        </tbody>
        </table>
        </div>
        {{/hasQueue}}
        </section>
        <section aria-labelledby="builders">
        <h2 id="builders">Builders</h2>
        {{^hasBuilders}}<p>No static builders: the machines come and go with the builds.</p>{{/hasBuilders}}
        {{#hasBuilders}}
        <div class="table-wrap">
        <table>
        <caption>The machines of the static pool and their build slots.</caption>
        <thead><tr><th scope="col">Builder</th><th scope="col">Kind</th><th scope="col">Address</th><th scope="col">Tags</th><th scope="col">Slots</th></tr></thead>
        <tbody>
        {{#builders}}
        <tr><th scope="row">{{name}}</th><td>{{kind}}</td><td>{{address}}</td><td>{{tags}}</td><td>{{slots}}</td></tr>
        {{/builders}}
        </tbody>
        </table>
        </div>
        {{/hasBuilders}}
        </section>
        <section aria-labelledby="failures">
        <h2 id="failures">Recent failures</h2>
        {{^hasFailures}}<p>No build failed lately.</p>{{/hasFailures}}
        {{#hasFailures}}
        <div class="table-wrap">
        <table>
        <caption>The builds that failed lately, newest first; cancels are not failures.</caption>
        <thead><tr><th scope="col">Task</th><th scope="col">Kind</th><th scope="col">Builder</th><th scope="col">Reason</th><th scope="col">Ended</th></tr></thead>
        <tbody>
        {{#failures}}
        <tr><th scope="row">{{>farm-task}}</th><td>{{kind}}</td><td>{{builder}}</td><td>{{reason}}</td><td>{{ended}}</td></tr>
        {{/failures}}
        </tbody>
        </table>
        </div>
        {{/hasFailures}}
        </section>
        <section aria-labelledby="daemon-queues">
        <h2 id="daemon-queues">Message buses and actions</h2>
        <p>Events waiting for the message buses: {{#backlog}}{{.}}{{/backlog}}{{^backlog}}no message buses configured{{/backlog}}.</p>
        <p>Actions: {{#actions}}{{.}}{{/actions}}{{^actions}}no action dispatcher{{/actions}}.</p>
        </section>
        {{/farm}}
        <section aria-labelledby="in-progress">
        <h2 id="in-progress">Builds in progress</h2>
        <p>The builds whose source build or some chroot is running, starting or waiting for a builder, oldest first.</p>
        {{^hasBuilds}}<p>Nothing is building.</p>{{/hasBuilds}}
        {{#hasBuilds}}{{>builds-table}}{{/hasBuilds}}
        </section>
        </div>
        <script>\(WebScripts.refresh)</script>
        {{/content}}{{/content}}{{/layout}}
        """

    /// A ``StatusView/Task`` (`task`): its id, linked to its build.
    static let farmTask = """
        {{#task}}{{#url}}<a href="{{url}}">{{id}}</a>{{/url}}{{^url}}{{id}}{{/url}}{{/task}}
        """

    /// ``ErrorView``: a page that does not exist, or a request the pages cannot answer.
    static let error = """
        {{<layout}}{{$content}}{{#content}}
        <h1>{{heading}}</h1>
        <p>{{message}}</p>
        <p><a href="/">Home</a> · <a href="/coprs/">Projects</a></p>
        {{/content}}{{/content}}{{/layout}}
        """
}
