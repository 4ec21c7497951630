import CoprCore
import Foundation

/// One answer of `GET /api/builds/<id>` as the CLI reads it: the build's state and each of
/// its tasks, the source build first. Unknown or missing fields read as nothing, so an
/// older or newer frontend never stops the CLI.
struct BuildSnapshot: Equatable {
    /// One task: the source build (named `srpm-builds`) or one chroot.
    struct Task: Equatable {
        var name: String
        var state: String
        var startedOn: Double?
        var endedOn: Double?
        var resultURL: String?
        /// Set while the daemon holds the task back: its place in the queue (1: next).
        var queuePosition: Int?
        var waitingFor: String?

        var isSourceBuild: Bool { name == TaskID.sourceBuildsChroot }
    }

    var id: Int
    var project: String
    var state: String
    /// Set once every task has ended.
    var endedOn: Double?
    /// The source build, then the chroots by name.
    var tasks: [Task]

    /// Whether nothing of the build runs or will run any more.
    var hasEnded: Bool { endedOn != nil }

    init(_ build: JSONValue) {
        id = build["id"]?.intValue ?? 0
        project = build["project"]?.stringValue ?? "?"
        state = build["state"]?.stringValue ?? "unknown"
        endedOn = build["ended_on"]?.doubleValue
        let source = build["source_build"].map { Self.task(TaskID.sourceBuildsChroot, $0) }
        tasks = (source.map { [$0] } ?? [])
            + (build["chroots"]?.arrayValue ?? []).map { Self.task($0["name"]?.stringValue ?? "?", $0) }
    }

    private static func task(_ name: String, _ value: JSONValue) -> Task {
        Task(
            name: name, state: value["state"]?.stringValue ?? "unknown", startedOn: value["started_on"]?.doubleValue,
            endedOn: value["ended_on"]?.doubleValue, resultURL: value["result_url"]?.stringValue,
            queuePosition: value["queue_position"]?.intValue, waitingFor: value["waiting_for"]?.stringValue)
    }
}
