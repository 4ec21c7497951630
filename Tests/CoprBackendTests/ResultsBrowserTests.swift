import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The results tree of the embedded frontend, served over real HTTP on 127.0.0.1, as a
/// person sees it in Chromium: the listing, and a compressed log opened from it as text.
/// Screenshots go to `.build/screenshots/results-*.png`.
@Suite("Integration: results in headless Chromium", .timeLimit(.minutes(3)))
struct ResultsBrowserTests {
    typealias Server = EmbeddedFrontendTestServer

    static let directory = "jdoe/hello/fedora-41-x86_64/00000001-hello"
    static let hostile = "<img src=x onerror=document.title='pwned'>.log"

    /// A build's results directory as the backend leaves it: a compressed live log, the
    /// backend's log, build.info, a package, and a file a build named to attack the page.
    static func writeResults(of frontend: Server) async throws -> String {
        let directory = frontend.layout.path(Self.directory)
        try FileManager.default.createDirectory(atPath: directory + "/prev_build_backup", withIntermediateDirectories: true)
        let log = (1...400).map { "line \($0): compiling hello.c with -O2 <not markup> & more\n" }.joined()
        try log.write(toFile: directory + "/builder-live.log", atomically: true, encoding: .utf8)
        try await TestCommand.output("gzip", [directory + "/builder-live.log"])
        try "build_id=1\nbuilder_ip=127.0.0.1".write(toFile: directory + "/build.info", atomically: true, encoding: .utf8)
        try Data(count: 48_213).write(to: URL(fileURLWithPath: directory + "/hello-1.0-1.fc41.x86_64.rpm"))
        try "attack".write(toFile: directory + "/" + hostile, atomically: true, encoding: .utf8)
        return log
    }

    @Test("the listing shows names, sizes and dates without running a file's name, and a .log.gz opens as text")
    func listingAndCompressedLog() async throws {
        try await Server.run { frontend in
            _ = try await Self.writeResults(of: frontend)
            let listing = "\(frontend.baseURL)/results/\(Self.directory)/"
            try await HeadlessBrowser.run { browser in
                try await browser.open(listing)
                #expect(try await browser.evaluate("document.title") == .string("Index of /results/\(Self.directory)/"))
                let rows = try await browser.evaluate("""
                    [...document.querySelectorAll('tbody tr')].map(row => [...row.cells].map(cell => cell.textContent))
                    """)
                let cells = rows.arrayValue?.compactMap { $0.arrayValue?.compactMap(\.stringValue) } ?? []
                #expect(cells.map { $0.first ?? "" } == [
                    "Parent directory", "prev_build_backup/", Self.hostile, "build.info", "builder-live.log.gz",
                    "hello-1.0-1.fc41.x86_64.rpm",
                ])
                #expect(cells.last?[1] == "47 KiB")
                #expect(cells.last?[2].hasSuffix(" UTC") == true)
                #expect(try await browser.evaluate("document.images.length") == .int(0), "a file's name is text, not markup")
                _ = try await browser.screenshot(named: "results-listing")

                try await browser.click(#"a[href="./builder-live.log.gz"]"#)
                try await browser.waitUntil("document.contentType === 'text/plain' && document.body.innerText.includes('line 400:')")
                #expect(try await browser.evaluate("location.pathname").stringValue?.hasSuffix("/builder-live.log.gz") == true)
                #expect(try await browser.evaluate("document.body.innerText.split('\\n')[0]") == .string(
                    "line 1: compiling hello.c with -O2 <not markup> & more"))
                _ = try await browser.screenshot(named: "results-log-gz")
                #expect(try await browser.evaluate("document.title") != .string("pwned"))
            }
        }
    }

    @Test("the listing fits a phone's width")
    func listingOnAPhone() async throws {
        try await Server.run { frontend in
            _ = try await Self.writeResults(of: frontend)
            try await HeadlessBrowser.run(viewport: .phone) { browser in
                try await browser.open("\(frontend.baseURL)/results/\(Self.directory)/")
                #expect(try await browser.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth") == .bool(true))
                _ = try await browser.screenshot(named: "results-listing-phone", fullPage: true)
            }
        }
    }
}
