/// Which projects have outlived their `delete_after_days`: a pure decision over given
/// projects and a given time, so that the sweep that deletes them holds no rule of its own.
public enum ProjectExpiry {
    /// The projects whose deadline is at or before `now`, oldest deadline first.
    public static func expired(_ projects: [Project], now: Double) -> [Project] {
        projects.filter { project in project.settings.deleteAfter.map { $0 <= now } ?? false }
            .sorted { ($0.settings.deleteAfter!, $0.id) < ($1.settings.deleteAfter!, $1.id) }
    }
}
