import Foundation
import Testing
@testable import CoprBackend

@Suite("resalloc protocol")
struct ResallocOutputTests {
    @Test("plain and YAML ticket output give the host")
    func ticketOutput() throws {
        let plain = try ResallocHostProvider.host(fromOutput: "10.0.0.7\n", ticket: 5, tags: ["copr_builder"])
        #expect(plain.hostname == "10.0.0.7")
        #expect(plain.port == nil)
        #expect(plain.info == "ResallocHost, ticket_id=5, hostname=10.0.0.7, requested_tags=[\"copr_builder\"]")
        let yaml = try ResallocHostProvider.host(
            fromOutput: "---\nhost: 2001:db8::1\nname: aws_x86_64_1\nssh_port: 2222\n", ticket: 6, tags: [])
        #expect(yaml.hostname == "2001:db8::1")
        #expect(yaml.name == "aws_x86_64_1")
        #expect(yaml.port == 2222)
    }

    @Test("output that is not a safe host name ends the ticket", arguments: [
        "-oProxyCommand=touch /tmp/x", "host; reboot", "---\nname: x\n", "---\nhost: h\nname: n\nssh_port: 99999\n", "",
    ])
    func badOutput(output: String) {
        #expect(throws: AllocationTerminated.self) {
            try ResallocHostProvider.host(fromOutput: output, ticket: 1, tags: [])
        }
    }

    @Test("XML-RPC calls and responses round-trip, base64 output included")
    func codec() throws {
        let call = XMLRPC.methodCall("takeTicket", [.array([.string("copr_builder"), .string("a<b")]), .string("s")])
        let parsed = try XMLRPC.parseCall(Data(call.utf8))
        #expect(parsed.method == "takeTicket")
        #expect(parsed.params == [.array([.string("copr_builder"), .string("a<b")]), .string("s")])
        let response = XMLRPC.response(.structure(["ready": .bool(true), "output": .base64(Data("10.0.0.1\n".utf8))]))
        let value = try XMLRPC.parseResponse(Data(response.utf8))
        #expect(value["ready"]?.boolValue == true)
        #expect(value["output"]?.textValue == "10.0.0.1\n")
        let fault = #expect(throws: XMLRPCFault.self) {
            try XMLRPC.parseResponse(Data(XMLRPC.faultResponse(code: 3, message: "no such ticket").utf8))
        }
        #expect(fault?.message == "no such ticket")
    }
}
