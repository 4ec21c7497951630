import CoprCore
import Foundation

/// What the build page shows of each task, read from the results tree: the result
/// directory, its logs, the packages it holds with their sizes, and the tail of the live
/// log of a task that has not ended.
struct BuildTasks: Sendable {
    /// The most package files listed for one task.
    static let maximumPackages = 500

    let layout: ResultsLayout

    /// The source build first, then each chroot by name.
    func rows(of overview: BuildOverview) async throws -> [BuildView.TaskRow] {
        var rows = [
            try await row(
                overview, name: "source build", logChroot: TaskID.sourceBuildsChroot, state: overview.build.sourceStatus,
                startedOn: overview.build.startedOn, endedOn: overview.build.endedOn, chroot: nil)
        ]
        for chroot in overview.chroots {
            rows.append(try await row(
                overview, name: chroot.chroot, logChroot: chroot.chroot, state: chroot.status, startedOn: chroot.startedOn,
                endedOn: chroot.endedOn, chroot: chroot))
        }
        return rows
    }

    private func row(
        _ overview: BuildOverview, name: String, logChroot: String, state: BuildStatus, startedOn: Double?, endedOn: Double?,
        chroot: BuildChroot?
    ) async throws -> BuildView.TaskRow {
        let directory = layout.taskDirectory(project: overview.project, build: overview.build, chroot: chroot)
        // A task that has not started has no directory yet; one that has shows what it holds.
        let started = startedOn != nil || state.isTerminal || state == .running || state == .starting
        let files = (directory != nil && started) ? files(in: directory!) : []
        let logs = files.filter { $0.hasSuffix(".log") || $0.hasSuffix(".log.gz") }.map { file in
            // The results tree serves a compressed log under its plain name, as text.
            let shown = file.hasSuffix(".gz") ? String(file.dropLast(3)) : file
            return BuildView.FileLink(name: shown, url: layout.url("\(directory!)/\(shown)"), size: "")
        }
        let packages = files.filter { $0.hasSuffix(".rpm") }.prefix(Self.maximumPackages).map { file in
            BuildView.FileLink(name: file, url: layout.url("\(directory!)/\(file)"), size: size(of: "\(directory!)/\(file)"))
        }
        var live: BuildView.LiveLog?
        if let directory, !state.isTerminal, !overview.build.canceled {
            let tail = try await LogTail.read(taskDirectory: layout.path(directory))
            live = BuildView.LiveLog(
                apiURL: "/api/builds/\(overview.build.id)/log/\(WebPath.segment(logChroot))", offset: tail.nextOffset, text: tail.text,
                isCut: tail.isCut)
        }
        return BuildView.TaskRow(
            name: name, state: state.name, builder: files.contains(BuildInfo.fileName) ? builder(in: directory!) : "", started: WebTime.text(startedOn), ended: WebTime.text(endedOn),
            duration: WebTime.duration(from: startedOn, to: endedOn),
            resultURL: files.isEmpty ? nil : layout.url(directory!, directory: true), logs: logs, packages: Array(packages), live: live)
    }

    /// The names of the files of `directory` (relative to the results root), sorted, or
    /// none when it does not exist.
    private func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: layout.path(directory))) ?? []).sorted()
    }

    /// The builder the task ran on, from its ``BuildInfo``; empty when unreadable.
    private func builder(in directory: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: layout.path("\(directory)/\(BuildInfo.fileName)")) else { return "" }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: BuildInfo.maximumSize) else { return "" }
        return BuildInfo(text: String(decoding: data, as: UTF8.self))?.builder ?? ""
    }

    private func size(of relative: String) -> String {
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: layout.path(relative)))?[.size] as? NSNumber)?.intValue
        return bytes.map(DirectoryListing.readableSize) ?? ""
    }
}
