import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The web interface of `copr-backend run` with its local builder, as a person uses it in
/// Chromium: a real build's page, a slow build's live log growing without a reload,
/// signing in with the API token the operator made, cancelling through the build page's
/// form, signing out; a post without the form's token is refused; the status page
/// updates itself. Screenshots go to
/// `.build/screenshots/build-page*.png`.
@Suite("Integration: the web interface in headless Chromium", .localBuilderTurns)
struct WebInterfaceBrowserTests {
    typealias Daemon = EmbeddedDaemonTests

    /// The `key = value` line `key` of a copr-cli configuration file.
    static func value(_ key: String, in file: String) throws -> String {
        let line = try #require(file.split(separator: "\n").first { $0.hasPrefix("\(key) =") || $0.hasPrefix("\(key)=") })
        return line.split(separator: "=", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
    }

    @Test("a real build's page, a live log growing, the status page updating itself, sign-in with the API token, Cancel through the form, sign-out; no post without the form's token")
    func buildPageInChromium() async throws {
        let directory = try TemporaryDirectory("copr-web-browser")
        defer { directory.remove() }
        let configuration = try Daemon.localConfiguration(in: directory)
        let cli = try await Daemon.CLI.withAccount(configurationPath: configuration.path)
        let account = try String(contentsOfFile: cli.coprConfigPath, encoding: .utf8)
        let spec = directory.appending("slow.spec")
        let seconds = "317.\(Int.random(in: 1000...9999))"
        // 15 s of the log before the long sleep's line: a loaded run opened the page too late with none.
        try Daemon.slowSpec(seconds: seconds, pause: 15).write(toFile: spec, atomically: true, encoding: .utf8)
        let srpm = try await Daemon.exampleSRPM(in: directory)

        try await Daemon.withDaemon(configuration) { url in
            _ = try await cli.output(["project", "create", "demo/hello", "--chroot", Daemon.chroot])
            let built = try #require(Int(try await cli.output(["build", "submit", "demo/hello", "--srpm", srpm, "--quiet"])
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            let log = try await cli.run(["logs", "-f", String(built), Daemon.chroot], timeout: .seconds(120))
            #expect(log.exit == .exited(0), "\(log.standardError)")
            let slow = try #require(Int(try await cli.output(["build", "submit", "demo/hello", "--spec", spec, "--quiet"])
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            let slowPage = "\(url)/coprs/demo/hello/build/\(slow)/"

            try await HeadlessBrowser.run { browser in
                try await browser.open("\(url)/coprs/demo/hello/build/\(built)/")
                #expect(try await browser.evaluate("document.querySelector('h1').textContent") == .string("Build \(built) of demo/hello"))
                #expect(try await browser.evaluate("document.body.innerText.includes('hello-copr-1.0-1.fc41.x86_64.rpm')") == .bool(true))
                _ = try await browser.screenshot(named: "build-page")
                try await browser.setViewport(.phone)
                #expect(try await browser.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth") == .bool(true))
                _ = try await browser.screenshot(named: "build-page-phone", fullPage: true)
                try await browser.setViewport(.desktop)

                // The RPM build's log on the page before it reaches the sleep, then the
                // sleep's line arriving without a reload.
                let live = "document.querySelector('section[aria-label=\"Live log of \(Daemon.chroot)\"] .live-log')"
                try await waitUntil("the slow build's RPM log to show on its page", timeout: .seconds(120), every: .milliseconds(300)) {
                    try await browser.open(slowPage)
                    return try await browser.evaluate("!!\(live)") == .bool(true)
                }
                let before = try await browser.evaluate("\(live).textContent.length").intValue ?? 0
                #expect(try await browser.evaluate("\(live).textContent.includes('sleep \(seconds)')") == .bool(false),
                    "the page opened before the sleep")
                try await browser.waitUntil("\(live).textContent.includes('sleep \(seconds)')", timeout: .seconds(90))
                #expect((try await browser.evaluate("\(live).textContent.length").intValue ?? 0) > before)
                _ = try await browser.screenshot(named: "build-page-live")

                // The status page shows the slow build running and updates itself without a
                // reload: its running time moves on while the page's own state stays.
                try await browser.open("\(url)/status/")
                #expect(try await browser.evaluate("document.querySelector('#running + .table-wrap')?.textContent.includes('\(slow)-') ?? false") == .bool(true))
                #expect(try await browser.evaluate("document.querySelector('#auto-refresh').checked && !document.querySelector('#auto-refresh').closest('p').hidden") == .bool(true))
                _ = try await browser.evaluate("window.openedOnce = true; window.firstStatus = document.querySelector('[data-refresh]').textContent; true")
                try await browser.waitUntil(
                    "window.openedOnce === true && document.querySelector('[data-refresh]').textContent !== window.firstStatus", timeout: .seconds(40))
                #expect(try await browser.evaluate("document.querySelector('#running + .table-wrap')?.textContent.includes('\(slow)-') ?? false") == .bool(true))
                _ = try await browser.screenshot(named: "status-page")
                try await browser.open(slowPage)

                // Signing in from the header comes back to the page, which then has its forms.
                try await browser.click("header .viewer a")
                try await browser.waitUntil("location.pathname === '/login'")
                try await browser.type(try Self.value("login", in: account), into: "#login")
                try await browser.type(try Self.value("token", in: account), into: "#token")
                try await browser.click("main form button[type=submit]")
                try await browser.waitUntil("location.pathname.endsWith('/build/\(slow)/') && !!document.querySelector('header form')")
                #expect(try await browser.evaluate("document.querySelector('header .viewer span').textContent") == .string("demo ·"))

                // A post without the session's token (as another site's page would send) changes nothing.
                let forged = try await browser.evaluate("""
                    fetch(location.pathname + 'cancel', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'csrf_token=0'}).then(r => r.status)
                    """)
                #expect(forged == .int(403))
                #expect(try await TestHTTP.send("POST", slowPage + "cancel", body: Data(), contentType: "application/x-www-form-urlencoded").status == 403)
                #expect(try await Daemon.slowBuildIsRunning(seconds))

                try await browser.click("form[action$='/cancel'] button")
                try await browser.waitUntil("document.querySelector('.notice')?.textContent === \"The build's cancel was requested.\"")
                try await waitUntil("the canceled build's processes to stop", timeout: .seconds(60), every: .milliseconds(200)) {
                    try await !Daemon.slowBuildIsRunning(seconds)
                }
                _ = try await browser.screenshot(named: "build-page-canceled")

                try await browser.click("header form button")
                try await browser.waitUntil("location.pathname === '/' && document.querySelector('header .viewer a')?.textContent === 'Sign in'")
            }
        }
    }
}
