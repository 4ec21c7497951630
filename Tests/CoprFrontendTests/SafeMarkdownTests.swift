@testable import CoprFrontend
import Testing

/// The Markdown subset of project descriptions and instructions: what it makes, and
/// that nothing a user writes becomes markup or a script.
@Suite("Embedded frontend: safe Markdown")
struct SafeMarkdownTests {
    @Test("a projects list's summary is the description's first line of text, not its heading, a code block or a link")
    func summary() {
        #expect(SafeMarkdown.summary("# About\n\nA *greeting* package, [docs](https://example.org).\nMore.")?.html
            == "A <em>greeting</em> package, docs.")
        #expect(SafeMarkdown.summary("```\n<b>code</b>\n```\n- first <i>item</i>")?.html == "first &lt;i&gt;item&lt;/i&gt;")
        #expect(SafeMarkdown.summary("## Only a <heading>")?.html == "Only a &lt;heading&gt;")
        #expect(SafeMarkdown.summary("\n  \n") == nil)
    }

    @Test("paragraphs, headings, emphasis, code, lists and http(s) links become their elements")
    func subset() {
        let html = SafeMarkdown.render("""
            ## Install
            Run `dnf install hello` *now*, or **later** and _maybe_.

            - one
            - two [docs](https://example.org/docs)
            1. first
            ```
            <b>kept</b>
            ```
            """).html
        #expect(html == """
            <h4>Install</h4>
            <p>Run <code>dnf install hello</code> <em>now</em>, or <strong>later</strong> and <em>maybe</em>.</p>
            <ul><li>one</li><li>two <a href="https://example.org/docs" rel="nofollow noopener">docs</a></li></ul>
            <ol><li>first</li></ol>
            <pre><code>&lt;b&gt;kept&lt;/b&gt;</code></pre>

            """)
    }

    @Test("raw HTML, attributes and links that are not http(s) stay text", arguments: [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"),
        ("[x](JavaScript:alert(1))", "<p>[x](JavaScript:alert(1))</p>\n"),
        ("[x](data:text/html,<b>)", "<p>[x](data:text/html,&lt;b&gt;)</p>\n"),
        ("[x](https://e.org/\"onclick=\"a)", "<p><a href=\"https://e.org/&quot;onclick=&quot;a\" rel=\"nofollow noopener\">x</a></p>\n"),
        ("[<b>x</b>](https://e.org)", "<p><a href=\"https://e.org\" rel=\"nofollow noopener\">&lt;b&gt;x&lt;/b&gt;</a></p>\n"),
        ("`unclosed <i>", "<p>`unclosed &lt;i&gt;</p>\n"),
        ("# <h1>", "<h3>&lt;h1&gt;</h3>\n"),
    ])
    func hostile(markdown: String, html: String) {
        #expect(SafeMarkdown.render(markdown).html == html)
    }
}
