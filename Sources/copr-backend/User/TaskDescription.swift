import Foundation

/// What one task of a build is doing, in words, for `build show` and `build watch`: a
/// task still waiting says what for and since when, and only a task that ran says how
/// long it ran. `starting` is Copr's state of a task whose worker is getting a builder,
/// so it is told as waiting, never as running.
struct TaskDescription: Sendable {
    /// The present (UNIX seconds), for "for N s" of what runs; nil leaves that out (a
    /// line printed once, when the task starts running).
    var now: Double?
    /// How a moment is written.
    var time: @Sendable (Double) -> String

    func describe(_ task: BuildSnapshot.Task) -> String {
        switch task.state {
        case "waiting":
            return "waiting for the source build"
        case "pending":
            return "pending: " + waiting(task, default: "in the queue")
        case "starting":
            let since = task.startedOn.map { " since \(time($0))" } ?? ""
            return "starting: waiting for a builder\(since)" + (task.waitingFor.map { " (\($0))" } ?? "")
        case "running":
            guard let started = task.startedOn else { return "running" }
            return "running since \(time(started))" + (now.map { ", for \(seconds($0 - started))" } ?? "")
        case "succeeded", "failed":
            guard let started = task.startedOn, let ended = task.endedOn else {
                return task.state == "failed" ? "failed before it started" : task.state
            }
            return "\(task.state), took \(seconds(ended - started))"
        case "canceled":
            guard let started = task.startedOn, let ended = task.endedOn else { return "canceled before it started" }
            return "canceled after running \(seconds(ended - started))"
        default:
            return task.state
        }
    }

    /// The queue position and reason of a waiting task, or `default` when the daemon said
    /// nothing of it.
    private func waiting(_ task: BuildSnapshot.Task, default text: String) -> String {
        var parts: [String] = []
        if let position = task.queuePosition { parts.append("number \(position) in the queue") }
        if let reason = task.waitingFor { parts.append("waits for \(reason)") }
        return parts.isEmpty ? text : parts.joined(separator: ", ")
    }

    private func seconds(_ value: Double) -> String {
        String(format: "%.0f s", max(0, value))
    }
}
