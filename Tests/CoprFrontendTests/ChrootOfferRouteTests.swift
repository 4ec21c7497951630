import CoprCore
import CoprFrontend
import Testing

/// A deployment that lists its chroots (`[frontend] chroots`) shows them and refuses any
/// other, in both APIs, naming the offered chroots closest to the one asked for.
@Suite("Embedded frontend: the chroots a deployment offers", .timeLimit(.minutes(3)))
struct ChrootOfferRouteTests {
    typealias Server = UserAPITestApp
    static let offer = try! ChrootOffer(["fedora-41-x86_64", "fedora-42-x86_64", "epel-9-aarch64", "epel-9-x86_64"])

    @Test("the catalogue and API v3's mock-chroots/list show the offered chroots")
    func listed() async throws {
        try await Server.run(chrootOffer: Self.offer) { frontend in
            let catalog = try await frontend.api("GET", "chroots")
            #expect(catalog.json?["offered"] == ["epel-9-aarch64", "epel-9-x86_64", "fedora-41-x86_64", "fedora-42-x86_64"])
            let mockChroots = try await frontend.get("/api_3/mock-chroots/list")
            #expect(mockChroots.json == ["fedora-41-x86_64": "", "fedora-42-x86_64": "", "epel-9-aarch64": "", "epel-9-x86_64": ""])
        }
    }

    @Test("creating or editing a project, or submitting a build, with a chroot not offered is a 400 naming the close ones")
    func refused() async throws {
        try await Server.run(chrootOffer: Self.offer) { frontend in
            let created = try await frontend.api("POST", "projects", json: ["owner": "jdoe", "name": "typo", "chroots": ["fedora-14-x86_64"]])
            #expect(created.status == 400)
            #expect(created.json?["error"]?.stringValue?.contains("'fedora-14-x86_64' is not offered here; did you mean fedora-41-x86_64") == true,
                    "\(created.text)")
            let v3 = try await frontend.v3("POST", "project/add/jdoe", json: ["name": "typo", "chroots": ["epel-8-x86_64"]])
            #expect(v3.status == 400)
            #expect(v3.json?["error"]?.stringValue?.contains("did you mean epel-9-x86_64") == true, "\(v3.text)")
            #expect(try await frontend.store.projects().isEmpty)

            try await frontend.createProject(chroots: ["fedora-41-x86_64"])
            let edited = try await frontend.api("PATCH", "projects/jdoe/hello", json: ["chroots": ["fedora-41-x86_64", "fedora-43-x86_64"]])
            #expect(edited.status == 400)
            #expect(edited.json?["error"]?.stringValue?.contains("did you mean fedora-41-x86_64, fedora-42-x86_64") == true, "\(edited.text)")
            #expect(try await frontend.store.project(owner: "jdoe", name: "hello").chroots == ["fedora-41-x86_64"])

            let build = try await frontend.api("POST", "projects/jdoe/hello/builds", json: [
                "source": Server.srpmURL, "chroots": ["mageia-9-x86_64"],
            ])
            #expect(build.status == 400)
            #expect(build.json?["error"]?.stringValue?.contains("'mageia-9-x86_64' is not offered here") == true, "\(build.text)")
        }
    }
}
