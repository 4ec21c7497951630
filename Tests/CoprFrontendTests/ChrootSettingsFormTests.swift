import CoprCore
@testable import CoprFrontend
import Testing

/// The chroot settings form as a pure value: what a post changes of a chroot's settings,
/// nothing else.
@Suite("Web interface: the chroot settings form's values")
struct ChrootSettingsFormTests {
    static var current: ChrootSettingsForm {
        var settings = ChrootSettings()
        settings.buildrootPackages = ["gcc", "make"]
        settings.additionalRepos = ["copr://jdoe/base"]
        settings.withOpts = ["tests"]
        settings.bootstrap = "custom_image"
        settings.bootstrapImage = "registry.example.org/fedora:41"
        return ChrootSettingsForm(settings)
    }

    @Test("a post of the form as shown changes nothing, however the words are spaced")
    func unchanged() throws {
        let body = WebFormBody(
            "csrf_token=t&additional_packages=gcc%0D%0A++make+&additional_repos=copr%3A%2F%2Fjdoe%2Fbase%0D%0A&with_opts=tests"
                + "&without_opts=&isolation=unchanged&bootstrap=custom_image&bootstrap_image=registry.example.org%2Ffedora%3A41")
        #expect(try ChrootSettingsForm(posted: body, over: Self.current).changes(from: Self.current) == ChrootSettingsChanges())
        #expect(try ChrootSettingsForm(posted: WebFormBody(""), over: Self.current).changes(from: Self.current) == ChrootSettingsChanges(),
                "a field not posted is kept")
    }

    @Test("each changed field and only it is a change; an emptied list is empty; another bootstrap leaves the image out")
    func changes() throws {
        let body = WebFormBody("additional_packages=&with_opts=tests+ssl&isolation=nspawn&bootstrap=on&bootstrap_image=other%3A1")
        #expect(try ChrootSettingsForm(posted: body, over: Self.current).changes(from: Self.current)
            == ChrootSettingsChanges(buildrootPackages: [], withOpts: ["tests", "ssl"], isolation: "nspawn", bootstrap: "on"))
        let image = WebFormBody("bootstrap_image=+other%3A1+")
        #expect(try ChrootSettingsForm(posted: image, over: Self.current).changes(from: Self.current)
            == ChrootSettingsChanges(bootstrapImage: "other:1"))
    }

    @Test("the custom_image bootstrap without an image is refused at the image's field")
    func customImageNeedsImage() throws {
        let form = ChrootSettingsForm(posted: WebFormBody("bootstrap_image=+"), over: Self.current)
        #expect(throws: InvalidField(
            field: "bootstrap_image",
            reason: "the custom_image bootstrap needs the container image to start from, e.g. registry.fedoraproject.org/fedora:41")
        ) { try form.changes(from: Self.current) }
    }
}
