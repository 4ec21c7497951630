import CoprCore
import Testing

@Suite("Shell quoting")
struct ShellQuotingTests {
    @Test("safe words stay readable")
    func safeWords() {
        #expect(ShellQuoting.join(["copr-rpmbuild", "--chroot", "fedora-41-x86_64"]) == "copr-rpmbuild --chroot fedora-41-x86_64")
        #expect(ShellQuoting.quote("user@host:/var/lib/copr,a=b%c+d") == "user@host:/var/lib/copr,a=b%c+d")
    }

    static let hostileWords = [
        "$(touch /tmp/pwned)", "a'b", "`id`", "x; rm -rf /", "", "new\nline", "*", "~root", "a\"b\\c",
        "'", "''", "$HOME", "${IFS}", "a\tb", "!event", "-rf", "ü ß", "a|b&c>d<e", "#comment", "\\", "\u{7f}",
    ]

    @Test("a real shell gets back exactly the hostile word", arguments: hostileWords)
    func roundTrip(word: String) async throws {
        let output = try await ProcessRunner().capture(
            "/bin/sh", ["-c", "printf '%s' " + ShellQuoting.quote(word)], timeout: .seconds(10))
        #expect(output.standardOutput == word)
    }

    @Test("a joined command line reaches a shell as the same words")
    func joinedWords() async throws {
        let line = "printf '%s\\0' " + ShellQuoting.join(Self.hostileWords)
        let output = try await ProcessRunner().capture("/bin/sh", ["-c", line], timeout: .seconds(10))
        #expect(output.standardOutput.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
            == Self.hostileWords)
    }
}
