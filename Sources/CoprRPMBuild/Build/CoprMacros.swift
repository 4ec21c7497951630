/// Upstream's `mockchain_macros` (`%copr_username`, `%copr_projectname`, `%vendor`), defined
/// only when owner and project are plain names: a `%` or quote in a macro value would be
/// expanded or break the config it is written into.
public struct CoprMacros: Sendable, Equatable {
    public let defines: [String: String]

    public init(task: BuildTask) {
        func plain(_ value: String?) -> String? {
            guard let value, !value.isEmpty, value.count <= 100,
                  value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "@._+-".contains($0)) }) else { return nil }
            return value
        }
        guard let owner = plain(task.projectOwner), let project = plain(task.projectName) else {
            defines = [:]
            return
        }
        defines = ["copr_username": owner, "copr_projectname": project,
                   "vendor": "Fedora Project COPR (\(owner)/\(project))"]
    }
}
