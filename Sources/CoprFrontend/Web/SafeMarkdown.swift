import Foundation

/// A small Markdown subset rendered to HTML that cannot carry markup of its own: every
/// character of the text is escaped, and the only elements made are paragraphs, headings
/// (one `#` becomes `h3`, so that a description never competes with the page's
/// headings), emphasis (`*em*`, `_em_`, `**strong**`), code (`` `code` `` and fenced
/// blocks), lists (`-`, `*`, `+`, `1.`) and links whose target is an http(s) URL with a
/// host. Anything else, raw HTML and `javascript:` links among it, shows as the text it is.
///
/// ```swift
/// SafeMarkdown.render("Install with `dnf`; see [docs](https://example.org).").html
/// // <p>Install with <code>dnf</code>; see <a href="https://example.org" rel="nofollow noopener">docs</a>.</p>
/// ```
public enum SafeMarkdown {
    public static func render(_ markdown: String) -> SafeHTML {
        var html = ""
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var code: [String]?

        func closeParagraph() {
            guard !paragraph.isEmpty else { return }
            html += "<p>\(inline(paragraph.joined(separator: "\n")))</p>\n"
            paragraph = []
        }
        func closeList() {
            guard let open = list else { return }
            let tag = open.ordered ? "ol" : "ul"
            html += "<\(tag)>" + open.items.map { "<li>\(inline($0))</li>" }.joined() + "</\(tag)>\n"
            list = nil
        }

        for line in markdown.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(line)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let lines = code {
                if trimmed.hasPrefix("```") {
                    html += "<pre><code>\(SafeHTML.escape(lines.joined(separator: "\n")))</code></pre>\n"
                    code = nil
                } else {
                    code = lines + [line]
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                closeParagraph(); closeList()
                code = []
            } else if trimmed.isEmpty {
                closeParagraph(); closeList()
            } else if let (level, text) = heading(trimmed) {
                closeParagraph(); closeList()
                html += "<h\(level)>\(inline(text))</h\(level)>\n"
            } else if let (ordered, text) = listItem(trimmed) {
                closeParagraph()
                if let open = list, open.ordered != ordered { closeList() }
                list = (ordered, (list?.items ?? []) + [text])
            } else if list != nil, line.first == " " || line.first == "\t" {
                list!.items[list!.items.count - 1] += "\n" + trimmed
            } else {
                closeList()
                paragraph.append(trimmed)
            }
        }
        if let lines = code { html += "<pre><code>\(SafeHTML.escape(lines.joined(separator: "\n")))</code></pre>\n" }
        closeParagraph(); closeList()
        return SafeHTML(trusted: html)
    }

    /// A one-line summary of `markdown` for a list of projects: its first line of text
    /// (not a heading, not inside a code block), list markers dropped, with its inline
    /// elements but no links; the first heading's text when there is no other line; nil
    /// for an empty description.
    static func summary(_ markdown: String) -> SafeHTML? {
        var inCode = false
        var firstHeading: String?
        for line in markdown.split(whereSeparator: \.isNewline).prefix(200) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") { inCode.toggle(); continue }
            if inCode || trimmed.isEmpty { continue }
            if let (_, text) = heading(trimmed) {
                if firstHeading == nil { firstHeading = text }
                continue
            }
            return SafeHTML(trusted: inline(listItem(trimmed)?.1 ?? trimmed, links: false))
        }
        return firstHeading.map { SafeHTML(trusted: inline($0, links: false)) }
    }

    /// `# text` to `###### text`: the element level (`#` is `h3`) and the text.
    private static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return (min(hashes + 2, 6), line.dropFirst(hashes).trimmingCharacters(in: .whitespaces))
    }

    /// `- text`, `* text`, `+ text` or `12. text`: whether it is numbered, and the text.
    private static func listItem(_ line: String) -> (Bool, String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return (false, String(line.dropFirst(2)))
        }
        let digits = line.prefix(while: \.isASCII).prefix { $0.isNumber }
        guard !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") else { return nil }
        return (true, String(line.dropFirst(digits.count + 2)))
    }

    /// The inline elements of `text`, every other character escaped; `links` false (inside
    /// a link's own text, and in a summary) keeps only a link's text.
    static func inline(_ text: String, links: Bool = true) -> String {
        var html = ""
        var rest = Substring(text)
        while let character = rest.first {
            if character == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                html += "<code>\(SafeHTML.escape(String(rest[rest.index(after: rest.startIndex)..<end])))</code>"
                rest = rest[rest.index(after: end)...]
            } else if character == "[", let (label, target, after) = link(rest) {
                if !links {
                    html += inline(label, links: false)
                } else if let target {
                    html += "<a href=\"\(SafeHTML.escape(target))\" rel=\"nofollow noopener\">\(inline(label, links: false))</a>"
                } else {
                    html += SafeHTML.escape(String(rest[..<after]))
                }
                rest = rest[after...]
            } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**"), end.lowerBound > rest.index(rest.startIndex, offsetBy: 2) {
                html += "<strong>\(inline(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound]), links: links))</strong>"
                rest = rest[end.upperBound...]
            } else if character == "*" || character == "_", let end = rest.dropFirst().firstIndex(of: character),
                      end > rest.index(after: rest.startIndex), !rest[rest.index(after: rest.startIndex)].isWhitespace {
                html += "<em>\(inline(String(rest[rest.index(after: rest.startIndex)..<end]), links: links))</em>"
                rest = rest[rest.index(after: end)...]
            } else {
                html += SafeHTML.escape(String(character))
                rest = rest.dropFirst()
            }
        }
        return html
    }

    /// `[label](target)` at the start of `text`: the label, the target when it is an
    /// http(s) URL with a host (nil for any other), and where the link ends.
    private static func link(_ text: Substring) -> (String, String?, Substring.Index)? {
        guard let close = text.firstIndex(of: "]"), text[close...].dropFirst().first == "(",
              let end = text[close...].firstIndex(of: ")")
        else { return nil }
        let label = String(text[text.index(after: text.startIndex)..<close])
        let target = String(text[text.index(close, offsetBy: 2)..<end]).trimmingCharacters(in: .whitespaces)
        guard !label.contains("["), !target.contains(where: \.isWhitespace) else { return nil }
        return (label, WebPath.isWebURL(target) ? target : nil, text.index(after: end))
    }
}
