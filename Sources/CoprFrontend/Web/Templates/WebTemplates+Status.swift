extension WebTemplates {
    /// ``StatusView``.
    static let status = """
        {{<layout}}{{$content}}{{#content}}
        <h1>Builds in progress</h1>
        <p>The builds whose source build or some chroot is running, starting or waiting for a builder, oldest first.</p>
        {{^hasBuilds}}<p>Nothing is building.</p>{{/hasBuilds}}
        {{#hasBuilds}}{{>builds-table}}{{/hasBuilds}}
        {{/content}}{{/content}}{{/layout}}
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
