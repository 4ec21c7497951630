import CoprHTTPServer
import CoprTestSupport
import Foundation
import Testing

/// An upload to the embedded frontend's user API as it arrives on a real connection: a
/// body streamed without a length, and one that never arrives whole because the client
/// closes early, stops sending, or stalls past `[frontend] body_timeout`.
@Suite("Embedded frontend: upload bodies on a real connection", .timeLimit(.minutes(3)))
struct EmbeddedFrontendUploadStreamTests {
    typealias Server = EmbeddedFrontendTestServer

    @Test("without a Content-Length the upload limit is enforced while the body streams in; exactly the limit is accepted")
    func streamedUpload() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let chunk = Data(count: 16 * 1024)
            let streamed = try await frontend.uploadChunked(
                Array(repeating: chunk, count: Server.maximumUploadSize / chunk.count + 1), query: "filename=big-1.0-1.src.rpm")
            #expect(streamed.status == 413)
            #expect(streamed.json?["error"]?.stringValue?.contains("limit of \(Server.maximumUploadSize) bytes") == true)
            #expect(frontend.uploadedFiles().isEmpty)
            #expect(try await frontend.store.allBuilds().isEmpty)

            #expect(try await frontend.uploadChunked(
                Array(repeating: chunk, count: Server.maximumUploadSize / chunk.count), query: "filename=big-1.0-1.src.rpm").status == 201)
            #expect(frontend.uploadedFiles().count == 1)
        }
    }

    @Test("an upload cut short is the client's fault: 400 while the connection can carry it, nothing left behind, no internal error logged")
    func truncatedUpload() async throws {
        // The body timeout leaves a loaded machine time to see the partial file first (a
        // full test run on two cores took more than 4 s for it).
        let limits = ListenerLimits(
            idleTimeout: .seconds(30), headerTimeout: .seconds(5), bodyTimeout: .seconds(20), maxConnections: 16)
        try await Server.run(limits: limits) { frontend in
            try await frontend.createProject()
            let head = "POST /api/projects/jdoe/hello/builds/upload?filename=hello.spec HTTP/1.1\r\nHost: frontend.test\r\n"
                + "Authorization: \(frontend.authorization)\r\nContent-Length: 1000\r\n\r\n" + String(repeating: "x", count: 100)

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
