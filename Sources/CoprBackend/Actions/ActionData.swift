import CoprCore
import Foundation

/// An action's `data` object, its fields read through the task contract's rules.
struct ActionData {
    let fields: [String: JSONValue]

    init(_ record: ActionRecord) throws(ActionRefusal) {
        guard let fields = Self.parse(record.data)?.objectValue else {
            throw ActionRefusal("Invalid data: expected a JSON object, found \(record.data.map(TaskRules.quoted) ?? "null")")
        }
        self.fields = fields
    }

    static func parse(_ text: String?) -> JSONValue? {
        text.flatMap { try? JSONValue.decode(Data($0.utf8)) }
    }

    func value(_ key: String) -> JSONValue { fields[key] ?? .null }

    func flag(_ key: String) -> Bool { fields[key]?.boolValue ?? false }

    func owner() throws(ActionRefusal) -> String {
        try name("ownername") { (value: String, field: String) throws(InvalidField) in try TaskRules.owner(value, field: field) }
    }

    func check<Value>(
        _ value: Value, _ field: String, _ rule: (Value, String) throws(InvalidField) -> Value
    ) throws(ActionRefusal) -> Value {
        do {
            return try rule(value, field)
        } catch {
            throw ActionRefusal(error.description)
        }
    }

    func name(_ key: String, _ rule: (String, String) throws(InvalidField) -> String) throws(ActionRefusal) -> String {
        guard let text = fields[key]?.stringValue else {
            throw ActionRefusal("Invalid \(key): expected a name, found \(TaskRules.describe(fields[key]))")
        }
        return try check(text, key, rule)
    }

    func list<Value>(_ key: String, _ rule: (Value, String) throws(InvalidField) -> Value) throws(ActionRefusal) -> [Value] {
        guard let items = fields[key]?.arrayValue else {
            throw ActionRefusal("Invalid \(key): expected a list, found \(TaskRules.describe(fields[key]))")
        }
        var values: [Value] = []
        for item in items {
            guard let value = Self.cast(item, to: Value.self) else {
                throw ActionRefusal("Invalid \(key): unexpected entry \(TaskRules.describe(item))")
            }
            values.append(try check(value, key, rule))
        }
        return values
    }

    /// `{chroot or srpm-builds: [result directory, …]}`.
    func buildDirectories(_ value: JSONValue, field: String) throws(ActionRefusal) -> [String: [String]] {
        guard let chroots = value.objectValue else {
            throw ActionRefusal("Invalid \(field): expected an object of chroots, found \(TaskRules.describe(value))")
        }
        var directories: [String: [String]] = [:]
        for (chroot, subdirs) in chroots {
            let checked = try check(chroot, field) { (value: String, field: String) throws(InvalidField) in
                try TaskRules.resultsChroot(value, field: field)
            }
            directories[checked] = try ActionData(fields: ["subdirs": subdirs]).list("subdirs") {
                (value: String, _: String) throws(InvalidField) in try TaskRules.resultDir(value, field: field)
            }
        }
        return directories
    }

    private static func cast<Value>(_ item: JSONValue, to: Value.Type) -> Value? {
        if Value.self == String.self { return item.stringValue as? Value }
        if Value.self == Int.self { return item.intValue as? Value }
        return nil
    }

    init(fields: [String: JSONValue]) {
        self.fields = fields
    }
}
