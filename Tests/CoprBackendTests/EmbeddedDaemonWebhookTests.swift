import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The webhook URLs of a project as its owner sees them in `copr-backend project show`,
/// posted to with curl as a forge would, against the running daemon. Nothing is built:
/// the posts are a ping, a push of a repository no package comes from, and a wrong secret.
@Suite("Integration: copr-backend run answers webhooks", .localBuilderTurns)
struct EmbeddedDaemonWebhookTests {
    @Test("project show prints the webhook URLs; curl posts a ping and an unmatched push (200, nothing built) and a wrong secret (404)")
    func webhooks() async throws {
        let directory = try TemporaryDirectory("copr-webhooks")
        defer { directory.remove() }
        let configuration = try EmbeddedDaemonTests.localConfiguration(in: directory)
        let cli = try await EmbeddedDaemonTests.CLI.withAccount(configurationPath: configuration.path)
        try await EmbeddedDaemonTests.withDaemon(configuration) { _ in
            _ = try await cli.output(["project", "create", "demo/hooks", "--chroot", EmbeddedDaemonTests.chroot])
            let shown = try await cli.output(["project", "show", "demo/hooks"])
            let line = try #require(shown.split(separator: "\n").first { $0.hasPrefix("  webhook (github): ") }, "\(shown)")
            let url = String(line.dropFirst("  webhook (github): ".count))
            let push = #"{"ref": "refs/heads/main", "after": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "repository": {"clone_url": "https://github.com/octo/elsewhere.git"}, "commits": [{"added": ["x.spec"]}]}"#
            #expect(try await Self.curl(url, event: "ping", body: #"{"zen": "Keep it logically awesome."}"#) == "200 {\"builds\":[]}")
            #expect(try await Self.curl(url, event: "push", body: push) == "200 {\"builds\":[]}")
            let secret = url.split(separator: "/").last ?? ""
            let wrong = url.replacingOccurrences(of: "/\(secret)/", with: "/not-the-secret/")
            #expect(wrong != url)
            #expect(try await Self.curl(wrong, event: "push", body: push).hasPrefix("404 "))
        }
    }

    /// The status and body of curl's POST of `body` to `url` as a GitHub `event`.
    static func curl(_ url: String, event: String, body: String) async throws -> String {
        let output = try await ProcessRunner().capture(
            "/usr/bin/curl",
            ["-sS", "-X", "POST", "-H", "Content-Type: application/json", "-H", "X-GitHub-Event: \(event)", "--data-binary", body,
             "-w", " %{http_code}", url],
            timeout: .seconds(30))
        #expect(output.exit == .exited(0), "\(output.standardError)")
        let parts = output.standardOutput.split(separator: " ")
        return "\(parts.last ?? "") \(parts.dropLast().joined(separator: " "))"
    }
}
