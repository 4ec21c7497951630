import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

@Suite("Integration: the worker on sshd builders, hostile task fields", .timeLimit(.minutes(2)))
struct WorkerInputTests {
    @Test("hostile fields fail the task, touch no builder and write nothing outside destdir", arguments: [
        ("project_owner", JSONValue.string("../../../tmp/escape")),
        ("project_dirname", "x/../../escape"),
        ("package_name", "hello;touch /tmp/pwned-copr"),
        ("package_name", "$(touch /tmp/pwned-copr)"),
        ("submitter", "eve\u{1b}[31m"),
    ])
    func hostileField(field: String, value: JSONValue) async throws {
        try await WorkerTestBed.run(hosts: 1, name: "hostile-\(field)") { bed in
            let record = FrontendStub.rpmTaskRecord(buildID: 51).setting(field, to: value)
            bed.frontend.addRPMTask(record)
            let before = try FileManager.default.contentsOfDirectory(atPath: bed.directory.path).sorted()
            let outcome = try await bed.worker().process(buildID: 51, chroot: "fedora-41-x86_64", interrupt: BuildInterrupt())
            #expect(outcome == .finished(.failed))
            #expect(bed.resalloc.takenTickets.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned-copr"))
            #expect(!FileManager.default.fileExists(atPath: "/tmp/escape"))
            let after = try FileManager.default.contentsOfDirectory(atPath: bed.directory.path).sorted()
            #expect(Set(after).subtracting(before).isSubset(of: ["log", "state"]))
            let final = try #require(bed.finalUpdate("51-fedora-41-x86_64"))
            #expect(final["status"] == 0)
            #expect(bed.workerLog.contains("Invalid \(field): "))
        }
    }
}
