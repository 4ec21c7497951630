import CoprCore
@testable import CoprRPMBuild
import Testing

/// What a build with `enable_net` on a local builder gets: a network whose only way out is
/// slirp4netns, with every address of this machine and every forbidden network unreachable.
@Suite("Private build network plan")
struct PrivateNetworkPlanTests {
    static let machine = ["127.0.0.1", "::1", "192.0.2.2", "fd00::2", "fe80::fc:ff:fe00:1"].map { IPAddress($0)! }

    static func plan(forbidden: [IPNetwork] = AddressPolicy.defaultForbiddenNetworks,
                     machine: [IPAddress] = machine) throws -> PrivateNetworkPlan {
        try PrivateNetworkPlan(forbiddenNetworks: forbidden, machineAddresses: machine, uid: 995, gid: 994)
    }

    @Test("this machine's IPv4 addresses and the forbidden networks become unreachable routes; loopback and IPv6 need none")
    func routes() throws {
        let plan = try Self.plan()
        #expect(plan.unreachable.map(\.description) == ["0.0.0.0/8", "169.254.0.0/16", "192.0.2.2/32"])
        #expect(plan.network.description == "10.0.2.0/24")
        let setup = plan.setup(pid: 4242)
        let enter = ["nsenter", "--preserve-credentials", "--target", "4242", "--user", "--net", "--mount", "--"]
        #expect(setup.first == enter + ["ip", "link", "set", "lo", "up"])
        #expect(setup.contains(enter + ["ip", "route", "replace", "unreachable", "192.0.2.2/32"]))
        #expect(setup.count == 4)
    }

    @Test("slirp4netns never leads to this machine's loopback, and the build keeps its uid without privilege over the routes")
    func commands() throws {
        let plan = try Self.plan()
        #expect(plan.slirp(pid: 4242) == ["slirp4netns", "--configure", "--mtu=65520", "--disable-host-loopback",
                                          "--cidr=10.0.2.0/24", "4242", "tap0"])
        #expect(plan.prefix(pid: 4242).suffix(5) == ["unshare", "--user", "--map-user=995", "--map-group=994", "--"])
        let holder = plan.holder(pidFile: "/w/p", resolverFile: "/w/r")
        #expect(holder.prefix(6) == ["unshare", "--user", "--map-root-user", "--net", "--mount", "--"])
        #expect(holder.suffix(2) == ["/w/p", "/w/r"])
        #expect(plan.resolverConfiguration == "nameserver 10.0.2.3\n")
    }

    @Test("the namespace is ready once the build's address is on its interface")
    func readiness() throws {
        let plan = try Self.plan()
        #expect(!plan.isReady("1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"))
        #expect(plan.isReady("2: tap0    inet 10.0.2.100/24 brd 10.0.2.255 scope global tap0\\       valid_lft forever\n"))
    }

    @Test("an address already inside a forbidden network adds no route of its own; mapped addresses count as IPv4")
    func deduplicates() throws {
        let plan = try Self.plan(machine: ["169.254.7.7", "::ffff:198.51.100.9", "127.0.1.1"].map { IPAddress($0)! })
        #expect(plan.unreachable.map(\.description) == ["0.0.0.0/8", "169.254.0.0/16", "198.51.100.9/32"])
    }

    @Test("a machine inside slirp4netns's default network, or a forbidden network over its gateway, moves the namespace elsewhere")
    func avoidsCollisions() throws {
        let vm = try Self.plan(machine: [IPAddress("10.0.2.15")!])
        #expect(vm.network.description == "10.213.0.0/24")
        #expect(vm.guestAddress.description == "10.213.0.100")
        #expect(vm.unreachable.contains(IPNetwork("10.0.2.15/32")!))
        let narrow = try Self.plan(forbidden: [IPNetwork("10.0.2.0/24")!])
        #expect(narrow.network.description == "10.213.0.0/24")
        // A wider forbidden network stays behind the namespace's own, more specific, route.
        let wide = try Self.plan(forbidden: [IPNetwork("10.0.0.0/8")!])
        #expect(wide.network.description == "10.0.2.0/24")
        #expect(wide.unreachable == [IPNetwork("10.0.0.0/8")!, IPNetwork("192.0.2.2/32")!])
    }

    @Test("when every candidate network collides, there is no plan and the reason names the addresses")
    func noNetworkLeft() {
        let machine = PrivateNetworkPlan.candidateNetworks.map { IPAddress(bytes: $0.base.bytes.dropLast() + [1])! }
        let error = #expect(throws: PrivateNetworkPlan.NoNetworkLeft.self) { try Self.plan(machine: machine) }
        #expect(error?.description.contains("10.0.2.1") == true)
    }
}
