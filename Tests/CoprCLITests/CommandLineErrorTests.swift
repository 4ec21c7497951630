import ArgumentParser
import CoprCore
import Foundation
import NIOCore
import Testing

@testable import copr_backend

/// The CLI's errors name the real problem: a typo of an option, a directory given as a
/// file, a URL without a scheme, a server that is not the embedded frontend.
@Suite("CLI: error messages")
struct CommandLineErrorTests {
    static func message(_ arguments: [String]) -> String {
        do {
            _ = try CoprBackendCommand.parseAsRoot(arguments)
            return ""
        } catch {
            return CoprBackendCommand.message(for: error)
        }
    }

    @Test("a mistyped option is named as unknown, not hidden behind the missing source")
    func unknownOption() {
        let message = Self.message(["build", "submit", "jdoe/hello", "--srmp", "x"])
        #expect(message.contains("--srmp"), "\(message)")
        #expect(!message.contains("exactly one source"), "\(message)")
    }

    @Test("--after-build-id and --with-build-id together are refused: a build goes into one batch")
    func bothOrders() {
        let message = Self.message(["build", "submit", "jdoe/hello", "--srpm-url", "https://e.org/a.src.rpm", "--after-build-id", "3", "--with-build-id", "4"])
        #expect(message.contains("either --after-build-id or --with-build-id"), "\(message)")
    }

    @Test("--committish, --subdirectory and --spec-path without --git are refused, naming --git")
    func gitOptionsWithoutGit() {
        let message = Self.message(["build", "submit", "jdoe/hello", "--srpm-url", "https://e.org/a.src.rpm", "--spec-path", "a.spec"])
        #expect(message.contains("--committish, --subdirectory and --spec-path belong to --git"), "\(message)")
    }

    @Test("--srpm of a directory or a missing file says which")
    func srpmDirectory() {
        #expect(Self.message(["build", "submit", "jdoe/hello", "--srpm", "/tmp"]).contains("--srpm /tmp is a directory"))
        #expect(Self.message(["build", "submit", "jdoe/hello", "--srpm", "/nonexistent.src.rpm"]).contains("no such file"))
    }

    @Test("a spec whose source is a local file is refused before anything is sent")
    func localSpecSource() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("local-\(UUID().uuidString).spec").path
        try "Name: hello\nVersion: 1\nSource0: hello-1.tar.gz\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let message = Self.message(["build", "submit", "jdoe/hello", "--spec", path])
        #expect(message.contains("'hello-1.tar.gz' is a local file"), "\(message)")
        #expect(message.contains("--srpm"), "\(message)")
    }

    @Test("a frontend URL without a scheme says how to write it")
    func urlWithoutScheme() {
        #expect(throws: UserAPIFailure.self) { try UserAPIClient(baseURL: "localhost:5007") }
        do {
            _ = try UserAPIClient(baseURL: "localhost:5007")
        } catch {
            #expect(error.description.contains("write it with its scheme: http://localhost:5007"), "\(error)")
        }
        #expect((try? UserAPIClient(baseURL: "http://127.0.0.1:5007/"))?.baseURL == "http://127.0.0.1:5007")
    }

    @Test("a 404 without the frontend's error names the daemon's port as the likely mistake; the frontend's own error is passed on")
    func notTheFrontend() {
        let daemon = UserAPIFailure(status: .notFound, body: ByteBuffer(), url: "http://127.0.0.1:5006")
        #expect(daemon.description.contains("answered 404 Not Found with an empty body"), "\(daemon)")
        #expect(daemon.description.contains("daemon's address ([backend] http_listen)"), "\(daemon)")
        let refusal = UserAPIFailure(status: .notFound, body: ByteBuffer(string: #"{"error": "Build 3 does not exist"}"#), url: "x")
        #expect(refusal.description == "404 Not Found: Build 3 does not exist")
        #expect(refusal.isFrontendRefusal && !daemon.isFrontendRefusal)
    }

    @Test("--version names the program")
    func version() {
        #expect(CoprBackendCommand.configuration.version.hasPrefix("copr-backend "))
    }
}
