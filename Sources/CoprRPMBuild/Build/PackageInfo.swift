/// Name, epoch, version, release and architecture of one built package, as upstream's
/// `results.json` lists them (`arch` is `src` for the SRPM, `epoch` is null when unset).
public struct PackageInfo: Sendable, Equatable, Codable {
    public var name: String
    public var epoch: Int?
    public var version: String
    public var release: String
    public var arch: String

    public init(name: String, epoch: Int?, version: String, release: String, arch: String) {
        self.name = name
        self.epoch = epoch
        self.version = version
        self.release = release
        self.arch = arch
    }

    enum CodingKeys: String, CodingKey { case name, epoch, version, release, arch }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(epoch, forKey: .epoch)  // null, not omitted, as upstream
        try container.encode(version, forKey: .version)
        try container.encode(release, forKey: .release)
        try container.encode(arch, forKey: .arch)
    }
}
