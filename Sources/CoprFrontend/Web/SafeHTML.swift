import Mustache

/// HTML that this module made and vouches for: text escaped, or markup built only from
/// escaped pieces (``SafeMarkdown``). The one kind of value templates may insert
/// unescaped (`{{{descriptionHTML}}}`); everything users wrote reaches a template as a
/// plain `String`, which `{{name}}` escapes.
public struct SafeHTML: Sendable, Equatable, MustacheCustomRenderable {
    /// The markup.
    public let html: String

    /// Markup built here from escaped pieces; never call it with anything users wrote.
    init(trusted html: String) {
        self.html = html
    }

    public var renderText: String { html }
    public var isNull: Bool { false }

    /// `text` with the five characters HTML gives meaning to (in text and in quoted
    /// attribute values) replaced by their references.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
