import CoprCore
import Foundation
import Testing

@Suite("Streamed children")
struct StreamTests {
    @Test("output arrives chunk by chunk and in the tee file; standard error is kept apart")
    func streamed() async throws {
        try await withScratch { scratch in
            try "earlier\n".write(toFile: scratch.file("tee"), atomically: true, encoding: .utf8)
            let received = Received()
            let output = try await ProcessRunner().stream(
                "/bin/sh", ["-c", "for i in 1 2 3; do echo line$i; sleep 0.05; done; echo oops >&2; exit 2"],
                timeout: .seconds(30), teeFile: scratch.file("tee")
            ) { received.append($0) }
            #expect(received.text == "line1\nline2\nline3\n")
            #expect(scratch.read("tee") == "earlier\nline1\nline2\nline3\n")
            #expect(output.standardError == "oops\n")
            #expect(output.exit == .exited(2))
        }
    }

    @Test("combined output keeps the order the child wrote in")
    func combined() async throws {
        let received = Received()
        _ = try await ProcessRunner().stream(
            "/bin/sh", ["-c", "echo one; echo two >&2; echo three"], timeout: .seconds(30),
            standardError: .combined
        ) { received.append($0) }
        #expect(received.text == "one\ntwo\nthree\n")
    }

    @Test("a consumer's error stops the child and goes up")
    func consumerFails() async throws {
        struct Full: Error {}
        try await withScratch { scratch in
            let script = "echo $$ > \(scratch.file("pid")); while :; do echo tick; sleep 0.05; done"
            await #expect(throws: Full.self) {
                _ = try await ProcessRunner().stream("/bin/sh", ["-c", script], timeout: .seconds(30)) { _ in throw Full() }
            }
            let pid = try await scratch.pid("pid")
            #expect(await eventually { !isRunning(pid) })
        }
    }

    @Test("many streams share the pump; cancelling some leaves the others whole")
    func manyStreams() async throws {
        let count = 40
        let results = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<count {
                let received = Received()
                let run = Task {
                    _ = try await ProcessRunner(stop: .terminate(grace: .milliseconds(300))).stream(
                        "/bin/sh", ["-c", index.isMultiple(of: 2) ? "for i in 1 2 3 4 5; do echo \(index)-$i; sleep 0.1; done" : "sleep 30"],
                        timeout: nil  // as the backend's live-log follows: ended by cancelling
                    ) { received.append($0) }
                }
                if !index.isMultiple(of: 2) {
                    Task {
                        try? await Task.sleep(for: .milliseconds(150))
                        run.cancel()
                    }
                }
                group.addTask {
                    do {
                        try await run.value
                        return (index, received.text)
                    } catch is CancellationError {
                        return (index, nil)
                    }
                }
            }
            var results: [Int: String?] = [:]
            for try await (index, text) in group { results[index] = text }
            return results
        }
        for index in 0..<count {
            if index.isMultiple(of: 2) {
                #expect(results[index] == .some((1...5).map { "\(index)-\($0)\n" }.joined()))
            } else {
                #expect(results[index] == .some(nil))
            }
        }
    }

    @Test("with leftoverGrace, what a program left in its group is stopped after it ended")
    func leftovers() async throws {
        try await withScratch { scratch in
            let reports = LockedValue([ProcessReport]())
            let script = "sleep 60 >/dev/null 2>&1 & echo $! > \(scratch.file("left")); echo done"
            let strict = ProcessRunner(stop: .terminate(grace: .milliseconds(500)), leftoverGrace: .milliseconds(200)) { report in
                reports.withLock { $0.append(report) }
            }
            _ = try await strict.stream("/bin/sh", ["-c", script], timeout: .seconds(30)) { _ in }
            #expect(reports.value == [.leftovers])
            let left = try await scratch.pid("left")
            #expect(await eventually { !isRunning(left) })

            // Without it (the backend's way), they run on.
            try FileManager.default.removeItem(atPath: scratch.file("left"))
            _ = try await ProcessRunner().stream("/bin/sh", ["-c", script], timeout: .seconds(30)) { _ in }
            let survivor = try await scratch.pid("left")
            #expect(isRunning(survivor))
            kill(survivor, SIGKILL)
        }
    }
}
