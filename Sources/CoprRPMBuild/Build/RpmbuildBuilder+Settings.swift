/// The settings of a task that only mock honours, for the build log of an rpmbuild build:
/// rpmbuild builds on the host (with `--nodeps`, the task's repositories serving only the
/// BuildRequires they provide), so it has no bootstrap chroot or isolation of its own.
extension RpmbuildBuilder {
    /// One line per setting the task asks for that this builder cannot honour (the
    /// buildroot packages are logged where the build starts).
    static func unhonoured(_ task: BuildTask) -> [String] {
        var lines: [String] = []
        if let isolation = task.isolation, !["default", "unchanged"].contains(isolation) {
            lines.append("isolation \(isolation) needs mock; building without it")
        }
        if let bootstrap = task.bootstrap, !["default", "unchanged"].contains(bootstrap) {
            let image = task.bootstrapImage.map { " (bootstrap_image \($0))" } ?? ""
            lines.append("bootstrap \(bootstrap)\(image) needs mock; building without it")
        }
        return lines
    }
}
