import CoprBackend
import CoprCore
import CoprFrontend
import CoprTestSupport
import Foundation
import Testing

/// A chroot with `+` in its name, as Copr has them (`centos-stream+epel-next-9-x86_64`),
/// through every side: the embedded frontend accepts the project and the submission, the
/// scheduler takes both tasks from `pending-jobs`, and the worker builds them on a
/// scripted builder over SSH into the chroot's own directory.
@Suite("Integration: a '+' chroot end to end", .timeLimit(.minutes(3)))
struct TaskContractEndToEndTests {
    typealias Server = EmbeddedFrontendTestServer
    static let chroot = "centos-stream+epel-next-9-x86_64"

    @Test("a centos-stream+epel-next-9-x86_64 build is accepted, scheduled and built")
    func plusChroot() async throws {
        try await Server.run { frontend in
            try await frontend.createProject(chroots: [Self.chroot])
            let id = try await frontend.submit(chroots: [Self.chroot])
            let overrides = ["backend": ["frontend_base_url": frontend.baseURL, "frontend_auth": Server.password]]
            try await WorkerTestBed.run(hosts: 1, config: overrides) { bed in
                let worker = try bed.worker()
                var scheduler = Scheduler(options: SchedulingFixtures.options())

                let source = try await Self.scheduledTask(&scheduler, from: frontend)
                #expect(source.taskID == "\(id)" && source.workerChroot == TaskID.sourceBuildsChroot)
                #expect(await worker.process(buildID: id, chroot: source.workerChroot, interrupt: BuildInterrupt()) == .finished(.succeeded))
                scheduler.workerEnded(taskID: source.taskID)

                let rpm = try await Self.scheduledTask(&scheduler, from: frontend)
                #expect(rpm.taskID == "\(id)-\(Self.chroot)" && rpm.workerChroot == Self.chroot)
                #expect(rpm.requestedArch == "x86_64")
                #expect(await worker.process(buildID: id, chroot: rpm.workerChroot, interrupt: BuildInterrupt()) == .finished(.succeeded))

                let overview = try await frontend.store.build(id: id)
                #expect(overview.state == .succeeded)
                #expect(overview.chroots.map(\.chroot) == [Self.chroot])
                let files = try FileManager.default.contentsOfDirectory(atPath: bed.resultsDir(id, chroot: Self.chroot))
                #expect(files.contains("success"), "\(files)")
                #expect(files.contains { $0.hasSuffix(".noarch.rpm") }, "\(files)")
                #expect(try await frontend.client().pendingJobs().isEmpty)
            }
        }
    }

    /// The one task `pending-jobs` lists now, as the scheduler takes it in and starts it.
    private static func scheduledTask(_ scheduler: inout Scheduler, from frontend: Server) async throws -> QueuedTask {
        let intake = scheduler.beginCycle(pendingRecords: try await frontend.client().pendingJobs(), fetchedAt: scheduler.fetchBegins())
        #expect(intake.skipped.isEmpty, "\(intake.skipped)")
        let started = scheduler.planStarts()
        #expect(started.count == 1)
        return try #require(started.first)
    }
}
