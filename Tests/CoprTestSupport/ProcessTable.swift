import Foundation

/// A snapshot of the machine's processes read from /proc: enough to find the children
/// of a test host's sshd listener, or everything a crashing daemon leaves behind.
struct ProcessTable {
    struct Entry {
        let pid: Int32
        let parent: Int32
        let command: String
    }

    let entries: [Entry]

    /// Reads every /proc/<pid>/stat that is still there.
    static func snapshot() -> ProcessTable {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let entries = names.compactMap { name -> Entry? in
            guard let pid = Int32(name),
                  let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { return nil }
            // "<pid> (<comm>) <state> <ppid> ..."; comm may contain spaces, hence the parens.
            let rest = stat[stat.index(after: close)...].split(separator: " ")
            guard rest.count > 1, let parent = Int32(rest[1]) else { return nil }
            return Entry(pid: pid, parent: parent, command: String(stat[stat.index(after: open)..<close]))
        }
        return ProcessTable(entries: entries)
    }

    /// The processes named `command` below `pid`, following only processes of that name.
    func descendants(of pid: Int32, named command: String) -> [Int32] {
        var found: [Int32] = []
        var frontier = [pid]
        while let current = frontier.popLast() {
            let children = entries.filter { $0.parent == current && $0.command == command }.map(\.pid)
            found += children
            frontier += children
        }
        return found
    }

    /// Every process below `pid`.
    func descendants(of pid: Int32) -> [Int32] {
        var found: [Int32] = []
        var frontier = [pid]
        while let current = frontier.popLast() {
            let children = self.children(of: current)
            found += children
            frontier += children
        }
        return found
    }

    /// The processes whose command line contains `text`.
    func processes(commandLineContaining text: String) -> [Int32] {
        entries.map(\.pid).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self).contains(text)
        }
    }

    /// The direct children of `pid`.
    func children(of pid: Int32) -> [Int32] {
        entries.filter { $0.parent == pid }.map(\.pid)
    }
}

/// Kills with SIGKILL the processes `pids`, everything below them, and every process
/// whose command line mentions `path` (ssh ControlMaster helpers detach from their
/// parent): a crash that leaves nothing of the crashed program running.
public func killProcessTrees(_ pids: [Int32], andProcessesMentioning path: String) {
    // Stop the roots first so they cannot start anything while the rest is collected.
    for pid in pids { kill(pid, SIGSTOP) }
    let table = ProcessTable.snapshot()
    let victims = Set(pids + pids.flatMap { table.descendants(of: $0) } + table.processes(commandLineContaining: path))
    for pid in victims where pid != getpid() { kill(pid, SIGKILL) }
}
