import CoprCore

@testable import CoprFrontend
import Testing

/// The frontend's transitions as a plain value, every state against every report.
@Suite("Embedded frontend: build state transitions")
struct BuildStateTests {
    static let now = 1_800_000_000.0

    static func state(source: BuildStatus, chroots: [BuildStatus]) -> BuildState {
        let build = Build(
            id: 7, projectID: 1, submitter: "alice", source: .specURL("https://example.org/hello.spec"), background: false,
            timeout: 3600, packageName: nil, packageVersion: nil, srpmURL: nil, sourceStatus: source, sourceResultDir: nil,
            submittedOn: 1, startedOn: nil, endedOn: nil, canceled: false)
        let names = ["epel-9-x86_64", "fedora-41-x86_64", "fedora-42-x86_64"]
        return BuildState(build: build, chroots: chroots.enumerated().map { index, status in
            BuildChroot(buildID: 7, chroot: names[index], status: status, startedOn: nil, endedOn: nil, resultDir: nil)
        })
    }

    @Test("an RPM task takes the reported backend state unless it already ended", arguments: BuildStatus.allCases)
    func rpmTask(current: BuildStatus) {
        for reported in BuildStatus.allCases {
            var state = Self.state(source: .succeeded, chroots: [current])
            let outcome = state.apply(TaskReport(task: .rpm(buildID: 7, chroot: "epel-9-x86_64"), status: reported), now: Self.now)
            #expect(outcome == .applied(newWork: false))
            let backendStates: [BuildStatus] = [.starting, .running, .succeeded, .failed, .skipped, .canceled]
            let expected = current.isTerminal || !backendStates.contains(reported) ? current : reported
            #expect(state.chroots[0].status == expected, "\(current) + \(reported)")
            #expect((state.chroots[0].endedOn == Self.now) == (expected != current && expected.isTerminal))
        }
    }

    @Test("a source report moves the source build, and its end decides the chroots", arguments: BuildStatus.allCases)
    func sourceTask(current: BuildStatus) {
        for reported in BuildStatus.allCases {
            var state = Self.state(source: current, chroots: [.waiting, .succeeded, .canceled])
            let outcome = state.apply(
                TaskReport(task: .source(buildID: 7), status: reported, packageName: "hello", packageVersion: "1.0-1"), now: Self.now)
            let chroots = state.chroots.map(\.status)
            if current.isTerminal {
                #expect(state.build.sourceStatus == current)
                #expect(chroots == [.waiting, .succeeded, .canceled])
                continue
            }
            switch reported {
            case .succeeded:
                #expect(outcome == .applied(newWork: true))
                #expect(state.build.sourceStatus == .succeeded)
                #expect(state.build.packageName == "hello")
                #expect(chroots == [.pending, .succeeded, .canceled])
            case .failed, .skipped, .canceled:
                #expect(outcome == .applied(newWork: false))
                #expect(state.build.sourceStatus == reported)
                #expect(chroots == [reported, .succeeded, .canceled])
                #expect(state.chroots[0].endedOn == Self.now)
            case .starting, .running:
                #expect(state.build.sourceStatus == reported)
                #expect(chroots == [.waiting, .succeeded, .canceled])
            case .pending, .importing, .forked, .waiting, .unknown:
                #expect(state.build.sourceStatus == current)
            }
        }
    }

    @Test("a cancel ends what has not ended, and a cancelled task may not start")
    func cancel() {
        var state = Self.state(source: .succeeded, chroots: [.running, .succeeded, .pending])
        let canceled = state.cancel(now: Self.now)
        #expect(canceled.map(\.description) == ["7-epel-9-x86_64", "7-fedora-42-x86_64"])
        #expect(state.build.canceled)
        #expect(state.chroots.map(\.status) == [.canceled, .succeeded, .canceled])
        let canStart = state.start(TaskReport(task: .rpm(buildID: 7, chroot: "fedora-42-x86_64"), status: .starting), cancelRequested: false, now: Self.now)
        #expect(!canStart)
        let canceledAgain = state.cancel(now: Self.now)
        #expect(canceledAgain.isEmpty)

        var fresh = Self.state(source: .succeeded, chroots: [.pending])
        let raced = fresh.start(TaskReport(task: .rpm(buildID: 7, chroot: "epel-9-x86_64"), status: .starting), cancelRequested: true, now: Self.now)
        #expect(!raced)
        #expect(fresh.chroots[0].status == .canceled)
        let unknownStart = fresh.start(TaskReport(task: .rpm(buildID: 7, chroot: "fedora-99-x86_64"), status: .starting), cancelRequested: false, now: Self.now)
        #expect(!unknownStart)
        let unknownUpdate = fresh.apply(TaskReport(task: .rpm(buildID: 7, chroot: "fedora-99-x86_64"), status: .running), now: Self.now)
        #expect(unknownUpdate == .unknownTask)
    }

    @Test("starting_build: a task may start unless it has ended, in every state", arguments: BuildStatus.allCases)
    func startOnlyUnended(current: BuildStatus) {
        var rpm = Self.state(source: .succeeded, chroots: [current])
        let rpmStarts = rpm.start(TaskReport(task: .rpm(buildID: 7, chroot: "epel-9-x86_64"), status: .starting), cancelRequested: false, now: Self.now)
        #expect(rpmStarts == !current.isTerminal)
        #expect(rpm.chroots[0].status == (current.isTerminal ? current : .starting))
        var source = Self.state(source: current, chroots: [.waiting])
        let sourceStarts = source.start(TaskReport(task: .source(buildID: 7), status: .starting), cancelRequested: false, now: Self.now)
        #expect(sourceStarts == !current.isTerminal)
        #expect(source.build.sourceStatus == (current.isTerminal ? current : .starting))
    }

    @Test("a cancel of a task still getting a builder leaves no start time; a running task keeps its run")
    func cancelBeforeRunning() {
        var state = Self.state(source: .succeeded, chroots: [.pending, .pending])
        _ = state.start(TaskReport(task: .rpm(buildID: 7, chroot: "epel-9-x86_64"), status: .starting), cancelRequested: false, now: 100)
        _ = state.start(TaskReport(task: .rpm(buildID: 7, chroot: "fedora-41-x86_64"), status: .starting), cancelRequested: false, now: 100)
        _ = state.apply(TaskReport(task: .rpm(buildID: 7, chroot: "fedora-41-x86_64"), status: .running, startedOn: 110), now: 110)
        _ = state.cancel(now: 120)
        #expect(state.chroots.map(\.status) == [.canceled, .canceled])
        #expect(state.chroots.map(\.startedOn) == [nil, 110])
        #expect(state.chroots.map(\.endedOn) == [120, 120])
    }
}
