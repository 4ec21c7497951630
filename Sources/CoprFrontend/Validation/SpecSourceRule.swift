import CoprCore
import Foundation

/// A spec submitted without its sources (an uploaded `.spec`) must name every `SourceN:`
/// and `PatchN:` by URL: the builder downloads them next to the spec and has nothing else.
/// A local file name would only fail on the builder, long after the submission, so it is
/// refused at once.
///
/// The values are read with the spec's simple macros expanded (`%global`, `%define` and
/// the `Name`, `Version`, `Release` and `URL` tags), so `%{url}/archive/v%{version}.tar.gz`
/// counts as a URL. A value that still holds a macro after that is left to the builder,
/// which expands it with rpm.
public enum SpecSourceRule {
    /// Refuses `spec` when a source or patch is a local file name.
    public static func check(_ spec: String) throws(InvalidField) {
        let macros = definitions(in: spec)
        let local = SpecSourceTags.values(in: spec).filter { value in
            let expanded = expand(value, macros)
            return !expanded.contains("://") && !expanded.contains("%")
        }
        guard local.isEmpty else {
            throw InvalidField(
                field: "spec",
                reason: "\(local.map(TaskRules.quoted).joined(separator: ", ")) \(local.count == 1 ? "is a local file" : "are local files"); "
                    + "sources of a spec must be URLs the builder can download. Build an SRPM locally (rpmbuild -bs) "
                    + "and submit that instead (copr-backend build submit --srpm FILE)")
        }
    }

    /// `%global`/`%define` values and the tags macros commonly refer to, by macro name.
    private static func definitions(in spec: String) -> [String: String] {
        var macros: [String: String] = [:]
        for line in spec.split(separator: "\n") {
            let words = line.split(maxSplits: 2, whereSeparator: \.isWhitespace)
            if words.count == 3, words[0] == "%global" || words[0] == "%define" {
                macros[String(words[1])] = words[2].trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let tag = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            if ["name", "version", "release", "url"].contains(tag) {
                macros[tag] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return macros
    }

    /// `value` with `%{name}`, `%{?name}` and `%name` of `macros` replaced, a few rounds
    /// deep (a macro may use another); unknown macros stay.
    private static func expand(_ value: String, _ macros: [String: String]) -> String {
        var text = value
        for _ in 0..<8 {
            var changed = false
            for (name, replacement) in macros {
                for spelling in ["%{\(name)}", "%{?\(name)}", "%\(name)"] where text.contains(spelling) {
                    text = text.replacingOccurrences(of: spelling, with: replacement)
                    changed = true
                }
            }
            if !changed { break }
        }
        return text
    }
}
