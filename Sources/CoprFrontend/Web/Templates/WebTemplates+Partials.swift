extension WebTemplates {
    /// A table of ``BuildRow``s (`builds`), each linked to its page.
    static let buildsTable = """
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">Build</th><th scope="col">Project</th><th scope="col">Package</th><th scope="col">State</th><th scope="col">Chroots</th><th scope="col">Submitted</th><th scope="col">Ended</th></tr></thead>
        <tbody>
        {{#builds}}
        <tr>
        <td><a href="{{url}}">{{id}}</a></td>
        <td><a href="{{projectURL}}">{{project}}</a></td>
        <td>{{package}} {{version}}</td>
        <td><span class="state state-{{state}}">{{state}}</span></td>
        <td>{{#chroots}}<span class="state state-{{state}}" title="{{chroot}}: {{state}}">{{chroot}}<span class="vh">: {{state}}</span></span> {{/chroots}}</td>
        <td>{{submitted}}</td>
        <td>{{ended}}</td>
        </tr>
        {{/builds}}
        </tbody>
        </table>
        </div>
        """

    /// A list of ``ProjectRow``s (`projects`).
    static let projectsList = """
        <ul>
        {{#projects}}
        <li><a href="{{url}}">{{fullName}}</a>{{#summaryHTML}} — {{{summaryHTML}}}{{/summaryHTML}} <span class="muted">({{chroots}})</span></li>
        {{/projects}}
        </ul>
        """

    /// The links of a ``Pager`` (`pager`).
    static let pager = """
        {{#pager}}{{#isNeeded}}
        <nav class="pager" aria-label="Pages">
        {{#previousURL}}<a href="{{previousURL}}" rel="prev">Newer</a>{{/previousURL}}
        <span>Page {{page}} of {{lastPage}}</span>
        {{#nextURL}}<a href="{{nextURL}}" rel="next">Older</a>{{/nextURL}}
        </nav>
        {{/isNeeded}}{{/pager}}
        """
}
