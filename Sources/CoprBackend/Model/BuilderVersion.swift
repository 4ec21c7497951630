/// A dotted builder version (`1.6.1`), compared component by component as numbers.
///
/// Enough of PEP 440 for copr-rpmbuild's versions; a suffix such as `1.7.0~rc1` or
/// `1.7-1.fc41` compares by its leading numbers.
public struct BuilderVersion: Comparable, Sendable, CustomStringConvertible {
    public let components: [Int]
    public let description: String

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let numeric = trimmed.prefix { $0.isNumber || $0 == "." }
        let parts = numeric.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count else { return nil }
        components = numbers
        description = trimmed
    }

    public static func < (lhs: BuilderVersion, rhs: BuilderVersion) -> Bool {
        let count = max(lhs.components.count, rhs.components.count)
        for index in 0..<count {
            let left = index < lhs.components.count ? lhs.components[index] : 0
            let right = index < rhs.components.count ? rhs.components[index] : 0
            if left != right { return left < right }
        }
        return false
    }

    public static func == (lhs: BuilderVersion, rhs: BuilderVersion) -> Bool {
        !(lhs < rhs) && !(rhs < lhs)
    }
}

import Foundation
