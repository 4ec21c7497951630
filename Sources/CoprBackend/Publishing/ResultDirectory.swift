import CoprCore
import Foundation

/// The task's directory in the public results tree.
public struct ResultDirectory: Sendable {
    public let path: String
    /// The results tree root; nothing is ever written outside it.
    public let root: String

    public init(path: String, root: String) throws {
        let standardized = (path as NSString).standardizingPath
        let standardizedRoot = (root as NSString).standardizingPath
        guard standardized.hasPrefix(standardizedRoot + "/") else {
            throw PublishingError.outsideResultsTree(path)
        }
        self.path = standardized
        self.root = standardizedRoot
    }

    /// Creates the directory; when a previous run left files, keeps its logs in
    /// `prev_build_backup/` and removes the rest, RPMs included (upstream keeps stale
    /// RPMs, which can then be published with the new build).
    ///
    /// - Returns: true when results of a previous run were found.
    @discardableResult
    public func prepare() throws -> Bool {
        let files = FileManager.default
        try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        let entries = try files.contentsOfDirectory(atPath: path).filter { $0 != "prev_build_backup" }
        guard !entries.isEmpty else { return false }
        let backup = (path as NSString).appendingPathComponent("prev_build_backup")
        try files.createDirectory(atPath: backup, withIntermediateDirectories: true)
        for entry in entries {
            let source = (path as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            _ = files.fileExists(atPath: source, isDirectory: &isDirectory)
            if !isDirectory.boolValue, entry.hasSuffix(".info") || entry.hasSuffix(".log") || entry.hasSuffix(".log.gz") {
                let target = (backup as NSString).appendingPathComponent(entry)
                try? files.removeItem(atPath: target)
                try files.moveItem(atPath: source, toPath: target)
            } else {
                try files.removeItem(atPath: source)
            }
        }
        return true
    }

    /// ``BuildInfo``: which build, on which builder.
    public func writeBuildInfo(buildID: Int, builder: String) throws {
        let target = (path as NSString).appendingPathComponent(BuildInfo.fileName)
        do {
            try BuildInfo(buildID: buildID, builder: builder).text.write(toFile: target, atomically: true, encoding: .utf8)
        } catch {
            throw PublishingError.cannotWrite(target, error.localizedDescription)
        }
    }

    public var hasSuccessFile: Bool {
        FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("success"))
    }

    /// The RPM files directly inside the directory, sorted, SRPMs included.
    public func rpmFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".rpm") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }

    /// Removes what a builder must not publish: symbolic links and special files (they
    /// could point outside the tree), and names with control characters (a newline would
    /// split createrepo's package list). Returns the removed paths, relative.
    public func sanitize() throws -> [String] {
        var removed: [String] = []
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        while let relative = enumerator.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(relative)
            let type = (try? FileManager.default.attributesOfItem(atPath: full))?[.type] as? FileAttributeType
            let badName = relative.unicodeScalars.contains { $0.properties.generalCategory == .control }
            guard badName || (type != .typeRegular && type != .typeDirectory) else { continue }
            if type == .typeDirectory { enumerator.skipDescendants() }
            try FileManager.default.removeItem(atPath: full)
            removed.append(relative)
        }
        return removed
    }
}
