import ArgumentParser
import CoprCore

/// `copr-backend chroots`: what a project of this deployment may build for.
struct ChrootsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chroots",
        abstract: "List the chroots the embedded frontend offers, and those projects use.")

    @OptionGroup var frontend: FrontendOptionGroup

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        let client = try frontend.client()
        let catalog = try await reportingFailure { try await client.get("/api/chroots") }
        guard !json else {
            try catalog.printAsJSON()
            return
        }
        let names = { (key: String) in (catalog[key]?.arrayValue ?? []).compactMap(\.stringValue) }
        let offered = names("offered")
        if !offered.isEmpty {
            print("Offered chroots:")
            for chroot in offered { print("  \(chroot)") }
        }
        print("Chroots are named \(catalog["form"]?.stringValue ?? "<distribution>-<version>-<architecture>"), e.g. fedora-41-x86_64")
        print("Architectures: \(names("architectures").joined(separator: ", "))")
        let inUse = names("in_use")
        print(inUse.isEmpty ? "No project uses a chroot yet" : "Used by projects now:")
        for chroot in inUse { print("  \(chroot)") }
    }
}
