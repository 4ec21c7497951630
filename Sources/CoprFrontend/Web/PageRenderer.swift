import Hummingbird
import Mustache

/// Turns a page's view value into an HTML answer: the template of that name (from
/// ``WebTemplates``) within the layout, with the headers every page carries.
struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    let siteName: String

    /// The renderer of the deployment at `publicURL`, named after its host. Parses every
    /// template; throws the parser's error for one that is malformed.
    init(publicURL: String) throws {
        var library = MustacheLibrary()
        for (name, text) in WebTemplates.all {
            try library.register(text, named: name)
        }
        self.library = library
        siteName = "Copr on \(RepoFile.host(ofPublicURL: publicURL))"
    }

    /// The page as HTML text.
    func html<Content: Sendable>(_ template: String, title: String, section: PageChrome.Section, reader: PageReader, content: Content) -> String {
        let page = RenderedPage(chrome: PageChrome(siteName: siteName, section: section, reader: reader), title: title, content: content)
        guard let html = library.render(page, withTemplate: template) else { preconditionFailure("no template \(template)") }
        return html
    }

    /// The page as an answer with `status`.
    func response<Content: Sendable>(
        _ template: String, title: String, section: PageChrome.Section, reader: PageReader, content: Content, status: HTTPResponse.Status = .ok
    ) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: WebScripts.contentSecurityPolicy,
                .xContentTypeOptions: "nosniff",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html(template, title: title, section: section, reader: reader, content: content))))
    }
}
