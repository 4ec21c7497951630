import CoprCore
import Foundation

/// One thing the accessibility check found wrong on a page, named so that it can be
/// fixed: the page, the rule, the element, and what is wrong.
public struct AccessibilityProblem: Sendable, Equatable, CustomStringConvertible {
    /// The rules the check applies.
    public enum Rule: String, Sendable, CaseIterable {
        /// The document has a `lang`.
        case lang
        /// Every form control has an accessible name.
        case name
        /// Every image has `alt`.
        case alt
        /// Heading levels start at h1 and skip none.
        case headings
        /// Text reaches WCAG AA contrast against its background (4.5:1, large text 3:1).
        case contrast
        /// Tab reaches every link, button and field.
        case keyboard
        /// The focused element shows it (an outline or a box shadow).
        case focusVisible = "focus-visible"
        /// On a phone the page does not scroll sideways.
        case phoneWidth = "phone-width"
    }

    public let page: String
    public let rule: Rule
    public let element: String
    public let detail: String

    public init(page: String, rule: Rule, element: String, detail: String) {
        self.page = page
        self.rule = rule
        self.element = element
        self.detail = detail
    }

    public var description: String { "\(page): [\(rule.rawValue)] \(element): \(detail)" }
}

/// The accessibility check of the page open in a ``HeadlessBrowser``, by JavaScript run
/// in it through DevTools (``AccessibilityScripts``) and by pressing Tab as a keyboard
/// user does.
///
/// ```swift
/// try await browser.open(url)
/// let problems = try await browser.accessibilityProblems(page: "home")
/// #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
/// ```
extension HeadlessBrowser {
    /// Every problem of the page as its window is now: ``documentProblems(page:)`` and
    /// ``keyboardProblems(page:)``.
    public func accessibilityProblems(page: String) async throws -> [AccessibilityProblem] {
        try await documentProblems(page: page) + (try await keyboardProblems(page: page))
    }

    /// The document's `lang`, the names of its form controls, its images' `alt`, its
    /// heading levels and the contrast of its visible text.
    public func documentProblems(page: String) async throws -> [AccessibilityProblem] {
        try Self.problems(try await evaluate(AccessibilityScripts.document), page: page)
    }

    /// Presses Tab until focus comes round again and names each link, button or field it
    /// never reached, and each reached one whose focus does not show.
    public func keyboardProblems(page: String) async throws -> [AccessibilityProblem] {
        let marked = try await evaluate(AccessibilityScripts.markInteractive).arrayValue?.compactMap(\.stringValue) ?? []
        _ = try await evaluate("document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0)")
        var reached: [Int: Bool] = [:]
        var first: String?
        for _ in 0..<(2 * marked.count + 10) where reached.count < marked.count {
            try await press(key: "Tab", code: "Tab", keyCode: 9)
            let focused = try await evaluate(AccessibilityScripts.focused)
            guard let element = focused["element"]?.stringValue else { continue }
            let identity = (focused["key"]?.stringValue ?? "") + element
            if identity == first { break }
            if first == nil { first = identity }
            if let key = focused["key"]?.stringValue.flatMap(Int.init), reached[key] == nil {
                reached[key] = focused["visible"]?.boolValue ?? false
            }
        }
        // A screenshot taken next shows the page as opened, without a focus ring.
        _ = try await evaluate("document.activeElement && document.activeElement.blur()")
        var problems: [AccessibilityProblem] = []
        for (key, element) in marked.enumerated() {
            switch reached[key] {
            case nil:
                problems.append(.init(page: page, rule: .keyboard, element: element, detail: "Tab never reaches it"))
            case false?:
                problems.append(.init(page: page, rule: .focusVisible, element: element,
                    detail: "its focus does not show: outline and box-shadow are none"))
            case true?:
                break
            }
        }
        return problems
    }

    /// The elements that make the page scroll sideways in its window (those inside an
    /// element that scrolls by itself are meant to).
    public func widthProblems(page: String) async throws -> [AccessibilityProblem] {
        try Self.problems(try await evaluate(AccessibilityScripts.width), page: page)
    }

    /// Presses and releases a key in the page, as a keyboard does.
    public func press(key: String, code: String, keyCode: Int) async throws {
        for type in ["rawKeyDown", "keyUp"] {
            _ = try await self.page("Input.dispatchKeyEvent", [
                "type": .string(type), "key": .string(key), "code": .string(code),
                "windowsVirtualKeyCode": .int(keyCode), "nativeVirtualKeyCode": .int(keyCode),
            ])
        }
    }

    /// The `[{rule, element, detail}]` a script returned.
    private static func problems(_ value: JSONValue, page: String) throws -> [AccessibilityProblem] {
        guard let items = value.arrayValue else { throw HeadlessBrowserFailure("the accessibility check returned \(value)") }
        return try items.map { item in
            guard let name = item["rule"]?.stringValue, let rule = AccessibilityProblem.Rule(rawValue: name) else {
                throw HeadlessBrowserFailure("the accessibility check returned an unknown rule: \(item)")
            }
            return AccessibilityProblem(
                page: page, rule: rule, element: item["element"]?.stringValue ?? "?", detail: item["detail"]?.stringValue ?? "")
        }
    }
}
