import CoprCore
import Foundation
import Testing

@Suite("Deadlines and signal escalation")
struct DeadlineTests {
    /// A group whose every process ignores SIGINT and SIGTERM: only SIGKILL ends it.
    static let stubborn = "trap '' INT TERM; sleep 60 & wait; sleep 60"

    @Test("a group that ignores INT and TERM gets each signal in turn, then KILL, and is gone")
    func escalation() async throws {
        try await withScratch { scratch in
            let reports = LockedValue([ProcessReport]())
            let runner = ProcessRunner(stop: .interrupt(step: .milliseconds(300))) { report in
                reports.withLock { $0.append(report) }
            }
            let error = await #expect(throws: ProcessTimedOut.self) {
                try await runner.capture(
                    "/bin/sh", ["-c", "echo $$ > \(scratch.file("pid")); " + Self.stubborn], timeout: .milliseconds(500))
            }
            #expect(error?.timeout == .milliseconds(500))
            #expect(error?.description.hasSuffix(
                "did not finish within 0.5 s and was stopped; raise its time limit if it needs longer") == true)
            #expect(reports.value == [.deadlineSignal(SIGINT), .deadlineSignal(SIGTERM), .deadlineSignal(SIGKILL)])
            let group = try await scratch.pid("pid")
            #expect(await eventually { !ProcessTable().hasMembers(ofGroup: group) })
        }
    }

    @Test("a group that ends on the first signal gets no other; its last words are still streamed")
    func firstSignalSuffices() async throws {
        let reports = LockedValue([ProcessReport]())
        let received = Received()
        let runner = ProcessRunner(stop: .interrupt(step: .seconds(600))) { report in
            reports.withLock { $0.append(report) }
        }
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: ProcessTimedOut.self) {
            _ = try await runner.stream(
                "/bin/sh", ["-c", "trap 'echo interrupted; exit 1' INT; echo started; while :; do sleep 0.05; done"],
                timeout: .milliseconds(500), standardError: .combined
            ) { received.append($0) }
        }
        #expect(reports.value == [.deadlineSignal(SIGINT)])
        #expect(received.text == "started\ninterrupted\n")
        // Returned at the end of the output, not after waiting out the 600 s step for it
        // (a bound no load on the machine comes near).
        #expect(clock.now - started < .seconds(300))
    }

    @Test("a program within its time limit is not signalled")
    func withinLimit() async throws {
        let reports = LockedValue([ProcessReport]())
        let runner = ProcessRunner { report in reports.withLock { $0.append(report) } }
        let exit = try await runner.runLogged("/bin/sleep", ["0.1"], logPath: "/dev/null", timeout: .seconds(30))
        #expect(exit.isSuccess && reports.value.isEmpty)
    }

    @Test("how children ended, in words")
    func exitTexts() async throws {
        let runner = ProcessRunner()
        let code = try await runner.capture("/bin/sh", ["-c", "exit 3"], timeout: .seconds(10)).exit
        #expect(code == .exited(3) && code.description == "exit code 3" && !code.isSuccess)
        let killed = try await runner.capture("/bin/sh", ["-c", "kill -KILL $$"], timeout: .seconds(10)).exit
        #expect(killed == .signaled(SIGKILL) && killed.description == "killed by signal 9")
        #expect(ProcessExit.exited(0).isSuccess && ProcessExit.exited(0).description == "exit code 0")
        #expect([SIGINT, SIGTERM, SIGKILL, SIGHUP, 40].map(SignalEscalation.name(of:)) == ["INT", "TERM", "KILL", "HUP", "signal 40"])
    }
}
