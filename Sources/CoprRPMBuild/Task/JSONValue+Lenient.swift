import CoprCore

/// Lenient readers for task fields of loosely specified type: a number sent as a string,
/// `buildroot_pkgs` as a list or a space-separated string. Task records come from the
/// frontend and are read without trusting their shape.
extension JSONValue {
    /// The value as text: strings as they are, numbers and booleans spelled out.
    public var text: String? {
        switch self {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return String(value)
        default: return nil
        }
    }

    /// The value as an integer, accepting numeric strings.
    public var int: Int? { intValue }

    /// The value as a boolean, accepting the usual spellings.
    public var bool: Bool? {
        switch self {
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .string(let value): return ["1", "true", "yes", "on"].contains(value.lowercased())
        default: return nil
        }
    }

    /// A list of strings: a JSON array of strings, or whitespace-separated text.
    public var stringList: [String]? {
        switch self {
        case .array(let items): return items.compactMap(\.text)
        case .string(let value): return value.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        case .null: return []
        default: return nil
        }
    }
}
