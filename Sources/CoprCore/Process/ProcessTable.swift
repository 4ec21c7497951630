import Foundation

/// A snapshot of the live (non-zombie) processes from `/proc`, with their process group and
/// session: whether a stopped group is empty yet, and everything a detached build started.
public struct ProcessTable: Sendable {
    /// One process.
    public struct Entry: Sendable, Equatable {
        public let pid: Int32
        public let processGroup: Int32
        public let session: Int32
    }

    public let entries: [Entry]

    /// Reads `/proc/<pid>/stat` of every process; zombies are left out because they are
    /// already dead and only wait to be reaped.
    public init() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        entries = names.compactMap { name in
            guard let pid = Int32(name),
                  let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After the command: state, ppid, pgrp, session.
            guard fields.count > 3, fields[0] != "Z", fields[0] != "X",
                  let group = Int32(fields[2]), let session = Int32(fields[3]) else { return nil }
            return Entry(pid: pid, processGroup: group, session: session)
        }
    }

    /// Whether a live process of the group `groupID` remains.
    public func hasMembers(ofGroup groupID: Int32) -> Bool {
        entries.contains { $0.processGroup == groupID }
    }

    /// The process groups that belong to the build whose leader has `groupID`: the group
    /// itself and every group inside the session it leads (builds give their programs
    /// their own groups so a timeout can stop them).
    public func groups(ofBuild groupID: Int32) -> Set<Int32> {
        Set(entries.filter { $0.processGroup == groupID || $0.session == groupID }.map(\.processGroup))
    }
}
