import ArgumentParser
import Foundation

/// Follows one build until it ends (`build watch`, `build submit --wait`): polls
/// `GET /api/builds/<id>`, prints what ``BuildWatch`` makes of each answer with the time,
/// and the last lines of each log that failed. Exits 1 unless the build succeeded.
struct BuildFollower {
    /// How often the build is asked for; a user reads changes within this.
    static let pollInterval = Duration.seconds(1)

    let client: UserAPIClient
    let buildID: Int

    func follow() async throws {
        var watch = BuildWatch(describe: TaskDescription(now: nil, time: Self.clockTime))
        while true {
            let snapshot = BuildSnapshot(try await reportingFailure { try await client.get("/api/builds/\(buildID)") })
            let step = watch.observe(snapshot)
            let stamp = Self.clockTime(Date().timeIntervalSince1970)
            for line in step.lines { print("\(stamp) \(line)") }
            for task in step.failedLogs {
                let tail = try await reportingFailure { try await client.logTail(buildID: buildID, chroot: task) }
                print("--- the last lines of the log of \(task) (all of it: copr-backend logs \(buildID) \(task)):")
                for line in tail { print("    \(line)") }
            }
            fflush(nil)
            if step.ended {
                if snapshot.state != "succeeded" { throw ExitCode(1) }
                return
            }
            try await Task.sleep(for: Self.pollInterval)
        }
    }

    /// `HH:mm:ss` of a moment, in the local time zone: what a user watching compares with a clock.
    @Sendable static func clockTime(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
