import AsyncHTTPClient
import CoprCore
import CoprHTTPServer
import CoprTestSupport
import Foundation
import NIOCore
import Testing

/// Both HTTP listeners (the daemon's and the embedded frontend's) against clients that
/// never finish a request, over real sockets: such connections are closed while normal
/// requests keep being answered, and no more than `max_connections` are served at once.
/// Bounds are generous (timings belong in benchmarks); the measured lifetimes are printed.
@Suite("Listeners: idle, header and body timeouts and a connection limit", .timeLimit(.minutes(2)))
struct ListenerLimitsTests {
    /// Short enough for a test, with room for 210 connections. The idle timeout is well
    /// above the others, so a connection closed before it was closed by a read timeout.
    static let short = ListenerLimits(
        idleTimeout: .seconds(8), headerTimeout: .seconds(2), bodyTimeout: .seconds(1), maxConnections: 400)
    /// How long any hostile connection may live before the test fails.
    static let bound = Duration.seconds(20)

    @Test(
        "200 connections that sent one byte, a head trickled a byte a second, silent, stalled and kept-alive connections are closed; normal requests are answered meanwhile",
        arguments: TestedListener.allCases)
    func hostileConnectionsClosed(listener: TestedListener) async throws {
        try await listener.serve(limits: Self.short) { port in
            var oneByte: [RawConnection] = []
            for _ in 0..<200 {
                let connection = try await RawConnection.open(port: port)
                await connection.send("G")
                oneByte.append(connection)
            }
            var silent: [RawConnection] = [], keptAlive: [RawConnection] = []
            for _ in 0..<5 {
                silent.append(try await RawConnection.open(port: port))
                let connection = try await RawConnection.open(port: port)
                await connection.send(listener.keptAliveRequest)
                keptAlive.append(connection)
            }
            let stalledBody = try await RawConnection.open(port: port)
            await stalledBody.send(listener.bodyRequestHead(length: 1000) + String(repeating: "x", count: 10))
            let trickler = try await RawConnection.open(port: port)
            let trickling = Task {
                for byte in listener.normalRequest {
                    guard await trickler.send(String(byte)) else { return }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            defer { trickling.cancel() }

            let hostile = oneByte + silent + keptAlive + [stalledBody, trickler]
            var answered = 0
            let end = ContinuousClock.now + Self.bound
            while hostile.contains(where: { $0.lifetime == nil }) && ContinuousClock.now < end {
                let answer = try await RawConnection.exchange(listener.normalRequest, port: port)
                #expect(answer.hasPrefix("HTTP/1.1 200"), "a normal request was not answered: \(answer)")
                answered += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            for (name, connections) in [
                ("one byte", oneByte), ("trickled head", [trickler]), ("silent", silent), ("stalled body", [stalledBody]),
                ("kept-alive", keptAlive),
            ] {
                let open = connections.filter { $0.lifetime == nil }.count
                #expect(open == 0, "\(listener): \(open) of the \(name) connections still open after \(Self.bound)")
                print("\(listener) listener, \(name) connections (\(connections.count)) closed after \(Self.lifetimes(connections))")
            }
            let readTimedOut = oneByte + silent + [trickler, stalledBody]
            #expect(readTimedOut.allSatisfy { ($0.lifetime ?? .zero) < Self.short.idleTimeout }, "not closed by a read timeout")
            #expect(keptAlive.allSatisfy { $0.received.hasPrefix("HTTP/1.1 200") })
            print("\(listener) listener: \(answered) normal requests answered meanwhile")
            #expect(answered > 0)
        }
    }

    @Test("beyond max_connections a new client waits unanswered, and is answered once a connection goes", arguments: TestedListener.allCases)
    func connectionLimit(listener: TestedListener) async throws {
        let limits = ListenerLimits(
            idleTimeout: .seconds(30), headerTimeout: .seconds(10), bodyTimeout: .seconds(10), maxConnections: 4)
        try await listener.serve(limits: limits) { port in
            var held: [RawConnection] = []
            for _ in 0..<limits.maxConnections {
                let connection = try await RawConnection.open(port: port)
                await connection.send(listener.keptAliveRequest)
                try await waitUntil("an answer on a connection within the limit") { connection.received.hasPrefix("HTTP/1.1 200") }
                held.append(connection)
            }
            let beyond = try await RawConnection.open(port: port)
            await beyond.send(listener.normalRequest)
            try await Task.sleep(for: .seconds(1))
            #expect(beyond.received.isEmpty, "\(listener): a connection beyond the limit was served: \(beyond.received)")

            let freed = ContinuousClock.now
            await held[0].close()
            try await waitUntil("the waiting client's answer", timeout: .seconds(30)) { beyond.lifetime != nil }
            #expect(beyond.received.hasPrefix("HTTP/1.1 200"), "\(beyond.received)")
            print("\(listener) listener: the client beyond the limit was answered \(ContinuousClock.now - freed) after a connection went")
            for connection in held { await connection.close() }
        }
    }

    @Test("an upload that keeps moving and a slow download both outlast every timeout of the embedded frontend")
    func slowButMoving() async throws {
        // Pauses of a tenth of the body timeout, so that a loaded machine cannot make one
        // look like a stall (a loaded CI run once took 28 s for 6 s of pauses of 0.3 s, and
        // another had a 3 s gap); both transfers last longer than every timeout.
        let limits = ListenerLimits(
            idleTimeout: .seconds(8), headerTimeout: .seconds(6), bodyTimeout: .seconds(6), maxConnections: 16)
        try await EmbeddedFrontendTestServer.run(limits: limits) { frontend in
            try await frontend.createProject()
            // 40 bytes, 2 every 0.6 s: 12 s of upload.
            let spec = Array("Name: hello\nVersion: 1.0\nRelease: 1\n#..\n".utf8)
            let upload = try await RawConnection.open(port: frontend.port)
            await upload.send(
                "POST /api/projects/jdoe/hello/builds/upload?filename=hello.spec HTTP/1.1\r\nHost: frontend.test\r\n"
                    + "Authorization: \(frontend.authorization)\r\nContent-Length: \(spec.count)\r\nConnection: close\r\n\r\n")
            for start in stride(from: 0, to: spec.count, by: 2) {
                try await Task.sleep(for: .milliseconds(600))
                #expect(await upload.send(String(decoding: spec[start..<start + 2], as: UTF8.self)), "the upload was cut off")
            }
            try await waitUntil("the upload's answer") { upload.lifetime != nil }
            #expect(upload.received.hasPrefix("HTTP/1.1 201"), "\(upload.received)")
            print("slow upload answered after \(try #require(upload.lifetime))")

            // 48 MiB read at 4 MiB/s: 12 s of download.
            let size = 48 << 20
            let path = try Self.largeUpload(size: size, in: frontend)
            let started = ContinuousClock.now
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "\(frontend.baseURL)\(path)"), timeout: .seconds(60))
            #expect(response.status == .ok)
            var received = 0
            for try await buffer in response.body {
                received += buffer.readableBytes
                try await Task.sleep(until: started + .seconds(Double(received) / Double(4 << 20)))
            }
            #expect(received == size)
            print("slow download of \(size) bytes took \(ContinuousClock.now - started)")
        }
    }

    /// A file of `size` zero bytes in `frontend`'s upload directory, as an upload; its path
    /// under the server.
    private static func largeUpload(size: Int, in frontend: EmbeddedFrontendTestServer) throws -> String {
        let upload = "6f1c33a0-8d55-4d6e-9a59-3f2c0f7e0b21/big-1.0-1.src.rpm", file = "\(frontend.uploadDirectory)/\(upload)"
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(count: size).write(to: URL(fileURLWithPath: file))
        return "/uploads/\(upload)"
    }

    /// The shortest, the median and the longest lifetime of closed connections.
    private static func lifetimes(_ connections: [RawConnection]) -> String {
        let sorted = connections.compactMap(\.lifetime).sorted()
        guard let first = sorted.first, let last = sorted.last else { return "none closed" }
        let format = { (lifetime: Duration) in String(format: "%.2f s", lifetime.seconds) }
        return "\(format(first)) to \(format(last)), median \(format(sorted[sorted.count / 2]))"
    }
}
