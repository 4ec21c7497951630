import CoprBackend
import CoprTestSupport
import Foundation
import Testing

@Suite("Integration: the worker on sshd builders, builds that fail", .timeLimit(.minutes(2)))
struct WorkerFailureTests {
    @Test("no success file fails the task without another attempt")
    func noSuccessFile() async throws {
        try await WorkerTestBed.run(hosts: 2) { bed in
            bed.farm.hosts.forEach { $0.setBuildMode("fail") }
            let outcome = try await bed.buildRPM(41)
            #expect(outcome == .finished(.failed))
            #expect(bed.resalloc.takenTickets.count == 1)
            let backendLogText = try await bed.log("backend.log", in: bed.resultsDir(41))
            #expect(backendLogText.contains("No success file => build failure"))
            #expect(bed.finalUpdate("41-fedora-41-x86_64")?["status"] == 0)
        }
    }

    @Test("the frontend refusing the start fails the task before any host is taken")
    func startRefused() async throws {
        try await WorkerTestBed.run(hosts: 1) { bed in
            bed.frontend.refuseStart("42-fedora-41-x86_64")
            let outcome = try await bed.buildRPM(42)
            #expect(outcome == .finished(.failed))
            #expect(bed.resalloc.takenTickets.isEmpty)
            let backendLogText = try await bed.log("backend.log", in: bed.resultsDir(42))
            #expect(backendLogText.contains("Frontend forbade to start the job 42-fedora-41-x86_64"))
            #expect(bed.finalUpdate("42-fedora-41-x86_64")?["status"] == 0)
        }
    }

    @Test("frontend errors are retried until the frontend recovers")
    func frontendRecovers() async throws {
        try await WorkerTestBed.run(hosts: 1) { bed in
            bed.frontend.failNext(3, .getBuildTask, status: 500)
            bed.frontend.failNext(2, .startingBuild, status: 503)
            bed.frontend.failNext(2, .update, status: 408)
            let outcome = try await bed.buildRPM(43)
            #expect(outcome == .finished(.succeeded))
            #expect(bed.finalUpdate("43-fedora-41-x86_64")?["status"] == 1)
            // Three failures and the success of the worker; the builder's own fetch carries no auth.
            #expect(bed.frontend.requests(to: .getBuildTask).filter { $0.basicAuthPassword != nil }.count == 4)
        }
    }

    @Test("createrepo failing fails the task")
    func createrepoFails() async throws {
        try await WorkerTestBed.run(hosts: 1, config: ["backend": ["createrepo_command": "/bin/false"]]) { bed in
            let outcome = try await bed.buildRPM(44)
            #expect(outcome == .finished(.failed))
            let backendLogText = try await bed.log("backend.log", in: bed.resultsDir(44))
            #expect(backendLogText.contains("createrepo failed"))
            #expect(bed.resalloc.openTickets.isEmpty)
        }
    }

    @Test("signing failing fails the task")
    func signingFails() async throws {
        try await WorkerTestBed.run(hosts: 1, config: ["backend": ["do_sign": "true", "sign_command": "/bin/false"]]) { bed in
            let outcome = try await bed.buildRPM(45)
            #expect(outcome == .finished(.failed))
            let backendLogText = try await bed.log("backend.log", in: bed.resultsDir(45))
            #expect(backendLogText.contains("Copr GPG signing problems"))
        }
    }

    @Test("signing with rpmsign publishes signed packages and the project key")
    func signingWithRpmsign() async throws {
        try await WorkerTestBed.run(hosts: 1, config: ["backend": ["do_sign": "true", "signer": "rpmsign"]]) { bed in
            let outcome = try await bed.buildRPM(46)
            #expect(outcome == .finished(.succeeded))
            let key = try String(contentsOfFile: "\(bed.destdir)/jdoe/hello/pubkey.gpg", encoding: .utf8)
            #expect(key.contains("BEGIN PGP PUBLIC KEY BLOCK"))
        }
    }
}
