import CoprCore
import Foundation

/// The builder's configuration: upstream's `/etc/copr-rpmbuild/main.ini` (section `[main]`)
/// with upstream's keys and defaults, plus our timing knobs (see ``Timings``) and the
/// addresses sources may not come from (``addressPolicy``).
///
/// The file is looked up as upstream does: an explicit `--config` path, then the
/// environment variable `COPR_RPMBUILD_CONFIG`, then `main.ini` in the current directory,
/// then `/etc/copr-rpmbuild/main.ini`. A missing file means all defaults.
public struct BuilderConfig: Sendable, Equatable {
    /// `frontend_url`: the Copr frontend, used with `--build-id`.
    public var frontendURL: String = "https://copr.fedoraproject.org"
    /// `resultdir`: where the results of the current task go (the backend rsyncs it).
    public var resultDir: String = "/var/lib/copr-rpmbuild/results"
    /// `lockfile`: the exclusive lock that serialises builds on one builder.
    public var lockFile: String = "/var/lib/copr-rpmbuild/lockfile"
    /// `logfile`: `main.log`, the filtered output of the detached build.
    public var logFile: String = "/var/lib/copr-rpmbuild/main.log"
    /// `pidfile`: the process group id of the detached build.
    public var pidFile: String = "/var/lib/copr-rpmbuild/pid"
    /// `logger_pidfile`: the pid of the log filter that writes `main.log`.
    public var loggerPidFile: String = "/var/lib/copr-rpmbuild/logger_pid"
    /// `workspace`: scratch space for downloads, checkouts and rpmbuild trees.
    public var workspace: String = "/var/lib/copr-rpmbuild/workspace"
    /// `mock_config_dir`: where mock chroot configs live (`/etc/mock`).
    public var mockConfigDir: String = "/etc/mock"
    /// `rawhide_release`: the Fedora release number used for `%dist` of `fedora-rawhide-*`.
    public var rawhideRelease: String = "44"
    /// `require_network_isolation` (ours): the package's own code (spec macros, the build)
    /// must run cut off the network where it should, or the build fails. Off by default,
    /// where a builder that cannot isolate only says so in the log; a backend that
    /// sandboxes its local builders turns it on.
    public var requireNetworkIsolation = false
    /// `private_build_network` (ours): a build with `enable_net` runs in a network of its
    /// own that reaches the outside world but no address of this machine and no forbidden
    /// network (see ``PrivateBuildNetwork``). Off by default, where such a build shares the
    /// builder's network as upstream's does; a backend's sandboxed local builders, which
    /// share the backend's machine, turn it on.
    public var privateBuildNetwork = false
    /// `forbidden_networks`: networks no source URL, redirect or clone may reach, comma- or
    /// space-separated CIDR (default: loopback, link-local, "this host"; see
    /// ``AddressPolicy/defaultForbiddenNetworks``). Empty allows every network.
    public var forbiddenNetworks: [IPNetwork] = AddressPolicy.defaultForbiddenNetworks
    /// `forbid_local_addresses`: whether the addresses of this machine's own interfaces are
    /// refused too (default true): on a builder that shares its machine with the backend,
    /// the backend's services listen there.
    public var forbidsLocalAddresses = true
    /// `pypi_index_url` (ours): the Python Package Index PyPI sources are read from, as
    /// `<index>/pypi/<name>/json` (PyPI's JSON API); upstream's builders always read
    /// pypi.org.
    public var pypiIndexURL = BuilderConfig.defaultPyPIIndexURL
    /// Waiting and signalling intervals.
    public var timings = Timings()

    /// The rule every source URL of a task is checked against after resolution.
    public var addressPolicy: AddressPolicy {
        AddressPolicy(forbiddenNetworks: forbiddenNetworks, forbidsInterfaceAddresses: forbidsLocalAddresses)
    }

    /// The file this configuration was read from, if any.
    public var sourcePath: String?

    public init() {}

    /// The index upstream's builders read.
    public static let defaultPyPIIndexURL = "https://pypi.org"

    /// The well-known location of the builder configuration.
    public static let systemPath = "/etc/copr-rpmbuild/main.ini"

    /// Loads the configuration as described on the type.
    public static func load(explicitPath: String?, environment: [String: String]) throws -> BuilderConfig {
        let candidates: [String]
        if let path = explicitPath ?? environment["COPR_RPMBUILD_CONFIG"] {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw CoprRPMBuildError.badConfiguration("config file \(path) does not exist or is not readable")
            }
            candidates = [path]
        } else {
            candidates = [FileManager.default.currentDirectoryPath + "/main.ini", systemPath]
        }
        let path = candidates.first { FileManager.default.isReadableFile(atPath: $0) }
        let ini: INIFile
        do {
            ini = try INIFile(text: path.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? "")
        } catch let error as INIFile.ParseError {
            throw CoprRPMBuildError.badConfiguration("\(path ?? "main.ini"): \(error)")
        }
        var config = try BuilderConfig(ini: ini, environment: environment)
        config.sourcePath = path
        return config
    }

    /// Builds a configuration from parsed INI text and the environment.
    public init(ini: INIFile, environment: [String: String]) throws {
        func value(_ key: String) -> String? {
            environment["COPR_RPMBUILD_" + key.uppercased()] ?? ini.value("main", key)
        }
        frontendURL = value("frontend_url") ?? frontendURL
        resultDir = value("resultdir") ?? resultDir
        lockFile = value("lockfile") ?? lockFile
        logFile = value("logfile") ?? logFile
        pidFile = value("pidfile") ?? pidFile
        loggerPidFile = value("logger_pidfile") ?? loggerPidFile
        workspace = value("workspace") ?? workspace
        mockConfigDir = value("mock_config_dir") ?? mockConfigDir
        rawhideRelease = value("rawhide_release") ?? rawhideRelease
        if let raw = value("require_network_isolation") {
            guard let flag = Self.boolean(raw) else {
                throw CoprRPMBuildError.badConfiguration("require_network_isolation must be true or false, got '\(raw)'")
            }
            requireNetworkIsolation = flag
        }
        if let raw = value("private_build_network") {
            guard let flag = Self.boolean(raw) else {
                throw CoprRPMBuildError.badConfiguration("private_build_network must be true or false, got '\(raw)'")
            }
            privateBuildNetwork = flag
        }
        if let raw = value("forbidden_networks") {
            do {
                forbiddenNetworks = try AddressPolicy.networks(parsing: raw)
            } catch {
                throw CoprRPMBuildError.badConfiguration("forbidden_networks: \(error)")
            }
        }
        if let raw = value("forbid_local_addresses") {
            guard let flag = Self.boolean(raw) else {
                throw CoprRPMBuildError.badConfiguration("forbid_local_addresses must be true or false, got '\(raw)'")
            }
            forbidsLocalAddresses = flag
        }
        if let raw = value("pypi_index_url") {
            do {
                pypiIndexURL = try TaskRules.webURL(raw, field: "pypi_index_url")
            } catch {
                throw CoprRPMBuildError.badConfiguration("\(error)")
            }
        }
        for (key, path) in [("resultdir", resultDir), ("workspace", workspace), ("logfile", logFile)]
        where !path.hasPrefix("/") {
            throw CoprRPMBuildError.badConfiguration("\(key) must be an absolute path, got '\(path)'")
        }
        try timings.apply(lookup: value)
    }

    /// A boolean as Python's configparser reads one.
    private static func boolean(_ raw: String) -> Bool? {
        switch raw.lowercased() {
        case "1", "yes", "true", "on": true
        case "0", "no", "false", "off": false
        default: nil
        }
    }
}
