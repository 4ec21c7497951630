import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Logging
import Testing

/// The obs-sign contract: `/bin/sign`-style commands and the keygen request.
@Suite("obs-sign contract")
struct SigningContractTests {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// A `/bin/sign` stand-in: records its arguments; the first key probe (`-u KEY -p`)
    /// fails with `unknown key:` as for a new project, later ones print the key.
    func writeSignScript(_ directory: TemporaryDirectory) throws -> String {
        let path = directory.appending("sign")
        try """
            #!/bin/sh
            echo "$*" >> \(directory.appending("sign-calls.log"))
            if [ "$3" = "-p" ]; then
                if [ ! -f \(directory.appending("probed")) ]; then
                    touch \(directory.appending("probed"))
                    echo "unknown key: $2" >&2
                    exit 1
                fi
                echo "-----BEGIN PGP PUBLIC KEY BLOCK-----"
            fi
            exit 0
            """.write(toFile: path, atomically: true, encoding: .utf8)
        _ = chmod(path, 0o755)
        return path
    }

    @Test("a missing key is requested from keygen, then every RPM is signed with the chroot's hash")
    func signWithKeygen() async throws {
        try await withTemporaryDirectory { tmp in
            let keygen = try await KeygenStub.start()
            defer { Task { await keygen.shutdown() } }
            let signer = ObsSigner(
                signCommand: try writeSignScript(tmp), keygenHost: keygen.hostAndPort, gentlySHA256: true,
                retryPause: .milliseconds(10),
                keygenRetryPolicy: FrontendRetryPolicy(maxAttempts: 3, step: .milliseconds(10), requestTimeout: .seconds(5)),
                logger: logger)
            let identity = SigningIdentity(owner: "@copr", project: "tools", domain: "example.org")
            try await signer.sign(rpms: ["/r/a.rpm", "/r/b.src.rpm"], keyIdentity: identity, chroot: "epel-9-x86_64")
            let request = try #require(keygen.requests.first)
            #expect(request.method == "POST")
            #expect(request.json == ["name_real": "@copr_tools", "name_email": "@copr#tools@copr.example.org"])
            let calls = try String(contentsOfFile: tmp.appending("sign-calls.log"), encoding: .utf8)
            #expect(calls.contains("-4 -h sha256 -u @copr#tools@copr.example.org -r /r/a.rpm"))
            #expect(calls.contains("-4 -h sha256 -u @copr#tools@copr.example.org -r /r/b.src.rpm"))
        }
    }

    @Test("a keygen refusal fails signing with a clear error")
    func keygenRefuses() async throws {
        try await withTemporaryDirectory { tmp in
            let keygen = try await KeygenStub.start()
            defer { Task { await keygen.shutdown() } }
            keygen.setStatus(400)
            let signer = ObsSigner(
                signCommand: try writeSignScript(tmp), keygenHost: keygen.hostAndPort, gentlySHA256: true,
                retryPause: .milliseconds(10),
                keygenRetryPolicy: FrontendRetryPolicy(maxAttempts: 3, step: .milliseconds(10), requestTimeout: .seconds(5)),
                logger: logger)
            let error = await #expect(throws: PublishingError.self) {
                try await signer.sign(rpms: ["/r/a.rpm"], keyIdentity: .init(owner: "u", project: "p", domain: "d"), chroot: "fedora-41-x86_64")
            }
            #expect("\(error.map { "\($0)" } ?? "")".contains("HTTP 400"))
            #expect(keygen.requests.count == 1)
        }
    }
}
