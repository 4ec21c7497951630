import CoprCore
import Foundation

/// What an rpmbuild build (no mock, `--nodeps`) can get of its BuildRequires from the
/// task's repositories, decided without I/O: which requirements to ask about, which
/// metadata to mirror, the dnf query for one requirement and how its answer reads, and
/// the prefix that shows the unpacked packages to the build at their usual paths.
///
/// The agent downloads every file itself (repository metadata, packages) under its URL
/// policy; dnf only reads the local copy of the metadata, so it never reaches the network.
/// The packages are unpacked, never installed: their files lie in a private root whose
/// `/usr` an overlay mount puts over the system's, inside a user and mount namespace of
/// the build's own. What those packages need in turn is taken from the same repositories
/// where they provide it (recursively); the rest is left to the host, as rpmbuild's
/// `--nodeps` does.
public struct BuildDependencyPlan: Sendable, Equatable {
    /// A repository of the task, with the address rule its downloads follow.
    public struct Repository: Sendable, Equatable {
        public let id: String
        public let baseurl: String
        public let check: AddressCheck
    }

    /// A package that provides a requirement: its repository and its path inside it.
    public struct Package: Sendable, Hashable {
        public let repository: Int
        public let location: String
    }

    /// What the requirements resolved to.
    public struct Resolution: Sendable, Equatable {
        public var packages: [Package] = []
        public var resolved: [String] = []
        public var unresolved: [String] = []
        /// Packages that only what the BuildRequires resolved to needs.
        public var needed: [Package] = []
    }

    /// The repositories queried, in the task's order.
    public let repositories: [Repository]
    /// Where the metadata copies, dnf's root and cache, the packages and the private root live.
    public let directory: String

    /// The plan for the task's `repos` (entries without an http(s) or file `baseurl` are
    /// left out). A repository on the same origin (scheme, host, port) as the task's
    /// `srpm_url`, which the backend gave, is the build farm's own results (the project's
    /// repository) and may be on its own addresses: only its redirects are checked.
    public init(repos: [[String: String]], srpmURL: String?, directory: String) {
        let trusted = srpmURL.flatMap(Self.origin)
        repositories = repos.enumerated().compactMap { index, repo in
            guard let baseurl = repo["baseurl"], let origin = Self.origin(baseurl) else { return nil }
            let id = repo["id"].flatMap { $0.isEmpty ? nil : $0 } ?? "repo\(index)"
            return Repository(id: id, baseurl: baseurl.hasSuffix("/") ? String(baseurl.dropLast()) : baseurl,
                              check: origin == trusted ? .afterFirstHop : .everyHop)
        }
        self.directory = directory
    }

    /// The plan for these repositories (those whose metadata could be read).
    public init(repositories: [Repository], directory: String) {
        self.repositories = repositories
        self.directory = directory
    }

    /// The most requirements asked about (one dnf query each), so that a spec with
    /// thousands of BuildRequires cannot keep the builder busy before its build starts.
    public static let maximumQueries = 200
    /// The most packages unpacked for one build, what they need included.
    public static let maximumPackages = 500

    /// The BuildRequires in `rpm -qp --requires` output of an SRPM, `rpmlib(...)` left out.
    public static func requirements(_ output: String) -> [String] {
        var seen = Set<String>()
        return output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("rpmlib(") && seen.insert($0).inserted }
    }

    /// Whether requirement number `index` is asked about (see ``maximumQueries``); the
    /// others stay unresolved.
    public func asks(requirement index: Int) -> Bool {
        !repositories.isEmpty && index < Self.maximumQueries
    }

    /// The metadata files of `repomd.xml` that dnf needs (primary and filelists), as paths
    /// relative to the repository; a path that could leave the copy is refused.
    public static func metadataFiles(repomd: String) throws(CoprRPMBuildError) -> [String] {
        var files: [String] = []
        for entry in repomd.components(separatedBy: "<data ").dropFirst() {
            guard let type = attribute("type", in: entry), ["primary", "filelists"].contains(type),
                  let href = attribute("href", in: entry) else { continue }
            guard href.hasPrefix("repodata/"), isSafeRelativePath(href) else {
                throw .downloadFailed(url: href, reason: "repository metadata must lie under repodata/")
            }
            files.append(href)
        }
        guard files.contains(where: { $0.contains("primary") }) else {
            throw .downloadFailed(url: "repodata/repomd.xml", reason: "it names no primary metadata")
        }
        return files
    }

    /// Where the metadata copy of repository `index` lives (its `repodata/` inside).
    public func mirror(_ index: Int) -> String { directory + "/repos/\(index)" }
    /// Where the downloaded packages go.
    public var packagesDirectory: String { directory + "/packages" }
    /// The root the packages are unpacked into.
    public var root: String { directory + "/root" }

    /// The dnf query for the newest package of the repositories that provides
    /// `requirement`; its output is one `<index> <location>` line per provider.
    public func query(_ requirement: String) -> [String] {
        repoquery + ["--whatprovides=\(requirement)"]
    }

    /// The dnf query for what the providers of `requirements` need from the repositories,
    /// recursively (requirements the repositories do not provide are left out); its output
    /// is one `<index> <location>` line per package.
    public func neededQuery(_ requirements: [String]) -> [String] {
        repoquery + ["--requires", "--resolve", "--recursive"] + requirements.map { "--whatprovides=\($0)" }
    }

    /// dnf reading the metadata copies only, printing `<index> <location>` per package.
    private var repoquery: [String] {
        var command = ["dnf", "-q", "repoquery", "--installroot", directory + "/dnf",
                       "--setopt=cachedir=\(directory)/dnf/cache", "--setopt=reposdir=/dev/null",
                       "--setopt=skip_if_unavailable=False", "--disablerepo=*", "--releasever=0"]
        for index in repositories.indices {
            command += ["--repofrompath=\(index),file://\(mirror(index))", "--enablerepo=\(index)", "--setopt=\(index).gpgcheck=0"]
        }
        return command + ["--latest-limit=1", "--qf", "%{repoid} %{location}"]
    }

    /// The provider of a requirement in the output of ``query(_:)``: the first line naming
    /// a known repository and a safe `.rpm` path (the lowest repository index first).
    public func provider(_ output: String) -> Package? {
        packages(output).min { ($0.repository, $0.location) < ($1.repository, $1.location) }
    }

    /// The packages named by the lines of a query's output that name a known repository
    /// and a safe `.rpm` path; other lines are ignored.
    public func packages(_ output: String) -> [Package] {
        output.split(separator: "\n").compactMap { line -> Package? in
            let fields = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard fields.count == 2, let index = Int(fields[0]), repositories.indices.contains(index),
                  fields[1].hasSuffix(".rpm"), Self.isSafeRelativePath(fields[1]) else { return nil }
            return Package(repository: index, location: fields[1])
        }
    }

    /// The requirements and their providers (nil: none) as a resolution, each package once.
    public static func resolution(_ answers: [(requirement: String, provider: Package?)]) -> Resolution {
        var resolution = Resolution()
        for (requirement, provider) in answers {
            guard let provider else { resolution.unresolved.append(requirement); continue }
            resolution.resolved.append(requirement)
            if !resolution.packages.contains(provider) { resolution.packages.append(provider) }
        }
        return resolution
    }

    /// Adds what the resolved packages need (``neededQuery(_:)``), each package once,
    /// up to ``maximumPackages`` in all; answers how many were left out.
    public static func adding(needed: [Package], to resolution: inout Resolution) -> Int {
        var leftOut = 0
        for package in needed where !resolution.packages.contains(package) {
            guard resolution.packages.count < maximumPackages else { leftOut += 1; continue }
            resolution.packages.append(package)
            resolution.needed.append(package)
        }
        return leftOut
    }

    /// The URL of a package.
    public func url(of package: Package) -> String {
        repositories[package.repository].baseurl + "/" + package.location
    }

    /// The local file a package is downloaded to: one per repository and path.
    public func file(of package: Package) -> String {
        packagesDirectory + "/\(package.repository)-" + package.location.replacingOccurrences(of: "/", with: "_")
    }

    /// Unpacks `rpm` into the private root without running anything of it (no scriptlets,
    /// no database): its payload as a tar stream, paths with `..` refused by tar.
    public func unpack(_ rpm: String) -> [String] {
        ["bash", "-c", "set -o pipefail; rpm2archive - < \"$1\" | tar -xz -C \"$2\" --no-same-owner --no-same-permissions",
         "unpack", rpm, root]
    }

    /// The prefix that runs a command with the private root's `/usr` laid over the
    /// system's (read-only overlay, the packages' files first), as the build's own `uid`
    /// and `gid`: a user namespace where the agent is root mounts the overlay in a mount
    /// namespace of its own, and a nested one drops back to the build's ids. It composes
    /// with the network prefixes (placed after them). Nil when the root's path cannot be
    /// an overlay option (it contains `:`, `,`, `\` or whitespace).
    public func overlayPrefix(uid: UInt32, gid: UInt32) -> [String]? {
        guard !root.contains(where: { ":,\\".contains($0) || $0.isWhitespace }) else { return nil }
        return ["unshare", "--map-root-user", "--mount", "--",
                "sh", "-c", "mount -t overlay -o ro,lowerdir=\"$0\"/usr:/usr overlay /usr && exec \"$@\"", root,
                "unshare", "--user", "--map-user=\(uid)", "--map-group=\(gid)", "--"]
    }

    /// `scheme://host:port` of an http(s) or file URL, nil for anything else.
    static func origin(_ url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              ["http", "https", "file"].contains(scheme) else { return nil }
        return "\(scheme)://\(components.host?.lowercased() ?? ""):\(components.port.map(String.init) ?? "")"
    }

    /// A relative path without `..`, empty or dot parts, schemes or control characters.
    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.hasPrefix("/") && path.count <= 1024 && !path.contains(where: { $0.isWhitespace || $0 == "\\" || $0.asciiValue.map { $0 < 32 } == true })
            && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains(":") }
    }

    /// The value of the first `name="..."` in an XML fragment (at its start or after a space).
    private static func attribute(_ name: String, in fragment: String) -> String? {
        var rest = fragment[...]
        while let start = rest.range(of: "\(name)=\"") {
            if start.lowerBound == fragment.startIndex || fragment[fragment.index(before: start.lowerBound)].isWhitespace {
                guard let end = fragment[start.upperBound...].firstIndex(of: "\"") else { return nil }
                return String(fragment[start.upperBound..<end])
            }
            rest = fragment[start.upperBound...]
        }
        return nil
    }
}
