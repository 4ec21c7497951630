import Foundation

/// The sections and options of an INI file, read the way Python's configparser reads
/// copr-be.conf and the builder's main.ini: `name = value` or `name: value`, `#` and `;`
/// comment lines, indented continuation lines, option names case-insensitive.
public struct INIFile: Sendable {
    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Section name → option name (lower-cased) → value.
    public private(set) var sections: [String: [String: String]] = [:]
    /// Section names in file order, for sections that form a list (`[host:NAME]`).
    public private(set) var sectionOrder: [String] = []

    public init(text: String) throws {
        var current: String?
        var lastOption: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") {
                lastOption = trimmed.isEmpty ? nil : lastOption
                continue
            }
            if line.first == " " || line.first == "\t", let section = current, let option = lastOption {
                sections[section]?[option, default: ""] += "\n" + trimmed
                continue
            }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]"), trimmed.count > 2 else {
                    throw ParseError(line: lineNumber, message: "malformed section header \(trimmed)")
                }
                let name = String(trimmed.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                if sections[name] == nil {
                    sections[name] = [:]
                    sectionOrder.append(name)
                }
                current = name
                lastOption = nil
                continue
            }
            guard let section = current else {
                throw ParseError(line: lineNumber, message: "option outside of any [section]")
            }
            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ParseError(line: lineNumber, message: "expected 'name = value', found \(trimmed)")
            }
            let name = trimmed[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                throw ParseError(line: lineNumber, message: "option without a name")
            }
            sections[section, default: [:]][name] = value
            lastOption = name
        }
    }

    public func value(_ section: String, _ option: String) -> String? {
        sections[section]?[option.lowercased()]
    }
}

