import Foundation

/// Writes the files of the results directory that tell the backend what happened:
/// `results.json` for source and binary tasks, and `success` (content `done`), the only
/// success signal, written last.
public enum ResultsFile {
    /// `results.json` of an SRPM task: the package's NEVR and architecture tags.
    public static func writeSource(_ package: PackageInfo, tags: [String: ArchitectureTags], into directory: String) throws {
        struct Body: Encodable {
            let name: String
            let epoch: Int?
            let version: String
            let release: String
            let architecture_specific_tags: [String: ArchitectureTags]
            enum CodingKeys: String, CodingKey { case name, epoch, version, release, architecture_specific_tags }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(name, forKey: .name)
                try container.encode(epoch, forKey: .epoch)
                try container.encode(version, forKey: .version)
                try container.encode(release, forKey: .release)
                try container.encode(architecture_specific_tags, forKey: .architecture_specific_tags)
            }
        }
        try write(Body(name: package.name, epoch: package.epoch, version: package.version,
                       release: package.release, architecture_specific_tags: tags),
                  to: directory + "/results.json")
    }

    /// `results.json` of an RPM task: `{"packages": [...]}` including the SRPM (`arch: src`).
    public static func writeBinary(_ packages: [PackageInfo], into directory: String) throws {
        struct Body: Encodable { let packages: [PackageInfo] }
        try write(Body(packages: packages), to: directory + "/results.json")
    }

    /// The `success` marker.
    public static func markSuccess(in directory: String) throws {
        try Directories.write("done\n", to: directory + "/success")
    }

    private static func write(_ value: some Encodable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: URL(fileURLWithPath: path))
    }
}
