import CoprCore
import Testing
@testable import CoprBackend

@Suite("Shell quoting")
struct ShellQuotingTests {
    @Test("safe words stay readable")
    func safeWords() {
        #expect(ShellQuoting.join(["copr-rpmbuild", "--chroot", "fedora-41-x86_64"]) == "copr-rpmbuild --chroot fedora-41-x86_64")
    }

    @Test("a real shell gets back exactly the hostile word", arguments: [
        "$(touch /tmp/pwned)", "a'b", "`id`", "x; rm -rf /", "", "new\nline", "*", "~root", "a\"b\\c",
    ])
    func roundTrip(word: String) async throws {
        let output = try await ProcessRunner().capture(
            "/bin/sh", ["-c", "printf '%s' " + ShellQuoting.quote(word)], timeout: .seconds(10))
        #expect(output.standardOutput == word)
    }
}
