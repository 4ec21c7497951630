import CoprCore
@testable import CoprRPMBuild
import CoprTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// The agent's private network for builds with `enable_net`, made for real: its routes,
/// the build's lack of privilege over them, nothing left running after it, and the
/// builder's configuration deciding whether a network that cannot be made is fatal.
@Suite("Integration: a build's private network", .timeLimit(.minutes(2)))
struct PrivateBuildNetworkTests {
    static func context(require: Bool, forbidden: [IPNetwork] = AddressPolicy.defaultForbiddenNetworks) -> BuildContext {
        var config = BuilderConfig()
        config.privateBuildNetwork = true
        config.requireNetworkIsolation = require
        config.forbiddenNetworks = forbidden
        config.timings.timeoutSignalStep = .seconds(1)
        return BuildContext(config: config, logger: Logger(label: "private-network-test"))
    }

    @Test("this machine's addresses are unreachable routes the build cannot remove, and slirp4netns ends with the build")
    func routesAndCleanup() async throws {
        let work = "/tmp/copr-private-network-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        // Other tests add and remove addresses meanwhile: those there throughout must be routed.
        let before = Set(try InterfaceAddresses.current().map(\.unmapped))
        let network = PrivateBuildNetwork(context: Self.context(require: true))
        let output = try await network.run(workDirectory: work, lifetime: .seconds(100)) { prefix in
            #expect(!prefix.isEmpty)
            let probe = "ip -4 route; cat /etc/resolv.conf; ip route add unreachable 203.0.113.9/32 2>/dev/null && echo ROUTE-ADDED || echo ROUTE-REFUSED"
            return try await ProcessRunner().capture(prefix[0], Array(prefix.dropFirst()) + ["/bin/sh", "-c", probe],
                                                     timeout: .seconds(20)).standardOutput
        }
        #expect(output.contains("default via 10.0.2.2 dev tap0"), "\(output)")
        #expect(output.contains("unreachable 169.254.0.0/16"), "\(output)")
        let throughout = before.intersection(try InterfaceAddresses.current().map(\.unmapped))
        for address in throughout where address.isIPv4 && !address.description.hasPrefix("127.") {
            #expect(output.contains("unreachable \(address) "), "\(address) is reachable: \(output)")
        }
        #expect(output.contains("ROUTE-REFUSED"), "\(output)")
        #expect(output.contains("nameserver 10.0.2.3\n"), "the build asks slirp4netns's DNS forwarder: \(output)")
        let holder = try #require(Int32(try String(contentsOfFile: work + "/private-network.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(holder, 0) == -1 && errno == ESRCH, "the namespace's holder still runs")
        let slirps = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { entry in
            let commandLine = (try? String(contentsOfFile: "/proc/\(entry)/cmdline", encoding: .utf8)) ?? ""
            return commandLine.hasPrefix("slirp4netns\0") && commandLine.contains("\0\(holder)\0")
        }
        #expect(slirps.isEmpty, "slirp4netns still runs: \(slirps)")
    }

    @Test("a network that cannot be made fails the build when isolation is required, and is only logged otherwise")
    func failureIsFatalWhenRequired() async throws {
        let everywhere = PrivateNetworkPlan.candidateNetworks
        let ran = Mutex(false)
        do {
            try await PrivateBuildNetwork(context: Self.context(require: true, forbidden: everywhere))
                .run(workDirectory: "/nonexistent", lifetime: .seconds(10)) { _ in ran.withLock { $0 = true } }
            Issue.record("the build ran without its network")
        } catch let error as CoprRPMBuildError {
            #expect("\(error)".contains("enable_net"), "\(error)")
            #expect("\(error)".contains("collides"), "\(error)")
        }
        #expect(!ran.withLock { $0 })
        let log = LogRecorder()
        let lenient = Self.context(require: false, forbidden: everywhere)
        let prefix = try await PrivateBuildNetwork(context: BuildContext(config: lenient.config, logger: log.logger()))
            .run(workDirectory: "/nonexistent", lifetime: .seconds(10)) { $0 }
        #expect(prefix.isEmpty)
        #expect(log.records.contains { $0.level == .warning && $0.message.contains("this builder's network") })
    }
}
