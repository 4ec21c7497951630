extension WebTemplates {
    /// ``HomeView``.
    static let home = """
        {{<layout}}{{$content}}{{#content}}
        <h1>{{chrome.siteName}}</h1>
        <section aria-labelledby="recent">
        <h2 id="recent">Recent builds</h2>
        {{^hasBuilds}}<p>No builds yet.</p>{{/hasBuilds}}
        {{#hasBuilds}}{{>builds-table}}{{/hasBuilds}}
        </section>
        <section aria-labelledby="projects">
        <h2 id="projects">Projects</h2>
        <form class="inline" role="search" action="/" method="get">
        <label for="q">Find a project</label>
        <input id="q" name="q" type="search" value="{{query}}">
        <button type="submit">Search</button>
        </form>
        {{^projects}}<p>No project matches.</p>{{/projects}}
        {{>projects-list}}
        {{#moreProjectsURL}}<p><a href="{{moreProjectsURL}}">All {{projectCount}} matching projects</a></p>{{/moreProjectsURL}}
        </section>
        <section aria-labelledby="start">
        <h2 id="start">How to start</h2>
        <ol>
        <li>Ask the operator for an account: <code>copr-backend user add NAME</code> prints its <code>~/.config/copr</code>.</li>
        <li>Make a project: <a href="/coprs/new/">New project</a> once signed in, or <pre>copr-cli create hello --chroot fedora-41-x86_64</pre> or <pre>copr-backend project create NAME/hello --chroot fedora-41-x86_64</pre></li>
        <li>Build a package: <pre>copr-cli build hello hello-1.0-1.src.rpm</pre> and watch it here, or with <code>copr-backend build watch ID</code>.</li>
        <li>Install it: the project's page tells the <code>dnf copr enable</code> line for {{publicURL}}.</li>
        </ol>
        </section>
        {{/content}}{{/content}}{{/layout}}
        """

    /// ``ProjectsView``.
    static let projects = """
        {{<layout}}{{$content}}{{#content}}
        <h1>Projects</h1>
        <form class="inline" role="search" action="/coprs/" method="get">
        <label for="q">Find a project</label>
        <input id="q" name="q" type="search" value="{{query}}">
        <button type="submit">Search</button>
        </form>
        <p>{{pager.total}} projects{{#query}} matching “{{query}}”{{/query}}.{{#chrome.viewer}} <a href="/coprs/new/">New project</a>{{/chrome.viewer}}</p>
        {{>projects-list}}
        {{>pager}}
        {{/content}}{{/content}}{{/layout}}
        """
}
