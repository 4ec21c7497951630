import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The browser harness against a page of its own, served on 127.0.0.1 by the tests'
/// static file server: a page whose script changes its DOM after a delay and whenever a
/// file on the server changes.
@Suite("Integration: headless Chromium", .timeLimit(.minutes(3)))
struct HeadlessBrowserTests {
    static let page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Harness page</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>body { font-family: sans-serif; margin: 1rem; } #message { font-size: 2rem; color: #114; }</style>
        </head><body>
        <h1>Harness page</h1>
        <p id="message">waiting</p>
        <label for="name">Name</label> <input id="name"> <button id="greet" type="button">Greet</button>
        <p id="greeting"></p>
        <script>
        window.loadMark = Math.random();
        setTimeout(() => {
            const late = document.createElement('p');
            late.id = 'late';
            late.textContent = 'arrived late';
            document.body.appendChild(late);
        }, 300);
        async function poll() {
            const answer = await fetch('message.txt', {cache: 'no-store'});
            document.getElementById('message').textContent = await answer.text();
            setTimeout(poll, 100);
        }
        poll();
        document.getElementById('greet').addEventListener('click', () => {
            document.getElementById('greeting').textContent = 'Hello, ' + document.getElementById('name').value;
        });
        </script>
        </body></html>
        """

    /// Runs `body` with the page served from a fresh directory, `message.txt` saying "first".
    static func withPage(_ body: (_ url: String, _ directory: String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("browser-page-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try page.write(toFile: directory + "/index.html", atomically: true, encoding: .utf8)
        try "first".write(toFile: directory + "/message.txt", atomically: true, encoding: .utf8)
        let server = try await StaticFileServer.start(root: directory)
        defer { server.stop() }
        try await body(server.baseURL + "/index.html", directory)
    }

    static let message = "document.getElementById('message').textContent"

    @Test("the harness sees the page change without a reload, reads values, types, clicks and saves a screenshot")
    func drivesAPage() async throws {
        try await Self.withPage { url, directory in
            try await HeadlessBrowser.run { browser in
                try await browser.open(url)
                try await browser.waitUntil("document.getElementById('late') !== null")
                try await browser.waitUntil("\(Self.message) === 'first'")
                let mark = try await browser.evaluate("window.loadMark")

                try "second".write(toFile: directory + "/message.txt", atomically: true, encoding: .utf8)
                try await browser.waitUntil("\(Self.message) === 'second'")
                #expect(try await browser.evaluate("window.loadMark") == mark, "the page was not loaded again")

                #expect(try await browser.evaluate("({title: document.title, sizes: [1, 2.5], none: null})") == [
                    "title": "Harness page", "sizes": [1, .double(2.5)], "none": nil,
                ])
                let name = #"Ann "<b>" & 'O\Brien'"#
                try await browser.type(name, into: "#name")
                try await browser.click("#greet")
                #expect(try await browser.evaluate("document.getElementById('greeting').textContent") == .string("Hello, " + name))
                let html = try await browser.html()
                #expect(html.contains(#"<p id="message">second</p>"#))
                #expect(html.contains(#"<p id="late">arrived late</p>"#))

                let path = try await browser.screenshot(named: "harness-desktop")
                #expect(try Self.pngWidth(path) == BrowserViewport.desktop.width)
            }
        }
    }

    @Test("a phone-sized window lays the page out at its width, and the screenshot has its pixels")
    func phoneViewport() async throws {
        try await Self.withPage { url, _ in
            try await HeadlessBrowser.run(viewport: .phone) { browser in
                try await browser.open(url)
                try await browser.waitUntil("\(Self.message) === 'first'")
                #expect(try await browser.evaluate("window.innerWidth") == .int(BrowserViewport.phone.width))
                let path = try await browser.screenshot(named: "harness-phone", fullPage: true)
                #expect(try Self.pngWidth(path) == Int(Double(BrowserViewport.phone.width) * BrowserViewport.phone.scale))
            }
        }
    }

    @Test("script errors, missing elements and unreachable addresses fail with what happened")
    func failures() async throws {
        try await Self.withPage { url, _ in
            try await HeadlessBrowser.run { browser in
                try await browser.open(url)
                let script = await #expect(throws: HeadlessBrowserFailure.self) { try await browser.evaluate("notDefinedAnywhere()") }
                #expect(script?.description.contains("notDefinedAnywhere is not defined") == true)
                let missing = await #expect(throws: HeadlessBrowserFailure.self) { try await browser.click("#absent") }
                #expect(missing?.description.contains("#absent") == true)
                let wait = await #expect(throws: HeadlessBrowserFailure.self) {
                    try await browser.waitUntil("false", timeout: .milliseconds(300))
                }
                #expect(wait?.description.contains("did not become true") == true)
                // A loopback port of this test where nothing listens.
                let closed = try LoopbackPorts.allocate(1)[0]
                let unreachable = await #expect(throws: HeadlessBrowserFailure.self) {
                    try await browser.open("http://127.0.0.1:\(closed)/")
                }
                #expect(unreachable?.description.contains("ERR_CONNECTION_REFUSED") == true)
            }
        }
    }

    @Test("the browser's processes are gone once run returns, also when the test's body threw")
    func endsTheBrowser() async throws {
        struct Planned: Error {}
        let pids = LockedValue<[Int32]>([])
        await #expect(throws: Planned.self) {
            try await HeadlessBrowser.run { browser in
                let running = try await browser.processIDs()
                pids.withLock { $0 = running }
                throw Planned()
            }
        }
        #expect(!pids.value.isEmpty)
        for pid in pids.value {
            #expect(!Self.isRunning(pid), "Chromium process \(pid) still runs")
        }
    }

    @Test("a test cancelled while its page is waited for ends its browser as well")
    func cancelledWait() async throws {
        let pids = LockedValue<[Int32]>([])
        let run = Task {
            try await HeadlessBrowser.run { browser in
                let running = try await browser.processIDs()
                pids.withLock { $0 = running }
                try await browser.waitUntil("false", timeout: .seconds(600))
            }
        }
        try await waitUntil("the browser has started") { !pids.value.isEmpty }
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        for pid in pids.value {
            #expect(!Self.isRunning(pid), "Chromium process \(pid) still runs")
        }
    }

    /// The width in the PNG's header.
    static func pngWidth(_ path: String) throws -> Int {
        let png = try Data(contentsOf: URL(fileURLWithPath: path))
        try #require(png.count > 24 && png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        return png[16..<20].reduce(0) { $0 << 8 | Int($1) }
    }

    /// Whether `pid` is a process that has not ended (a zombie has).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }
}
