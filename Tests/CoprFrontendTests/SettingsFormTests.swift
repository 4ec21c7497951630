import CoprCore
@testable import CoprFrontend
import Testing

/// The settings form as a pure value: what a post changes of a project, nothing else.
@Suite("Web interface: the settings form's values")
struct SettingsFormTests {
    static let now = 1_700_000_000.0

    static var current: SettingsForm {
        var settings = ProjectSettings()
        settings.description = "Hello"
        settings.homepage = "https://example.org"
        settings.additionalRepos = ["copr://jdoe/base"]
        settings.deleteAfter = ProjectSettings.deadline(days: 10, now: now)
        return SettingsForm(settings: settings, chroots: ["fedora-41-x86_64", "epel-9-aarch64"], now: now)
    }

    @Test("a post of the form as shown changes nothing; the days shown are those left")
    func unchanged() throws {
        let current = Self.current
        #expect(current.deleteAfterDays == "10")
        let body = WebFormBody(
            "csrf_token=t&description=Hello&instructions=&homepage=https%3A%2F%2Fexample.org&contact=&additional_repos=copr%3A%2F%2Fjdoe%2Fbase%0D%0A"
                + "&delete_after_days=10&chroots=epel-9-aarch64&chroots=fedora-41-x86_64")
        #expect(try SettingsForm(posted: body, over: current).changes(from: current) == ProjectChanges())
    }

    @Test("each changed field and only it is a change; line breaks are \\n, unchecked boxes are off, empty days keep the project")
    func changes() throws {
        let body = WebFormBody(
            "description=a%0D%0Ab+c&enable_net=on&delete_after_days=&chroots=fedora-42-x86_64&additional_repos=%0D%0A"
                + "&runtime_dependencies=%0D%0Acopr%3A%2F%2Fjdoe%2Fdeps+%0D%0A")
        let changes = try SettingsForm(posted: body, over: Self.current).changes(from: Self.current)
        #expect(changes == ProjectChanges(
            chroots: ["fedora-42-x86_64"],
            settings: ProjectSettingsChanges(
                description: "a\nb c", additionalRepos: [], runtimeDependencies: ["copr://jdoe/deps"], enableNet: true, deleteAfterDays: -1)))
    }

    @Test("signing changes only where the form offers it: an unchecked box turns it off there, elsewhere signing is kept")
    func signing() throws {
        let unsigned = Self.current
        var signed = Self.current
        signed.signing = true
        let checked = WebFormBody("signing=on&chroots=epel-9-aarch64&chroots=fedora-41-x86_64")
        let unchecked = WebFormBody("chroots=epel-9-aarch64&chroots=fedora-41-x86_64")
        #expect(try SettingsForm(posted: checked, over: unsigned, offersSigning: true).changes(from: unsigned).signingEnabled == true)
        #expect(try SettingsForm(posted: unchecked, over: signed, offersSigning: true).changes(from: signed).signingEnabled == false)
        #expect(try SettingsForm(posted: checked, over: signed, offersSigning: true).changes(from: signed).signingEnabled == nil)
        #expect(try SettingsForm(posted: checked, over: unsigned).changes(from: unsigned).signingEnabled == nil)
        #expect(try SettingsForm(posted: unchecked, over: signed).changes(from: signed).signingEnabled == nil)
    }

    @Test("days that are not a whole number are refused at their field; no chroot checked is a change the rules refuse")
    func refused() throws {
        for days in ["ten", "1e3", "99999999999999999999999", "1; drop"] {
            let form = SettingsForm(posted: WebFormBody("delete_after_days=\(days)"), over: Self.current)
            #expect(throws: InvalidField.self) { try form.changes(from: Self.current) }
            do { _ = try form.changes(from: Self.current) } catch { #expect(error.field == "delete_after_days") }
        }
        let none = try SettingsForm(posted: WebFormBody("description=Hello"), over: Self.current).changes(from: Self.current)
        #expect(none.chroots == [])
        #expect(throws: InvalidField.self) { try none.checked() }
    }

    @Test("a form body keeps repeated names in order and leaves out what is not well encoded")
    func body() {
        let body = WebFormBody("a=1&b=x+y%21&a=2&bad=%E0%A4%A&=empty&flag")
        #expect(body.values("a") == ["1", "2"])
        #expect(body["b"] == "x y!")
        #expect(body["bad"] == nil)
        #expect(body["flag"] == "")
        #expect(body["missing"] == nil)
    }
}
