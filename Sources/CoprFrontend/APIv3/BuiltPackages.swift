import CoprCore
import Foundation

/// The packages each chroot of a build produced, as `/build/built-packages/<id>`
/// answers them: `{"<chroot>": {"packages": [{"name", "epoch", "version", "release",
/// "arch"}, …]}}`. They come from the `results.json` the builder leaves in each chroot's
/// result directory (the SRPM among them, as `arch` `src`); a chroot without one (not
/// built, failed before, or a builder that writes none) has no packages.
struct BuiltPackages {
    /// A `results.json` larger than this is not read: a build's list of packages is small.
    static let maximumFileSize = 1 << 20

    let layout: ResultsLayout

    func json(_ overview: BuildOverview) -> JSONValue {
        var answer: [String: JSONValue] = [:]
        for chroot in overview.chroots {
            answer[chroot.chroot] = ["packages": .array(packages(overview, chroot))]
        }
        return .object(answer)
    }

    private func packages(_ overview: BuildOverview, _ chroot: BuildChroot) -> [JSONValue] {
        guard chroot.resultDir != nil,
              let directory = layout.taskDirectory(project: overview.project, build: overview.build, chroot: chroot),
              let file = FileHandle(forReadingAtPath: layout.path("\(directory)/results.json"))
        else { return [] }
        defer { try? file.close() }
        guard let data = try? file.read(upToCount: Self.maximumFileSize + 1), data.count <= Self.maximumFileSize,
              let packages = (try? JSONValue.decode(data))?["packages"]?.arrayValue
        else { return [] }
        return packages
    }
}
