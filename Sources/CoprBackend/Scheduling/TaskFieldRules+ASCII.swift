/// A fast path for `TaskFieldRules` over ASCII bytes, because the scheduler validates
/// every pending record each cycle (100,000 of them must take milliseconds, and the
/// `Character`-based rules take microseconds per field).
///
/// Each check only ever accepts what the matching rule accepts; anything else goes to the
/// rule itself, so the verdict and the message stay the rule's.
extension TaskFieldRules {
    static func fastPrintable(_ value: String, field: String, maximumLength: Int = maximumNameLength) throws -> String {
        let plain = value.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count <= maximumLength && bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        }
        if plain == true { return value }
        return try printable(value, field: field, maximumLength: maximumLength)
    }

    static func fastPathComponent(
        _ value: String, field: String, extra allowed: Set<Character> = [], allowLeadingAt: Bool = false
    ) throws -> String {
        let plain = value.utf8.withContiguousStorageIfAvailable { bytes in
            isPlainComponent(bytes, extra: allowed, allowLeadingAt: allowLeadingAt)
        }
        if plain == true { return value }
        return try pathComponent(value, field: field, extra: allowed, allowLeadingAt: allowLeadingAt)
    }

    static func fastChroot(_ value: String) throws -> String {
        let plain = value.utf8.withContiguousStorageIfAvailable { bytes in
            isPlainComponent(bytes, extra: [], allowLeadingAt: false) && bytes.count(where: { $0 == UInt8(ascii: "-") }) >= 2
        }
        if plain == true { return value }
        return try chroot(value)
    }

    /// ASCII letters, digits, `-_.` and `extra`; starts with a letter or digit (after an
    /// optional `@`); no `..`; at most `maximumNameLength` bytes.
    private static func isPlainComponent(_ bytes: UnsafeBufferPointer<UInt8>, extra: Set<Character>, allowLeadingAt: Bool) -> Bool {
        guard bytes.count <= maximumNameLength else { return false }
        let body = allowLeadingAt && bytes.first == UInt8(ascii: "@") ? bytes.dropFirst() : bytes[...]
        guard let first = body.first, isAlphanumeric(first) else { return false }
        var previous: UInt8 = 0
        for byte in body {
            let allowed = isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".") || (byte < 0x80 && extra.contains(Character(Unicode.Scalar(byte))))
            guard allowed, !(byte == UInt8(ascii: ".") && previous == byte) else { return false }
            previous = byte
        }
        return true
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
