import CoprBackend
import CoprTestSupport
import Foundation
import Testing

/// The resalloc stub answers real XML-RPC requests like resalloc's server.
@Suite struct ResallocStubTests {
    private func call(_ resalloc: ResallocStub, _ body: String) async throws -> XMLRPCValue {
        let response = try await TestHTTP.send("POST", resalloc.url + "/RPC2", body: Data(body.utf8), contentType: "text/xml")
        #expect(response.status == 200)
        return try XMLRPCServerCodec.decodeResponse(response.body)
    }

    @Test func ticketLifeCycleWithBase64Output() async throws {
        let resalloc = try await ResallocStub.start()
        defer { Task { await resalloc.shutdown() } }
        let output = ResallocResource.yamlOutput(host: "127.0.0.5", name: "builder-1", sshPort: 2222)
        resalloc.addResource(ResallocResource(name: "builder-1", tags: ["copr_builder", "arch_x86_64"], output: output))
        resalloc.setReadyAfterCollects(2)

        let take = """
            <?xml version='1.0'?>
            <methodCall><methodName>takeTicket</methodName><params>
            <param><value><array><data><value><string>arch_x86_64</string></value><value><string>copr_builder</string></value></data></array></value></param>
            <param><value><string>jdoe/hello--jdoe</string></value></param>
            </params></methodCall>
            """
        let id = try #require(try await call(resalloc, take).intValue)
        let collect = "<?xml version='1.0'?><methodCall><methodName>collectTicket</methodName><params><param><value><int>\(id)</int></value></param></params></methodCall>"

        let first = try await call(resalloc, collect)
        #expect(first["ready"] == .bool(false))
        let second = try await call(resalloc, collect)
        #expect(second["ready"] == .bool(true) && second["closed"] == .bool(false) && second["failed"] == .bool(false))
        #expect(second["output"] == .base64(Data(output.utf8)))

        // The raw response carries the output as <base64>, like the real server.
        let raw = try await TestHTTP.send("POST", resalloc.url + "/", body: Data(collect.utf8), contentType: "text/xml")
        #expect(raw.text.contains("<base64>\n\(Data(output.utf8).base64EncodedString())\n</base64>"))

        resalloc.failTicket(id)
        #expect(try await call(resalloc, collect)["failed"] == .bool(true))
        #expect(resalloc.openTickets.map(\.id) == [id])

        let close = "<methodCall><methodName>closeTicket</methodName><params><param><value><i4>\(id)</i4></value></param></params></methodCall>"
        #expect(try await call(resalloc, close) == .bool(true))
        #expect(try await call(resalloc, collect)["closed"] == .bool(true))
        #expect(resalloc.openTickets.isEmpty)
        #expect(resalloc.takenTickets.first?.tags == ["arch_x86_64", "copr_builder"])
        #expect(resalloc.takenTickets.first?.sandbox == "jdoe/hello--jdoe")
    }

    @Test func matchingCapacityAndFaults() async throws {
        let resalloc = try await ResallocStub.start()
        defer { Task { await resalloc.shutdown() } }
        resalloc.addResource(ResallocResource(name: "small", tags: ["copr_builder", "arch_noarch"], output: "10.0.0.1"))
        resalloc.addResource(ResallocResource(name: "big", tags: ["copr_builder", "arch_x86_64"], output: "10.0.0.2"))

        func take(_ tag: String) async throws -> Int {
            let body = "<methodCall><methodName>takeTicket</methodName><params><param><value><array><data><value>copr_builder</value><value>\(tag)</value></data></array></value></param></params></methodCall>"
            return try #require(try await call(resalloc, body).intValue)
        }
        func collect(_ id: Int) async throws -> XMLRPCValue {
            try await call(resalloc, "<methodCall><methodName>collectTicket</methodName><params><param><value><int>\(id)</int></value></param></params></methodCall>")
        }
        let a = try await take("arch_x86_64")
        let b = try await take("arch_x86_64")
        #expect(try await collect(a)["output"] == .base64(Data("10.0.0.2".utf8)))
        #expect(try await collect(b)["ready"] == .bool(false), "capacity 1: the second ticket waits")
        resalloc.closeTicket(a)
        #expect(try await collect(a)["closed"] == .bool(true))
        #expect(try await collect(b)["ready"] == .bool(true), "the freed resource goes to the waiting ticket")

        resalloc.handOut("small")
        let c = try await take("arch_x86_64")
        #expect(try await collect(c)["output"] == .base64(Data("10.0.0.1".utf8)))

        let unknown = "<methodCall><methodName>waitTicket</methodName><params><param><value><int>1</int></value></param></params></methodCall>"
        await #expect(throws: XMLRPCServerCodec.Fault.self) { try await call(resalloc, unknown) }
    }
}
