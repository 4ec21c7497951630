/// A set of ASCII bytes, tested with one shift and mask: the character classes of
/// ``TaskRules``, which the backend applies to every `pending-jobs` record each cycle
/// (100,000 records must take milliseconds, where `Character` comparisons take
/// microseconds a field).
struct ASCIISet: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// ASCII letters and digits.
    static let alphanumerics = ASCIISet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// The set of the ASCII characters of `characters`; anything else is left out.
    init(_ characters: String) {
        for byte in characters.utf8 where byte < 0x80 {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }
    }

    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte - 64)) != 0
    }

    func contains(_ character: Character) -> Bool {
        guard let byte = character.asciiValue else { return false }
        return contains(byte)
    }

    func union(_ other: ASCIISet) -> ASCIISet {
        ASCIISet(low: low | other.low, high: high | other.high)
    }
}
