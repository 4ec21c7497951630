import CoprCore
import Foundation
import Testing

@Suite("Captured children")
struct CaptureTests {
    @Test("output beyond the cap is read and dropped, and said so")
    func capped() async throws {
        let output = try await ProcessRunner().capture(
            "/bin/sh", ["-c", "head -c 300000 /dev/zero | tr '\\0' a; echo done >&2"], timeout: .seconds(30),
            outputLimit: 1000)
        #expect(output.exit.isSuccess)
        #expect(output.truncated)
        #expect(output.standardOutput == String(repeating: "a", count: 1000))
        #expect(output.standardError == "done\n")
        #expect(output.validUTF8)
    }

    @Test("environment additions, working directory, invalid UTF-8")
    func environmentAndDirectory() async throws {
        let output = try await ProcessRunner().capture(
            "sh", ["-c", "printf '%s %s %s' \"$COPR_CORE_TEST\" \"$PWD\" \"${PATH:+path}\"; printf '\\377' >&2"],
            environment: ["COPR_CORE_TEST": "a b"], workingDirectory: "/tmp", timeout: .seconds(30))
        #expect(output.standardOutput == "a b /tmp path")
        #expect(!output.validUTF8)
        #expect(!output.truncated)
    }

    @Test("standard error combined with the output, or left to ours")
    func standardErrorRouting() async throws {
        let note = "(a child's standard error, left to the test's own)"
        let script = "echo out; echo \"\(note)\" >&2"
        let combined = try await ProcessRunner().capture(
            "/bin/sh", ["-c", script], timeout: .seconds(30), standardError: .combined)
        #expect(combined.standardOutput == "out\n\(note)\n" && combined.standardError.isEmpty)
        let inherited = try await ProcessRunner().capture(
            "/bin/sh", ["-c", script], timeout: .seconds(30), standardError: .inherited)
        #expect(inherited.standardOutput == "out\n" && inherited.standardError.isEmpty)
    }

    @Test("a program that cannot start says what to check")
    func spawnFailures() async throws {
        let missing = await #expect(throws: ProcessSpawnFailed.self) {
            try await ProcessRunner().capture("copr-no-such-program", ["x"], timeout: .seconds(10))
        }
        #expect(missing?.description.contains("installed and in PATH") == true)
        let directory = await #expect(throws: ProcessSpawnFailed.self) {
            try await ProcessRunner().capture("/bin/true", [], workingDirectory: "/nonexistent/dir", timeout: .seconds(10))
        }
        #expect(directory?.reason == "its working directory /nonexistent/dir does not exist")
        let log = await #expect(throws: ProcessSpawnFailed.self) {
            try await ProcessRunner().runLogged("/bin/true", [], logPath: "/nonexistent/dir/log", timeout: .seconds(10))
        }
        #expect(log?.reason.contains("cannot open /nonexistent/dir/log") == true)
    }

    @Test("a cancelled caller gets its child's whole group stopped before it returns")
    func cancellation() async throws {
        try await withScratch { scratch in
            let runner = ProcessRunner(stop: .terminate(grace: .milliseconds(500)))
            let task = Task {
                try await runner.capture(
                    "/bin/sh", ["-c", "sleep 60 & echo $! > \(scratch.file("child")); wait"], timeout: nil)
            }
            let grandchild = try await scratch.pid("child")
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(await eventually { !isRunning(grandchild) })
        }
    }

    @Test("runLogged appends both streams to the file, or starts it afresh")
    func logged() async throws {
        try await withScratch { scratch in
            let log = scratch.file("log")
            try "before\n".write(toFile: log, atomically: true, encoding: .utf8)
            let runner = ProcessRunner()
            let exit = try await runner.runLogged("/bin/sh", ["-c", "echo out; echo err >&2; exit 4"], logPath: log, timeout: .seconds(30))
            #expect(exit == .exited(4))
            #expect(scratch.read("log") == "before\nout\nerr\n")
            _ = try await runner.runLogged("/bin/echo", ["again"], logPath: log, truncateLog: true, timeout: .seconds(30))
            #expect(scratch.read("log") == "again\n")
        }
    }

    @Test("runLogged passes descriptors on as 3 and 4, and closes them here so that the pipe ends with the child")
    func passedDescriptors() async throws {
        try await withScratch { scratch in
            var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
            #expect(pipe(&toChild) == 0 && pipe(&fromChild) == 0)
            let reply = FileHandle(fileDescriptor: fromChild[0], closeOnDealloc: true)
            let request = FileHandle(fileDescriptor: toChild[1], closeOnDealloc: true)
            // The child reads its fd 3 and answers on 4, as Chromium's DevTools pipe does;
            // fd 5 is not its own.
            let script = "read line <&3; echo \"got $line\" >&4; { true >&5; } 2>/dev/null && echo leaked >&4; exit 0"
            let run = Task {
                try await ProcessRunner().runLogged(
                    "/bin/sh", ["-c", script], logPath: scratch.file("log"), passing: [toChild[0], fromChild[1]], timeout: .seconds(30))
            }
            try request.write(contentsOf: Data("hello\n".utf8))
            // Read to the end: it comes only once no copy of the write end is left open here.
            let answer = try await Task.detached { try reply.readToEnd() }.value
            #expect(answer.map { String(decoding: $0, as: UTF8.self) } == "got hello\n")
            #expect(try await run.value == .exited(0))
        }
    }
}
