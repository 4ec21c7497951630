import CoprCore

extension HeadlessBrowser {
    /// Chooses the files at `paths` in the file input `selector` (a CSS selector) finds, as
    /// a person picking them in the file dialog would: the input's `change` event is sent,
    /// and a form posting it sends their contents.
    /// - Throws: ``HeadlessBrowserFailure`` when nothing matches `selector` or Chromium
    ///   refuses the files (the element is no file input).
    public func chooseFiles(_ paths: [String], in selector: String) async throws {
        let found = try await page("Runtime.evaluate", ["expression": .string("document.querySelector(\(Self.literal(selector)))")])
        guard let object = found["result"]?["objectId"]?.stringValue else {
            throw HeadlessBrowserFailure("no element of the page matches \(selector)")
        }
        _ = try await page("DOM.setFileInputFiles", ["files": .array(paths.map(JSONValue.string)), "objectId": .string(object)])
    }
}
