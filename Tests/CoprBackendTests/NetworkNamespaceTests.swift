import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// ``NetworkNamespace`` with the real `ip`: the namespace's only route is to the host's
/// end of its pair, and it is gone afterwards, also when the test body fails.
@Suite("Integration: a network namespace for a client on another machine", .timeLimit(.minutes(3)))
struct NetworkNamespaceTests {
    struct Failure: Error {}

    @Test("inside, the only route leads to the host's end of the pair; afterwards nothing is left, even when the body threw")
    func routesAndRemoval() async throws {
        var made: NetworkNamespace?
        await #expect(throws: Failure.self) {
            try await NetworkNamespace.with { network in
                made = network
                let (tool, arguments) = network.command("ip", ["-4", "-o", "route", "show"])
                let routes = try await TestCommand.output(tool, arguments)
                let prefix = network.hostAddress.split(separator: ".").dropLast().joined(separator: ".")
                #expect(routes.split(separator: "\n").count == 1, "\(routes)")
                #expect(routes.hasPrefix(prefix + "."), "\(routes)")
                #expect(try await Self.hostAddresses().contains(network.hostAddress))
                throw Failure()
            }
        }
        let network = try #require(made)
        #expect(!(try await TestCommand.output("ip", ["netns", "list"])).contains(network.name))
        #expect(!(try await Self.hostAddresses()).contains(network.hostAddress))
    }

    static func hostAddresses() async throws -> String {
        try await TestCommand.output("ip", ["-4", "-o", "addr", "show"])
    }
}
