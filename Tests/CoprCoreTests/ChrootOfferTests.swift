@testable import CoprCore
import Testing

/// The chroots a deployment offers: the default for its builders' architectures, and the
/// refusal of any other name with the offered names closest to it.
@Suite("Chroot offer")
struct ChrootOfferTests {
    @Test("by default: current Fedora and EPEL releases for each architecture the builders have, noarch left out")
    func defaults() {
        let local = ChrootOffer.defaults(architectures: ["x86_64", "noarch"])
        #expect(local.chroots.contains("fedora-41-x86_64"))
        #expect(local.chroots.contains("epel-9-x86_64"))
        #expect(!local.chroots.contains { $0.hasSuffix("aarch64") || $0.hasSuffix("noarch") })
        let unknown = ChrootOffer.defaults(architectures: [])
        #expect(Set(unknown.chroots.map { $0.split(separator: "-").last! }) == ["x86_64", "aarch64", "ppc64le", "s390x"])
    }

    @Test("a name that is not offered is refused with the closest offered names, nearest first")
    func suggestions() throws {
        let offer = try ChrootOffer(["fedora-41-x86_64", "fedora-42-x86_64", "fedora-41-aarch64", "epel-9-x86_64"])
        #expect(throws: Never.self) { try offer.check(["fedora-42-x86_64", "epel-9-x86_64"]) }
        #expect(offer.suggestions(for: "fedora-14-x86_64") == ["fedora-41-x86_64", "fedora-42-x86_64"])
        #expect(offer.suggestions(for: "fedora-41-x86_65") == ["fedora-41-x86_64", "fedora-42-x86_64"])
        #expect(offer.suggestions(for: "mageia-9-i586").isEmpty)
        let error = #expect(throws: InvalidField.self) { try offer.check(["fedora-41-x86_64", "fedora-41-aarch46"]) }
        #expect(error?.field == "chroots")
        #expect(error?.reason == "'fedora-41-aarch46' is not offered here; did you mean fedora-41-aarch64? (`copr-backend chroots` lists what is)")
    }

    @Test("edit distance counts insertions, deletions and substitutions")
    func distance() {
        #expect(ChrootOffer.distance("kitten", "sitting") == 3)
        #expect(ChrootOffer.distance("", "abc") == 3)
        #expect(ChrootOffer.distance("epel-9", "epel-9") == 0)
    }

    @Test("an offer is at least one well-formed chroot")
    func validated() {
        #expect(throws: InvalidField.self) { try ChrootOffer([]) }
        #expect(throws: InvalidField.self) { try ChrootOffer(["fedora-41-x86-64"]) }
        #expect((try? ChrootOffer(["epel-9-x86_64", "epel-9-x86_64"]))?.chroots == ["epel-9-x86_64"])
    }
}
