/// A task directory's `build.info`, as upstream's backend writes it: `key=value` lines
/// naming the build and the builder it ran on (`build_id=<id>\nbuilder_ip=<host>`, no
/// final newline), to which a copy between chroots appends `from_chroot=<chroot>`. The
/// backend writes it before it reports `running`; the frontend reads it to show where a
/// task ran.
public struct BuildInfo: Sendable, Equatable {
    /// The file's name in a task directory.
    public static let fileName = "build.info"
    /// The most of the file that is read: it holds three short lines.
    public static let maximumSize = 4096

    public var buildID: Int
    /// The builder's host as the backend knows it (a name or an address).
    public var builder: String

    public init(buildID: Int, builder: String) {
        self.buildID = buildID
        self.builder = builder
    }

    /// The file's text.
    public var text: String {
        "build_id=\(buildID)\nbuilder_ip=\(builder)"
    }

    /// Reads the builder from the file's `text`; nil when a line is missing or the host is
    /// not a host name or address (the file is in a results tree others can write to).
    public init?(text: String) {
        var fields: [Substring: Substring] = [:]
        for line in text.prefix(Self.maximumSize).split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[line[..<equals]] = line[line.index(after: equals)...]
        }
        guard let id = fields["build_id"].flatMap({ Int($0) }), let host = fields["builder_ip"],
            (1...253).contains(host.count),
            host.utf8.allSatisfy({ Self.hostCharacters.contains($0) })
        else { return nil }
        self.init(buildID: id, builder: String(host))
    }

    /// Letters, digits and the punctuation of host names and IPv4/IPv6 addresses.
    private static let hostCharacters = ASCIISet.alphanumerics.union(ASCIISet(".-:_[]"))
}
