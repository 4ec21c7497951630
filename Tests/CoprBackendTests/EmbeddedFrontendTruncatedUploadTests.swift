import CoprHTTPServer
import CoprTestSupport
import Foundation
import Testing

/// An upload to the embedded frontend's user API whose body never arrives whole: the
/// client closes early, stops sending, or stalls past `[frontend] body_timeout`.
@Suite("Embedded frontend: uploads cut short", .timeLimit(.minutes(1)))
struct EmbeddedFrontendTruncatedUploadTests {
    typealias Server = UserAPITestServer

    @Test("an upload cut short is the client's fault: 400 while the connection can carry it, nothing left behind, no internal error logged")
    func truncatedUpload() async throws {
        // The body timeout leaves a loaded machine time to see the partial file first.
        let limits = ListenerLimits(
            idleTimeout: .seconds(10), headerTimeout: .seconds(5), bodyTimeout: .seconds(4), maxConnections: 16)
        try await Server.run(limits: limits) { frontend in
            try await frontend.createProject()
            let head = "POST /api/projects/jdoe/hello/builds/upload?filename=hello.spec HTTP/1.1\r\nHost: frontend.test\r\n"
                + "Content-Length: 1000\r\n\r\n" + String(repeating: "x", count: 100)

            // The client stops sending but still listens.
            let stopped = try await RawConnection.open(port: frontend.port)
            await stopped.send(head)
            try await waitUntil("the partial upload on disk") { frontend.uploadedFiles().count == 1 }
            await stopped.finishSending()
            try await waitUntil("the answer") { stopped.lifetime != nil }
            #expect(stopped.received.hasPrefix("HTTP/1.1 400"), "\(stopped.received)")
            #expect(stopped.received.contains("The upload broke off after 100 bytes"), "\(stopped.received)")
            #expect(frontend.uploadedFiles().isEmpty)

            // The client goes away, and one that stalls is closed after the body timeout.
            let gone = try await RawConnection.open(port: frontend.port)
            await gone.send(head)
            try await waitUntil("the partial upload on disk") { frontend.uploadedFiles().count == 1 }
            await gone.close()
            try await waitUntil("the partial upload removed") { frontend.uploadedFiles().isEmpty }
            let stalled = try await RawConnection.open(port: frontend.port)
            await stalled.send(head)
            try await waitUntil("the stalled upload closed") { stalled.lifetime != nil }
            try await waitUntil("the partial upload removed") { frontend.uploadedFiles().isEmpty }

            #expect(try await frontend.store.allBuilds().isEmpty)
            let errors = frontend.log.records.filter { $0.level >= .error }
            #expect(errors.isEmpty, "\(errors.map(\.message))")
        }
    }
}
