/// A fast path for `TaskFieldRules` over ASCII bytes, because the scheduler validates
/// every pending record each cycle (100,000 of them must take milliseconds, and the
/// `Character`-based rules take microseconds per field).
///
/// Each check only ever accepts what the matching rule accepts; anything else goes to the
/// rule itself, so the verdict and the message stay the rule's.
extension TaskFieldRules {
    static func fastPrintable(_ value: String, field: String, maximumLength: Int = maximumNameLength) throws -> String {
        if value.utf8.count <= maximumLength, value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return value }
        return try printable(value, field: field, maximumLength: maximumLength)
    }

    static func fastPathComponent(
        _ value: String, field: String, extra allowed: Set<Character> = [], allowLeadingAt: Bool = false
    ) throws -> String {
        if isPlainComponent(value.utf8, extra: allowed, allowLeadingAt: allowLeadingAt) { return value }
        return try pathComponent(value, field: field, extra: allowed, allowLeadingAt: allowLeadingAt)
    }

    static func fastChroot(_ value: String) throws -> String {
        if isPlainComponent(value.utf8, extra: [], allowLeadingAt: false),
            value.utf8.lazy.filter({ $0 == UInt8(ascii: "-") }).count >= 2
        {
            return value
        }
        return try chroot(value)
    }

    /// ASCII letters, digits, `-_.` and `extra`; starts with a letter or digit (after an
    /// optional `@`); no `..`; at most `maximumNameLength` bytes.
    private static func isPlainComponent(_ bytes: String.UTF8View, extra: Set<Character>, allowLeadingAt: Bool) -> Bool {
        guard bytes.count <= maximumNameLength else { return false }
        var body = bytes[...]
        if allowLeadingAt, body.first == UInt8(ascii: "@") { body = body.dropFirst() }
        guard let first = body.first, isAlphanumeric(first) else { return false }
        var previous: UInt8 = 0
        for byte in body {
            guard byte < 0x80, isAlphanumeric(byte) || "-_.".utf8.contains(byte) || extra.contains(Character(Unicode.Scalar(byte))),
                !(byte == UInt8(ascii: ".") && previous == byte)
            else { return false }
            previous = byte
        }
        return true
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
