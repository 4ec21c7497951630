import CoprCore
import Foundation

extension HeadlessBrowser {
    /// Where screenshots go: `.build/screenshots/` of the package, for a reviewer to open.
    public static let screenshotDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/screenshots").path

    /// Opens `url` in the page and returns once its document has loaded (its scripts may
    /// still be fetching).
    /// - Throws: ``HeadlessBrowserFailure`` when the address cannot be reached or the page
    ///   does not load within `timeout`.
    public func open(_ url: String, timeout: Duration = HeadlessBrowser.callTimeout) async throws {
        // Answered once the new document is committed: what is evaluated next runs in it.
        let answer = try await page("Page.navigate", ["url": .string(url)], timeout: timeout)
        if let error = answer["errorText"]?.stringValue, !error.isEmpty {
            throw HeadlessBrowserFailure("cannot open \(url): \(error)")
        }
        try await waitUntil("document.readyState === 'complete'", timeout: timeout)
    }

    /// Evaluates `expression` every `interval` until it is `true`, without reloading.
    /// - Throws: ``HeadlessBrowserFailure`` once `timeout` passed, with the last error the
    ///   expression raised, if any.
    public func waitUntil(
        _ expression: String, timeout: Duration = HeadlessBrowser.callTimeout, every interval: Duration = .milliseconds(100)
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        var lastError: HeadlessBrowserFailure?
        while true {
            do {
                if try await evaluate(expression, timeout: timeout) == .bool(true) { return }
                lastError = nil
            } catch let failure as HeadlessBrowserFailure {
                // A document being replaced has no context to evaluate in for a moment.
                lastError = failure
            }
            guard ContinuousClock.now < deadline else {
                throw HeadlessBrowserFailure(
                    "\(expression) did not become true within \(timeout)" + (lastError.map { ": \($0)" } ?? ""))
            }
            try await Task.sleep(for: interval)
        }
    }

    /// The value of the JavaScript `expression` in the page (a promise is awaited), as
    /// JSON; `undefined` is `.null`.
    /// - Throws: ``HeadlessBrowserFailure`` with the exception the expression raised.
    public func evaluate(_ expression: String, timeout: Duration = HeadlessBrowser.callTimeout) async throws -> JSONValue {
        let answer = try await page(
            "Runtime.evaluate", ["expression": .string(expression), "returnByValue": true, "awaitPromise": true],
            timeout: timeout)
        if let exception = answer["exceptionDetails"] {
            let text = exception["exception"]?["description"]?.stringValue ?? exception["text"]?.stringValue ?? "\(exception)"
            throw HeadlessBrowserFailure("the page's script failed: \(text)")
        }
        return answer["result"]?["value"] ?? .null
    }

    /// The page's whole document as HTML, as it is now (after its scripts changed it).
    public func html() async throws -> String {
        guard let html = try await evaluate("document.documentElement.outerHTML").stringValue else {
            throw HeadlessBrowserFailure("the page has no document")
        }
        return html
    }

    /// Puts `text` into the field `selector` (a CSS selector) finds, as typing would leave
    /// it: its value set, its `input` and `change` events sent.
    public func type(_ text: String, into selector: String) async throws {
        try await onElement(selector, """
            element.focus();
            element.value = \(Self.literal(text));
            element.dispatchEvent(new Event('input', {bubbles: true}));
            element.dispatchEvent(new Event('change', {bubbles: true}));
            """)
    }

    /// Clicks the element `selector` finds (a link is followed, a form submitted).
    public func click(_ selector: String) async throws {
        try await onElement(selector, "element.click();")
    }

    /// Makes the window `viewport`'s size; the page lays itself out again.
    public func setViewport(_ viewport: BrowserViewport) async throws {
        _ = try await page("Emulation.setDeviceMetricsOverride", [
            "width": .int(viewport.width), "height": .int(viewport.height),
            "deviceScaleFactor": .double(viewport.scale), "mobile": .bool(viewport.mobile),
        ])
    }

    /// Saves a PNG of the page as `<screenshotDirectory>/<name>.png` and returns its path:
    /// the window, or the whole page with `fullPage`.
    /// - Parameter name: letters, digits, `.`, `_` and `-`.
    public func screenshot(named name: String, fullPage: Bool = false) async throws -> String {
        guard !name.isEmpty, !name.hasPrefix("."), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        else { throw HeadlessBrowserFailure("a screenshot's name must be letters, digits, '.', '_' and '-': \(name)") }
        var params: [String: JSONValue] = ["format": "png"]
        if fullPage {
            let metrics = try await page("Page.getLayoutMetrics")
            let size = metrics["cssContentSize"]
            params["captureBeyondViewport"] = true
            params["clip"] = [
                "x": 0, "y": 0, "scale": 1,
                "width": .double(size?["width"]?.doubleValue ?? 0), "height": .double(size?["height"]?.doubleValue ?? 0),
            ]
        }
        let answer = try await page("Page.captureScreenshot", params)
        guard let png = answer["data"]?.stringValue.flatMap({ Data(base64Encoded: $0) }), !png.isEmpty else {
            throw HeadlessBrowserFailure("Chromium sent no screenshot")
        }
        try FileManager.default.createDirectory(atPath: Self.screenshotDirectory, withIntermediateDirectories: true)
        let path = Self.screenshotDirectory + "/\(name).png"
        try png.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs `statements` with `element` bound to what `selector` finds.
    private func onElement(_ selector: String, _ statements: String) async throws {
        let found = try await evaluate("""
            (() => {
                const element = document.querySelector(\(Self.literal(selector)));
                if (element === null) return false;
                \(statements)
                return true;
            })()
            """)
        guard found == .bool(true) else { throw HeadlessBrowserFailure("no element of the page matches \(selector)") }
    }

    /// `text` as a JavaScript string literal (JSON's string syntax is one).
    static func literal(_ text: String) -> String {
        String(decoding: (try? JSONValue.string(text).encoded()) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
