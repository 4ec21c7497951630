import CoprCore
import Testing

@testable import copr_backend

/// What `build watch` and `build submit --wait` print, fed the answers a build goes through.
@Suite("CLI: watching a build")
struct BuildWatchTests {
    static let describe = TaskDescription(now: nil) { "t\(Int($0))" }

    /// An answer of `GET /api/builds/7` with the source build and one chroot.
    static func build(
        state: String, source: [String: JSONValue], chroot: [String: JSONValue], endedOn: Double? = nil
    ) -> BuildSnapshot {
        var sourceBuild = source
        var task = chroot
        task["name"] = "fedora-41-x86_64"
        if sourceBuild["state"] == nil { sourceBuild["state"] = "succeeded" }
        return BuildSnapshot([
            "id": 7, "project": "jdoe/hello", "state": .string(state), "ended_on": endedOn.map(JSONValue.double) ?? .null,
            "source_build": .object(sourceBuild), "chroots": [.object(task)],
        ])
    }

    @Test("every change of a task is one line, a waiting task says its place and reason, a failed chroot names its log")
    func successiveChanges() {
        var watch = BuildWatch(describe: Self.describe)
        let queued = watch.observe(Self.build(
            state: "pending",
            source: ["state": "pending", "queue_position": 3, "waiting_for": "a free builder: all 2 builds the daemon runs at once are running (builds_max_workers)"],
            chroot: ["state": "waiting"]))
        #expect(queued.lines == [
            "srpm-builds: pending: number 3 in the queue, waits for a free builder: all 2 builds the daemon runs at once are running (builds_max_workers)",
            "fedora-41-x86_64: waiting for the source build",
        ])
        #expect(queued.failedLogs.isEmpty && !queued.ended)

        // The same answer again prints nothing.
        #expect(watch.observe(Self.build(
            state: "pending",
            source: ["state": "pending", "queue_position": 3, "waiting_for": "a free builder: all 2 builds the daemon runs at once are running (builds_max_workers)"],
            chroot: ["state": "waiting"])).lines.isEmpty)

        let starting = watch.observe(Self.build(
            state: "starting", source: ["state": "starting", "started_on": 100, "waiting_for": "no builder free yet: waiting for one to be allocated"],
            chroot: ["state": "waiting"]))
        #expect(starting.lines == ["srpm-builds: starting: waiting for a builder since t100 (no builder free yet: waiting for one to be allocated)"])

        let running = watch.observe(Self.build(
            state: "pending", source: ["state": "succeeded", "started_on": 101, "ended_on": 110],
            chroot: ["state": "running", "started_on": 111]))
        #expect(running.lines == ["srpm-builds: succeeded, took 9 s", "fedora-41-x86_64: running since t111"])

        let failed = watch.observe(Self.build(
            state: "failed", source: ["state": "succeeded", "started_on": 101, "ended_on": 110],
            chroot: ["state": "failed", "started_on": 111, "ended_on": 140], endedOn: 140))
        #expect(failed.lines == ["fedora-41-x86_64: failed, took 29 s", "Build 7 failed"])
        #expect(failed.failedLogs == ["fedora-41-x86_64"])
        #expect(failed.ended)
    }

    @Test("a failed source build names its own log, not the chroots' it failed with it")
    func sourceFailure() {
        var watch = BuildWatch(describe: Self.describe)
        let step = watch.observe(Self.build(
            state: "failed", source: ["state": "failed", "started_on": 100, "ended_on": 104],
            chroot: ["state": "failed", "ended_on": 104], endedOn: 104))
        #expect(step.lines == ["srpm-builds: failed, took 4 s", "fedora-41-x86_64: failed before it started", "Build 7 failed"])
        #expect(step.failedLogs == ["srpm-builds"])
    }

    @Test("a build whose batch waits for another says for which builds, once, and then that it runs")
    func waitingForBatch() {
        var watch = BuildWatch(describe: Self.describe)
        let waiting = Self.build(
            state: "pending", source: ["state": "pending", "queue_position": .null, "waiting_for": "batch 3 (builds 12, 13) to end"],
            chroot: ["state": "waiting"])
        #expect(watch.observe(waiting).lines == [
            "srpm-builds: pending: waits for batch 3 (builds 12, 13) to end", "fedora-41-x86_64: waiting for the source build",
        ])
        #expect(watch.observe(waiting).lines.isEmpty)
        let running = watch.observe(Self.build(
            state: "running", source: ["state": "running", "started_on": 120], chroot: ["state": "waiting"]))
        #expect(running.lines == ["srpm-builds: running since t120"])
    }
}
