import CoprCore

/// What an sdist holds, checked before anything unpacks it: every member lies below one
/// top directory with a plain name (the directory the spec unpacks into), no member is
/// absolute or has a `..` component, and there are only files and directories (no links
/// or devices, which could point out of the build tree).
///
/// Read from `tar --list` (the names) and `tar --list --verbose` (whose first column is
/// each member's type), in the same order.
public struct SdistListing: Sendable, Equatable {
    /// The one top directory of the members.
    public let topDirectory: String

    /// Checks the listing of an sdist named `fileName`.
    public init(names: String, verbose: String, fileName: String) throws {
        let members = names.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard !members.isEmpty else { throw Self.refusal(fileName, "it is empty") }
        for line in verbose.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let type = line.first, type == "-" || type == "d" else {
                throw Self.refusal(fileName, "it holds a link or special file (\(TaskRules.quoted(String(line))))")
            }
        }
        var top: String?
        var nested = false
        for member in members {
            guard !member.hasPrefix("/") else { throw Self.refusal(fileName, "member \(TaskRules.quoted(member)) is an absolute path") }
            let components = member.split(separator: "/").map(String.init).drop { $0 == "." }
            guard !components.contains("..") else { throw Self.refusal(fileName, "member \(TaskRules.quoted(member)) contains '..'") }
            guard let first = components.first else { continue }
            if let top, top != first {
                throw Self.refusal(fileName, "its members are not all below one directory (\(TaskRules.quoted(top)) and \(TaskRules.quoted(first)))")
            }
            top = first
            nested = nested || components.count > 1
        }
        guard let top, nested else { throw Self.refusal(fileName, "its members are not in a directory") }
        do {
            topDirectory = try TaskRules.sdistDirectory(top)
        } catch {
            throw Self.refusal(fileName, "\(error)")
        }
    }

    private static func refusal(_ fileName: String, _ why: String) -> CoprRPMBuildError {
        .unusableSource("the sdist \(fileName) is refused: \(why)")
    }
}
