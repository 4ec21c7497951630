import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The accessibility check of the web interface (``HeadlessBrowser/accessibilityProblems(page:)``)
/// in headless Chromium: every page kind of `copr-backend run` with a built, a failed and
/// a running build, read anonymously and by the signed-in owner (with the project's and a
/// chroot's settings forms, plain, refused and saved), each at a laptop's size (names of
/// form controls, `alt`, `lang`, heading levels, WCAG AA contrast, Tab reaching every
/// link, button and field with a visible focus) and on a small phone (no sideways
/// scrolling). First it proves it can fail, on a page made with one of each problem.
/// Screenshots go to `.build/screenshots/a11y-*.png`.
@Suite("Integration: the web interface's accessibility in headless Chromium", .localBuilderTurns)
struct WebAccessibilityTests {
    typealias Daemon = EmbeddedDaemonTests

    /// One problem of each rule, and a control that passes each.
    static let badPage = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bad</title><style>
        body { margin: 0; } .faint { color: #aaaaaa; } .nofocus:focus, .nofocus:focus-visible { outline: none; } .wide { width: 900px; }
        .scroller { overflow-x: auto; } .scroller pre { width: 900px; } .escapes { position: absolute; left: 500px; }
        </style></head><body>
        <h1>Bad page</h1>
        <h3>Skipped a level</h3>
        <p><input id="unnamed"> <label for="named">Named</label> <input id="named"> <button class="nofocus">Go</button></p>
        <p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"> <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt=""></p>
        <p class="faint">Faint text</p>
        <p><a href="#top" tabindex="-1">Unreachable link</a> <a href="#top">Reachable link</a></p>
        <div class="wide">Too wide for a phone</div>
        <div class="scroller"><pre>A wide log that scrolls in its own box <span class="escapes">but not this</span></pre></div>
        </body></html>
        """

    @Test("the check finds each problem of a deliberately bad page, naming the page, the rule and the element")
    func checkFindsProblems() async throws {
        try await HeadlessBrowser.run { browser in
            try await browser.open("data:text/html;base64," + Data(Self.badPage.utf8).base64EncodedString())
            let problems = try await browser.accessibilityProblems(page: "bad")
            let found = problems.map { "\($0.rule.rawValue) \($0.element)" }
            #expect(found.sorted() == [
                "alt img",
                "contrast p.faint \"Faint text\"",
                "focus-visible button.nofocus \"Go\"",
                "headings h3 \"Skipped a level\"",
                "keyboard a[href=\"#top\"] \"Unreachable link\"",
                "lang html",
                "name input#unnamed",
            ], "\(problems.map(\.description).joined(separator: "\n"))")
            #expect(problems.allSatisfy { $0.page == "bad" && !$0.detail.isEmpty })
            #expect(problems.first { $0.rule == .contrast }?.detail.contains("needs 4.5:1") == true)

            try await browser.setViewport(.smallPhone)
            let width = try await browser.widthProblems(page: "bad")
            #expect(width.map(\.element) == ["div.wide \"Too wide for a phone\"", "span.escapes \"but not this\""], "\(width)")
            #expect(width.first?.description.hasPrefix("bad: [phone-width] div.wide") == true)
        }
    }

    @Test("every page kind, anonymous and signed in, passes: labels, alt, lang, headings, contrast, keyboard, visible focus, phone width")
    func everyPageKind() async throws {
        let directory = try TemporaryDirectory("copr-web-a11y")
        defer { directory.remove() }
        let configuration = try Daemon.localConfiguration(in: directory)
        let cli = try await Daemon.CLI.withAccount(configurationPath: configuration.path)
        let account = try String(contentsOfFile: cli.coprConfigPath, encoding: .utf8)
        let srpm = try await Daemon.exampleSRPM(in: directory)
        let broken = directory.appending("broken.spec")
        try "Name: broken\nVersion: 1.0\nRelease: 1\nSummary: No license\n%description\nBroken.\n"
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let slow = directory.appending("slow.spec")
        let seconds = "318.\(Int.random(in: 1000...9999))"
        try Daemon.slowSpec(seconds: seconds).write(toFile: slow, atomically: true, encoding: .utf8)

        try await Daemon.withDaemon(configuration) { url in
            _ = try await cli.output(["project", "create", "demo/hello", "--chroot", Daemon.chroot])
            let built = try await Self.build(cli, ["--srpm", srpm])
            let failed = try await Self.build(cli, ["--spec", broken])
            let running = try #require(Int(try await cli.output(["build", "submit", "demo/hello", "--spec", slow, "--quiet"])
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            try await waitUntil("the slow build to run", timeout: .seconds(120), every: .milliseconds(300)) {
                try await Daemon.slowBuildIsRunning(seconds)
            }
            let project = "\(url)/coprs/demo/hello/"
            let problems = try await HeadlessBrowser.run { browser in
                var problems = try await Self.check(browser, "sign-in", "\(url)/login?next=/coprs/demo/hello/edit/")
                try await browser.type(try WebInterfaceBrowserTests.value("login", in: account), into: "#login")
                try await browser.type(try WebInterfaceBrowserTests.value("token", in: account), into: "#token")
                try await browser.click("main form button[type=submit]")
                try await browser.waitUntil("location.pathname === '/coprs/demo/hello/edit/' && !!document.querySelector('form.settings')")
                problems += try await Self.check(browser, "settings", nil)

                // A refused value: the form again with the problem at its field.
                try await browser.type("# About\n\nA *greeting* package.\n\n## Use\n\nRun `hello`.", into: "#description")
                try await browser.type("nobody", into: "#contact")
                try await browser.click("form.settings button[type=submit]")
                try await browser.waitUntil("!!document.querySelector('#contact-error')")
                problems += try await Self.check(browser, "settings-refused", nil)
                try await browser.type("https://example.org/hello/issues", into: "#contact")
                try await browser.type("https://example.org/hello", into: "#homepage")
                try await browser.click("form.settings button[type=submit]")
                try await browser.waitUntil("!!document.querySelector('.notice')")
                problems += try await Self.check(browser, "settings-saved", nil)
                // A delete while a build runs: the form again, saying why.
                try await browser.type("hello", into: "#confirm")
                try await browser.click("form[action$='/delete/'] button[type=submit]")
                try await browser.waitUntil("!!document.querySelector('#confirm-error')")
                problems += try await Self.check(browser, "settings-delete-refused", nil)

                // A chroot's settings, through the settings page's link; a refused value at its field, then saved.
                try await browser.click("a[href$='/edit_chroot/\(Daemon.chroot)/']")
                try await browser.waitUntil("!!document.querySelector('form.chroot-settings')")
                problems += try await Self.check(browser, "chroot-settings", nil)
                try await browser.type("--foo", into: "#with_opts")
                try await browser.click("form.chroot-settings button[type=submit]")
                try await browser.waitUntil("!!document.querySelector('#with_opts-error')")
                problems += try await Self.check(browser, "chroot-settings-refused", nil)
                try await browser.type("tests", into: "#with_opts")
                try await browser.type("simple", into: "#isolation")
                try await browser.click("form.chroot-settings button[type=submit]")
                try await browser.waitUntil("!!document.querySelector('.notice') && document.querySelector('#isolation').value === 'simple'")
                problems += try await Self.check(browser, "chroot-settings-saved", nil)

                // A new project, refused for want of a chroot; a fork, from the project's page, refused as the project itself.
                problems += try await Self.check(browser, "new-project", "\(url)/coprs/new/")
                try await browser.type("hello-again", into: "#name")
                try await browser.click("form.project-creation button[type=submit]")
                try await browser.waitUntil("!!document.querySelector('#chroots-error')")
                problems += try await Self.check(browser, "new-project-refused", nil)
                try await browser.open(project)
                try await browser.click("a[href$='/fork/']")
                try await browser.waitUntil("!!document.querySelector('form.project-creation')")
                problems += try await Self.check(browser, "fork", nil)
                try await browser.click("form.project-creation button[type=submit]")
                try await browser.waitUntil("!!document.querySelector('#name-error')")
                problems += try await Self.check(browser, "fork-refused", nil)

                problems += try await Self.check(browser, "project-owner", project)
                problems += try await Self.check(browser, "build-owner", "\(project)build/\(built)/")
                problems += try await Self.check(browser, "status-running", "\(url)/status/")
                problems += try await Self.check(browser, "build-running", "\(project)build/\(running)/")
                try await browser.click("form[action$='/cancel'] button")
                try await browser.waitUntil("!!document.querySelector('.notice')")
                try await waitUntil("the canceled build's processes to stop", timeout: .seconds(60), every: .milliseconds(200)) {
                    try await !Daemon.slowBuildIsRunning(seconds)
                }
                try await browser.click("header form button")
                try await browser.waitUntil("document.querySelector('header .viewer a')?.textContent === 'Sign in'")

                for (name, address) in [
                    ("home", "\(url)/"), ("projects", "\(url)/coprs/"), ("project", project), ("monitor", "\(project)monitor/"),
                    ("build", "\(project)build/\(built)/"), ("build-failed", "\(project)build/\(failed)/"), ("status", "\(url)/status/"),
                    ("not-found", "\(url)/coprs/demo/nothing/"),
                ] {
                    problems += try await Self.check(browser, name, address)
                }
                return problems
            }
            #expect(problems.isEmpty, "\n\(problems.map(\.description).joined(separator: "\n"))")
        }
    }

    /// Submits a build of `demo/hello` from `source` and waits until it has ended; returns its id.
    static func build(_ cli: Daemon.CLI, _ source: [String]) async throws -> Int {
        let id = try #require(Int(try await cli.output(["build", "submit", "demo/hello"] + source + ["--quiet"])
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        _ = try await cli.run(["logs", "-f", String(id), Daemon.chroot], timeout: .seconds(180))
        return id
    }

    /// Opens `url` (or keeps the page open when nil), checks it at a laptop's size and on a
    /// small phone, and saves a screenshot of each as `a11y-<name>[-phone].png`.
    static func check(_ browser: HeadlessBrowser, _ name: String, _ url: String?) async throws -> [AccessibilityProblem] {
        if let url { try await browser.open(url) }
        var problems = try await browser.accessibilityProblems(page: name)
        _ = try await browser.screenshot(named: "a11y-\(name)", fullPage: true)
        try await browser.setViewport(.smallPhone)
        problems += try await browser.widthProblems(page: name)
        _ = try await browser.screenshot(named: "a11y-\(name)-phone", fullPage: true)
        try await browser.setViewport(.desktop)
        return problems
    }
}
