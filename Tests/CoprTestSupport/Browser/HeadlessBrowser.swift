import CoprCore
import Foundation

/// Debian's Chromium without a screen, driven through its DevTools protocol, for tests
/// that look at pages as a person's browser shows them: scripts run, the DOM changes
/// without a reload, a phone-sized window, screenshots a reviewer can open.
///
/// One browser with one page per ``run(viewport:lifetime:_:)``. Chromium runs through the
/// project's process layer as the leader of its own process group, with a fresh profile
/// in a temporary directory, and speaks over `--remote-debugging-pipe` (its fds 3 and 4):
/// no port, no websocket. Whatever the body does, the group is stopped and the directory
/// removed before `run` returns. Every call has a time limit. Chromium is told to reach
/// nothing on its own (no updates, sync, metrics or prefetching), and what a page asks of
/// any address but a loopback one goes to a proxy address where nothing listens.
///
/// ```swift
/// try await HeadlessBrowser.run(viewport: .phone) { browser in
///     try await browser.open("http://127.0.0.1:\(port)/")
///     try await browser.waitUntil("document.querySelector('#done') !== null")
///     _ = try await browser.screenshot(named: "home-phone")
/// }
/// ```
public final class HeadlessBrowser: Sendable {
    /// The program; Debian's `chromium` package installs it.
    public static let executable = "chromium"
    /// The default limit of one command, and of a wait: far beyond what a page on a
    /// loaded 2-core machine needs.
    public static let callTimeout = Duration.seconds(30)

    let connection: DevToolsConnection
    /// The DevTools session of the page.
    let session: String

    private init(connection: DevToolsConnection, session: String) {
        self.connection = connection
        self.session = session
    }

    /// Starts Chromium, opens an empty page in a window of `viewport`'s size, runs `body`
    /// with it, then ends the browser, whether `body` returned or threw.
    /// - Parameter lifetime: the longest the browser may run; it is stopped then.
    /// - Throws: what `body` threw; ``HeadlessBrowserFailure`` when Chromium is missing or
    ///   does not start (with the end of its log).
    public static func run<T: Sendable>(
        viewport: BrowserViewport = .desktop, lifetime: Duration = .seconds(600),
        _ body: (HeadlessBrowser) async throws -> T
    ) async throws -> T {
        guard ProcessRunner.isAvailable(executable) else {
            throw HeadlessBrowserFailure(
                "\(executable) is not installed: scripts/install-dependencies.sh installs Debian's chromium package")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("copr-browser-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/profile", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/chromium.log"
        let toBrowser = try pipeDescriptors(), fromBrowser = try pipeDescriptors()
        // SIGTERM, then SIGKILL; helpers it leaves behind are stopped the same way.
        let runner = ProcessRunner(stop: .terminate(grace: .seconds(2)), leftoverGrace: .seconds(2))
        let process = Task {
            try await runner.runLogged(
                executable, arguments(profile: directory + "/profile"), logPath: log,
                passing: [toBrowser.read, fromBrowser.write], timeout: lifetime)
        }
        let outcome: Result<T, any Error>
        var connection: DevToolsConnection?
        do {
            let opened = try await DevToolsConnection.open(reading: fromBrowser.read, writing: toBrowser.write)
            connection = opened
            let browser = try await attach(opened, viewport: viewport)
            outcome = .success(try await body(browser))
        } catch let failure as HeadlessBrowserFailure {
            outcome = .failure(HeadlessBrowserFailure("\(failure)\nChromium's log ends with:\n\(logTail(log))"))
        } catch {
            outcome = .failure(error)
        }
        if let connection {
            _ = try? await connection.call("Browser.close", timeout: .seconds(5))
            connection.close()
        } else {
            [fromBrowser.read, toBrowser.write].forEach { close($0) }
        }
        process.cancel()
        _ = await process.result
        return try outcome.get()
    }

    /// A page of its own, attached in flat mode (its commands carry the session id), in a
    /// window of `viewport`'s size.
    private static func attach(_ connection: DevToolsConnection, viewport: BrowserViewport) async throws -> HeadlessBrowser {
        // The first command also waits for Chromium to start.
        let target = try await connection.call("Target.createTarget", ["url": "about:blank"], timeout: .seconds(90))
        guard let targetID = target["targetId"]?.stringValue else {
            throw HeadlessBrowserFailure("Chromium made no page: \(target)")
        }
        let attached = try await connection.call(
            "Target.attachToTarget", ["targetId": .string(targetID), "flatten": true], timeout: callTimeout)
        guard let session = attached["sessionId"]?.stringValue else {
            throw HeadlessBrowserFailure("Chromium attached no session to its page: \(attached)")
        }
        let browser = HeadlessBrowser(connection: connection, session: session)
        try await browser.setViewport(viewport)
        return browser
    }

    /// Sends `method` to the page.
    func page(_ method: String, _ params: [String: JSONValue] = [:], timeout: Duration = HeadlessBrowser.callTimeout) async throws -> JSONValue {
        try await connection.call(method, params, session: session, timeout: timeout)
    }

    /// The pids of the browser's processes (the browser, its renderers and helpers), as
    /// Chromium reports them.
    public func processIDs() async throws -> [Int32] {
        let info = try await connection.call("SystemInfo.getProcessInfo", timeout: Self.callTimeout)
        return info["processInfo"]?.arrayValue?.compactMap { $0["id"]?.intValue.map { Int32($0) } } ?? []
    }

    /// Headless, no sandbox (the tests run as root, which Chromium's sandbox refuses), no
    /// GPU, and none of the traffic a browser makes on its own.
    private static func arguments(profile: String) -> [String] {
        [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--user-data-dir=\(profile)",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
            "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--disable-breakpad",
            "--metrics-recording-only", "--no-pings", "--dns-prefetch-disable", "--hide-scrollbars", "--mute-audio",
            "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
            // Loopback addresses bypass a proxy; everything else would go to port 9 of
            // 127.0.0.1, where nothing listens.
            "--proxy-server=http://127.0.0.1:9",
            "about:blank",
        ]
    }

    /// A pipe whose ends are closed on exec (the one child that gets them has them copied).
    private static func pipeDescriptors() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw HeadlessBrowserFailure("cannot make a pipe for Chromium: \(String(cString: strerror(errno)))")
        }
        descriptors.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    /// The last lines of Chromium's log, for a failure's message.
    private static func logTail(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(no log)"
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
    }
}
