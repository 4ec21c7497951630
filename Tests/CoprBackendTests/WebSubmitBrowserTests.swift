import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// Submitting a build through the project page's upload form of `copr-backend run`, as a
/// person does in Chromium: sign in through the form, send the form without a file and
/// read why, pick the SRPM in the file input, land on the new build's page and see it
/// succeed on the local builder. Screenshots go to
/// `.build/screenshots/submit-*.png`.
@Suite("Integration: the web interface's upload form in headless Chromium", .localBuilderTurns)
struct WebSubmitBrowserTests {
    typealias Daemon = EmbeddedDaemonTests

    @Test("sign in, be told a file is missing, upload an SRPM through the project page's form, land on the new build's page and see it succeed; no post without the form's token")
    func uploadThroughTheForm() async throws {
        let directory = try TemporaryDirectory("copr-web-submit")
        defer { directory.remove() }
        let configuration = try Daemon.localConfiguration(in: directory)
        let cli = try await Daemon.CLI.withAccount(configurationPath: configuration.path)
        let account = try String(contentsOfFile: cli.coprConfigPath, encoding: .utf8)
        let srpm = try await Daemon.exampleSRPM(in: directory)

        try await Daemon.withDaemon(configuration) { url in
            _ = try await cli.output(["project", "create", "demo/hello", "--chroot", Daemon.chroot])
            let project = "/coprs/demo/hello/"

            try await HeadlessBrowser.run { browser in
                try await browser.open("\(url)/login?next=\(project)")
                try await browser.type(try WebInterfaceBrowserTests.value("login", in: account), into: "#login")
                try await browser.type(try WebInterfaceBrowserTests.value("token", in: account), into: "#token")
                try await browser.click("main form button[type=submit]")
                try await browser.waitUntil("location.pathname === '\(project)' && !!document.querySelector('form.submit-form')")
                #expect(try await browser.evaluate("document.querySelector('#chroot-0').checked") == .bool(true))

                // Another site's post, without the session's token, is refused and builds nothing.
                let forged = try await browser.evaluate("""
                    fetch(document.querySelector('form.submit-form').action, {method: 'POST', body: new FormData()}).then(r => r.status)
                    """)
                #expect(forged == .int(403))

                try await browser.setViewport(.phone)
                try await browser.open("\(url)\(project)#new-build")
                #expect(try await browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth") == .bool(true))
                _ = try await browser.screenshot(named: "submit-form-phone")
                try await browser.setViewport(.desktop)

                // Without a file (Chromium sends the empty file input), the page again says what is missing.
                try await browser.click("form.submit-form button[type=submit]")
                try await browser.waitUntil("location.pathname.endsWith('/new_build/') && !!document.querySelector('.problem')")
                #expect(try await browser.evaluate("document.querySelector('.problem').textContent")
                    == .string("Choose an SRPM or spec file to upload, or give the URL of one."))
                // The problem has the focus, so it is on the screen, below the project's description.
                try await browser.waitUntil("document.activeElement?.id === 'new-build-problem'")
                #expect(try await browser.evaluate("window.scrollY > 0") == .bool(true))
                _ = try await browser.screenshot(named: "submit-form-problem")

                try await browser.chooseFiles([srpm], in: "#new-build-file")
                #expect(try await browser.evaluate("document.querySelector('#new-build-file').files[0].name") == .string("hello-copr-1.0-1.src.rpm"))
                _ = try await browser.screenshot(named: "submit-form")
                try await browser.click("form.submit-form button[type=submit]")
                try await browser.waitUntil("/\\/build\\/\\d+\\/$/.test(location.pathname) && !!document.querySelector('.notice')")
                #expect(try await browser.evaluate("document.querySelector('.notice').textContent") == .string("The build was submitted."))
                #expect(try await browser.evaluate("document.body.innerText.includes('uploaded file hello-copr-1.0-1.src.rpm')") == .bool(true))
                let page = try #require(try await browser.evaluate("location.href").stringValue)

                try await waitUntil("the uploaded build to succeed on its page", timeout: .seconds(300), every: .seconds(1)) {
                    try await browser.open(page)
                    let state = try await browser.evaluate("document.querySelector('dd .state').textContent").stringValue
                    if state == "failed" || state == "canceled" { throw TestSupportError.unexpected("the build \(page) ended \(state ?? "")") }
                    return state == "succeeded"
                }
                #expect(try await browser.evaluate("document.body.innerText.includes('hello-copr-1.0-1.fc41.x86_64.rpm')") == .bool(true))
                _ = try await browser.screenshot(named: "submit-build-succeeded", fullPage: true)
            }
            let builds = try JSONValue.decode(Data(try await cli.output(["build", "list", "demo/hello", "--json"]).utf8)).arrayValue ?? []
            #expect(builds.count == 1)
            #expect(builds.first?["state"] == "succeeded" && builds.first?["submitter"] == "demo", "\(builds)")
        }
    }
}
