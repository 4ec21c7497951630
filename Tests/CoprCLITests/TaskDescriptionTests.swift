import CoprCore
import Testing

@testable import copr_backend

/// How `build show` describes a task: only a task that ran is said to have run.
@Suite("CLI: describing a task")
struct TaskDescriptionTests {
    static let describe = TaskDescription(now: 1_000) { "t\(Int($0))" }

    static func task(_ state: String, started: Double? = nil, ended: Double? = nil) -> BuildSnapshot.Task {
        BuildSnapshot.Task(name: "fedora-41-x86_64", state: state, startedOn: started, endedOn: ended)
    }

    @Test("a task still getting a builder waits since its start; one canceled before it ran says so")
    func waitingAndCanceled() {
        #expect(Self.describe.describe(Self.task("starting", started: 994)) == "starting: waiting for a builder since t994")
        #expect(Self.describe.describe(Self.task("canceled", ended: 1_006)) == "canceled before it started")
        #expect(Self.describe.describe(Self.task("canceled", started: 990, ended: 1_000)) == "canceled after running 10 s")
        #expect(Self.describe.describe(Self.task("pending")) == "pending: in the queue")
        #expect(Self.describe.describe(Self.task("waiting")) == "waiting for the source build")
    }

    @Test("a running task runs since its start; an ended one took its time")
    func runningAndEnded() {
        #expect(Self.describe.describe(Self.task("running", started: 994)) == "running since t994, for 6 s")
        #expect(Self.describe.describe(Self.task("succeeded", started: 900, ended: 960)) == "succeeded, took 60 s")
        #expect(Self.describe.describe(Self.task("failed", ended: 960)) == "failed before it started")
    }
}
