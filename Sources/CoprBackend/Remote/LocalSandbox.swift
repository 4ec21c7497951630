import Foundation

/// How a builder on this machine (`transport = local`) keeps a package's build away from
/// the backend: every builder command runs as the builder's own unprivileged account
/// (`[host:NAME] build_user`) inside a bubblewrap sandbox.
///
/// In the sandbox the whole system is read-only, the backend's own directories (state,
/// logs, results, configuration) are empty, `/tmp` and `/var/tmp` are private, and the
/// builder's root is the only writable place. The network stays (the agent fetches its
/// task and sources, through its URL policy); the agent runs the package's own code
/// (spec macros, `%build`) in a network namespace of its own: empty, or with `enable_net`
/// one that slirp4netns connects to the outside world but not to this machine, which is
/// why `/dev/net/tun` is there. There is no pid namespace:
/// a build is detached and outlives the command that started it, and the cancel and log
/// commands find it by its pid files.
///
/// A pure value: it only spells the command lines; `LocalShell` runs them.
public struct LocalSandbox: Sendable, Equatable {
    /// The account builds run as, `copr-build` unless a host names another.
    public static let defaultBuildUser = "copr-build"

    /// An account of this machine, resolved by name.
    public struct Account: Sendable, Equatable {
        public var name: String
        public var uid: UInt32
        public var gid: UInt32

        public init(name: String, uid: UInt32, gid: UInt32) {
            self.name = name
            self.uid = uid
            self.gid = gid
        }

        /// The account named `name`, nil when this machine has none.
        public static func named(_ name: String) -> Account? {
            guard let entry = getpwnam(name) else { return nil }
            return Account(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
        }
    }

    public var account: Account
    /// The builder's root: the only writable directory.
    public var root: String
    /// Directories and files the build must not see (the backend's state, logs, results,
    /// configuration); each appears empty inside.
    public var hiddenPaths: [String]
    /// Where the builder agent is outside; it appears at `agentMount` inside, whatever
    /// the permissions of the directories above it.
    public var agentDirectory: String

    public init(account: Account, root: String, hiddenPaths: [String], agentDirectory: String) {
        self.account = account
        self.root = root
        self.hiddenPaths = hiddenPaths
        self.agentDirectory = agentDirectory
    }

    /// Where the agent directory is mounted inside the sandbox.
    public var agentMount: String { Self.agentMount(root: root) }

    /// Where the agent directory of the builder at `root` is mounted inside its sandbox.
    public static func agentMount(root: String) -> String { root + "/agent" }

    /// The directories of the root that belong to the build account; the rest of the root
    /// (`bin`, `agent`) belongs to the backend, so a build cannot change what runs next.
    public static func accountDirectories(root: String, resultsDir: String) -> [String] {
        var directories = [root + "/var/lib/copr-rpmbuild", root + "/tmp", root + "/home"]
        let resultsParent = (root + resultsDir as NSString).deletingLastPathComponent
        if !directories.contains(where: { resultsParent == $0 || resultsParent.hasPrefix($0 + "/") }) {
            directories.append(resultsParent)
        }
        return directories
    }

    /// The command line that runs `command` (an argument vector) in the sandbox as the
    /// build account; `bwrap` runs as root and `setpriv` drops every privilege before
    /// `command` starts.
    public func commandLine(_ command: [String]) -> [String] {
        ["bwrap"] + mounts() + [
            "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent",
            "--chdir", root,
            "--", "setpriv", "--reuid=\(account.uid)", "--regid=\(account.gid)", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--",
        ] + command
    }

    /// Stops every process of the build account (what a build left behind), as that
    /// account: `kill -KILL -1` reaches only the caller's own processes.
    public var stopLeftoversCommandLine: [String] {
        ["setpriv", "--reuid=\(account.uid)", "--regid=\(account.gid)", "--clear-groups", "--", "kill", "-KILL", "-1"]
    }

    /// The mount arguments, in the order bubblewrap must apply them: the system
    /// read-only, the covering mounts (private temporary directories, hidden
    /// directories) parents first, then the root with the directories leading to it,
    /// then the agent.
    func mounts() -> [String] {
        var arguments = ["--ro-bind", "/", "/", "--dev", "/dev", "--perms", "0755", "--dir", "/dev/net", "--dev-bind-try", "/dev/net/tun", "/dev/net/tun",
                         "--proc", "/proc"]
        var covering: [(path: String, arguments: [String])] = []
        for scratch in ["/tmp", "/var/tmp"] {
            // A root inside a temporary directory is mounted again below, so that
            // directory is an empty tmpfs rather than the root's own tmp.
            let arguments = Self.isInside(root, scratch)
                ? ["--perms", "1777", "--tmpfs", scratch] : ["--bind", root + "/tmp", scratch]
            covering.append((scratch, arguments))
        }
        for path in Set(hiddenPaths.map(Self.normalized)) where !covering.contains(where: { Self.isInside(path, $0.path) }) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), path != "/" else { continue }
            covering.append((path, isDirectory.boolValue ? ["--tmpfs", path] : ["--ro-bind", "/dev/null", path]))
        }
        covering.sort { $0.path.count < $1.path.count }
        arguments += covering.flatMap(\.arguments)
        // The root reappears inside whatever covers it, through directories anyone may enter.
        if let cover = covering.filter({ Self.isInside(root, $0.path) && root != $0.path }).map(\.path).max(by: { $0.count < $1.count }) {
            var path = cover
            for component in root.dropFirst(cover.count).split(separator: "/").dropLast() {
                path += "/" + component
                arguments += ["--perms", "0755", "--dir", path]
            }
        }
        arguments += ["--bind", root, root, "--ro-bind", agentDirectory, agentMount]
        return arguments
    }

    static func isInside(_ path: String, _ directory: String) -> Bool {
        path == directory || path.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/")
    }

    static func normalized(_ path: String) -> String {
        let standardized = (path as NSString).standardizingPath
        return standardized.count > 1 && standardized.hasSuffix("/") ? String(standardized.dropLast()) : standardized
    }
}
