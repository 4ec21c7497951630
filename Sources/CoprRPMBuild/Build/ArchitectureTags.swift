/// The architecture-specific tags of a spec for one distribution (`ExclusiveArch`,
/// `ExcludeArch`, `BuildArch`), keyed in upstream's `results.json` by distro-release.
public struct ArchitectureTags: Sendable, Equatable, Codable {
    public var exclusivearch: [String]
    public var excludearch: [String]
    public var buildarch: [String]

    public init(exclusivearch: [String], excludearch: [String], buildarch: [String]) {
        self.exclusivearch = exclusivearch
        self.excludearch = excludearch
        self.buildarch = buildarch
    }
}
