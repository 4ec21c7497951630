import Foundation

/// A parsed INI file: sections of `key = value` pairs, as Python's `configparser` reads
/// the upstream `main.ini` (`#` and `;` comments, `=` or `:` separators, keys lowercased).
public struct INIFile: Sendable, Equatable {
    /// Values by section name, then by lowercased key.
    public private(set) var sections: [String: [String: String]] = [:]

    /// Parses INI text; lines outside any section are ignored like configparser would refuse them.
    public init(text: String) {
        var current: String?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let section = current,
                  let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            sections[section, default: [:]][key] = value
        }
    }

    /// The value of `key` in `section`, if present.
    public func value(_ key: String, in section: String) -> String? {
        sections[section]?[key.lowercased()]
    }
}
