/// The character rules every field rule is made of, and how values are shown in messages.
///
/// Each rule has a fast verdict over the value's UTF-8 bytes and, only for a value it
/// refuses, a slower explanation over its characters; the explanation says the first
/// thing wrong in a fixed order (empty, too long, control characters, a character not
/// allowed, the first character, `..`).
extension TaskRules {
    /// The characters every name may hold besides letters and digits.
    static let nameSeparators = ASCIISet("-_.")

    /// The value for a message: control characters escaped (`\u{a}`), cut after 120
    /// characters, so that a hostile value can neither forge log lines nor flood them.
    public static func shown(_ value: String) -> String {
        let cut = value.count > 120 ? value.prefix(120) + "…" : Substring(value)
        return cut.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
    }

    /// ``shown(_:)`` in single quotes.
    public static func quoted(_ value: String) -> String {
        "'\(shown(value))'"
    }

    /// A JSON value for a message: scalars as they are (strings quoted), containers by kind,
    /// an absent value as "nothing".
    public static func describe(_ value: JSONValue?) -> String {
        switch value {
        case nil: "nothing"
        case .null: "null"
        case .bool(let flag): String(flag)
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): quoted(text)
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// One path component: a letter or digit, then letters, digits, `-_.` and `extra`; no
    /// `..`; at most `maximumLength` characters.
    @discardableResult
    static func name(_ value: String, field: String, extra: ASCIISet, maximumLength: Int) throws(InvalidField) -> String {
        let allowed = nameSeparators.union(extra)
        if bytes(of: value, { isPlainName($0, allowed: allowed, maximumLength: maximumLength) }) { return value }
        throw refusal(value, field: field, allowed: allowed, maximumLength: maximumLength, startsAlphanumeric: true)
    }

    /// The fast verdict of ``name(_:field:extra:maximumLength:)``.
    private static func isPlainName(_ bytes: UnsafeBufferPointer<UInt8>, allowed: ASCIISet, maximumLength: Int) -> Bool {
        guard let first = bytes.first, bytes.count <= maximumLength, ASCIISet.alphanumerics.contains(first) else { return false }
        let alphanumerics = ASCIISet.alphanumerics
        var previous = first
        for byte in bytes.dropFirst() {
            guard alphanumerics.contains(byte) || allowed.contains(byte), !(byte == UInt8(ascii: ".") && previous == byte) else {
                return false
            }
            previous = byte
        }
        return true
    }

    /// `verdict` over the UTF-8 bytes of `value`, in place where the string is stored
    /// contiguously (as native strings are), else over a copy.
    static func bytes(of value: String, _ verdict: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        if let answer = value.utf8.withContiguousStorageIfAvailable(verdict) { return answer }
        return Array(value.utf8).withUnsafeBufferPointer(verdict)
    }

    /// Letters, digits and `allowed` only, at most `maximumLength` characters; the first
    /// character is free.
    @discardableResult
    static func characters(_ value: String, field: String, allowed: ASCIISet, maximumLength: Int) throws(InvalidField) -> String {
        let alphanumerics = ASCIISet.alphanumerics
        if bytes(of: value, { $0.count <= maximumLength && $0.allSatisfy { alphanumerics.contains($0) || allowed.contains($0) } }) {
            return value
        }
        throw refusal(value, field: field, allowed: allowed, maximumLength: maximumLength, startsAlphanumeric: false)
    }

    /// Free text that never becomes a path or an argument: at most `maximumLength`
    /// characters, no control characters.
    @discardableResult
    static func printable(_ value: String, field: String, maximumLength: Int) throws(InvalidField) -> String {
        if bytes(of: value, { $0.count <= maximumLength && $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }) { return value }
        try length(value, field: field, maximumLength: maximumLength)
        try noControlCharacters(value, field: field)
        return value
    }

    static func noControlCharacters(_ value: String, field: String) throws(InvalidField) {
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw InvalidField(field: field, reason: "it contains control characters: \(quoted(value))")
        }
    }

    private static func length(_ value: String, field: String, maximumLength: Int) throws(InvalidField) {
        guard value.count <= maximumLength else {
            throw InvalidField(field: field, reason: "it is \(value.count) characters long, at most \(maximumLength) are accepted")
        }
    }

    /// Why a value that a fast verdict refused is refused.
    private static func refusal(
        _ value: String, field: String, allowed: ASCIISet, maximumLength: Int, startsAlphanumeric: Bool
    ) -> InvalidField {
        do throws(InvalidField) {
            guard let first = value.first else { return InvalidField(field: field, reason: "it is empty") }
            try length(value, field: field, maximumLength: maximumLength)
            try noControlCharacters(value, field: field)
            if let bad = value.first(where: { !(ASCIISet.alphanumerics.contains($0) || allowed.contains($0)) }) {
                return InvalidField(field: field, reason: "character \(quoted(String(bad))) is not allowed in \(quoted(value))")
            }
            if startsAlphanumeric, !ASCIISet.alphanumerics.contains(first) {
                return InvalidField(field: field, reason: "it must start with a letter or digit, found \(quoted(value))")
            }
            if value.contains("..") { return InvalidField(field: field, reason: "it contains '..': \(quoted(value))") }
            return InvalidField(field: field, reason: "\(quoted(value)) is not accepted")
        } catch {
            return error
        }
    }
}
