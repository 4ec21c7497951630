import CoprBackend
import CoprCore
import Foundation

/// Conveniences for the JSON the stand-in servers receive and send.
extension JSONValue {
    /// Parses JSON bytes.
    public static func parse(_ data: Data) throws -> JSONValue {
        try decode(data)
    }

    /// Parses JSON text.
    public static func parse(_ text: String) throws -> JSONValue {
        try decode(Data(text.utf8))
    }

    /// Compact JSON with sorted keys; `null` if encoding fails (it cannot for these cases).
    public var data: Data {
        (try? encoded()) ?? Data("null".utf8)
    }

    /// Compact JSON text, for messages.
    public var text: String { String(decoding: data, as: UTF8.self) }

    /// The element at `index` of an array, nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The object with `key` set to `value` (unchanged if this is not an object).
    public func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = value
        return .object(members)
    }
}
