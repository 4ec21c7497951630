/// The synchronizer tokens of the web interface's forms: a random value kept in the
/// session and sent with each form; a post whose value is missing or differs is refused.
public enum CSRFToken {
    /// The form field that carries the token.
    public static let field = "csrf_token"

    /// 32 bytes from the system's cryptographically secure generator, as hex digits.
    public static func generate() -> String {
        var random = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &random)
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }

    /// Whether `presented` is the session's token, compared in constant time.
    static func matches(_ presented: String?, _ expected: String) -> Bool {
        guard let presented else { return false }
        return ConstantTime.equal(Array(presented.utf8), Array(expected.utf8))
    }
}
