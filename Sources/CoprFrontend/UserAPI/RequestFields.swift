import CoprCore

/// The fields of a JSON object a user sent, read with the types the user API expects.
/// A wrong type or an unknown field throws ``InvalidField`` naming the field, so a typo
/// (`"chroot"` for `"chroots"`) is refused instead of silently ignored.
struct RequestFields {
    private let fields: [String: JSONValue]
    /// How the object is named in messages: `body`, `source`.
    private let name: String

    /// Reads `value` as an object with no other keys than `known`.
    init(_ value: JSONValue, name: String, known: Set<String>) throws(InvalidField) {
        guard let fields = value.objectValue else {
            throw InvalidField(field: name, reason: "expected a JSON object, found \(TaskRules.describe(value))")
        }
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            let expected = known.sorted().joined(separator: ", ")
            throw InvalidField(field: name, reason: "unknown field \(TaskRules.quoted(unknown)); the fields are \(expected)")
        }
        self.fields = fields
        self.name = name
    }

    /// The value of `key`; nil when absent or null.
    subscript(key: String) -> JSONValue? {
        guard let value = fields[key], !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(InvalidField) -> String? {
        guard let value = self[key] else { return nil }
        guard let text = value.stringValue else { throw wrongType(key, "a string", value) }
        return text
    }

    func requiredString(_ key: String) throws(InvalidField) -> String {
        guard let text = try string(key) else { throw InvalidField(field: key, reason: "it is missing from the \(name)") }
        return text
    }

    func bool(_ key: String) throws(InvalidField) -> Bool? {
        guard let value = self[key] else { return nil }
        guard let flag = value.boolValue else { throw wrongType(key, "true or false", value) }
        return flag
    }

    /// A whole number, given as a JSON number (not a string).
    func integer(_ key: String) throws(InvalidField) -> Int? {
        guard let value = self[key] else { return nil }
        guard value.stringValue == nil, let number = value.intValue else { throw wrongType(key, "a whole number", value) }
        return number
    }

    func strings(_ key: String) throws(InvalidField) -> [String]? {
        guard let value = self[key] else { return nil }
        guard let items = value.arrayValue else { throw wrongType(key, "an array of strings", value) }
        return try items.map { item throws(InvalidField) in
            guard let text = item.stringValue else { throw wrongType(key, "an array of strings", value) }
            return text
        }
    }

    /// A list given as an array of strings or as one whitespace-separated string.
    func words(_ key: String) throws(InvalidField) -> [String]? {
        if let text = self[key]?.stringValue { return text.split(whereSeparator: \.isWhitespace).map(String.init) }
        return try strings(key)
    }

    private func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> InvalidField {
        InvalidField(field: key, reason: "expected \(expected), found \(TaskRules.describe(value))")
    }
}
