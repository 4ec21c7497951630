import CoprCore
import Foundation
import Testing

@Suite("Detached children")
struct DetachTests {
    @Test("a detached child leads a session of its own, holds nothing of ours and runs on after the call returned")
    func detached() async throws {
        try await withScratch { scratch in
            let output = open(scratch.file("out"), O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
            // Not close-on-exec: the child must not get it all the same.
            let leakedPath = scratch.file("leaked")
            let leaked = open(leakedPath, O_WRONLY | O_CREAT, 0o644)
            defer {
                [output, input, leaked].forEach { close($0) }
            }
            // The child waits for a file that appears only after detach returned: a detach
            // that waited for the child would never return.
            let go = scratch.file("go")
            let pid = try ProcessRunner.detach(
                "/bin/sh", ["-c", "while [ ! -e \"$GO_FILE\" ]; do sleep 0.05; done; echo \"$0 $COPR_CORE_TEST\"; echo err >&2"],
                argv0: "renamed", environment: ["COPR_CORE_TEST": "on", "GO_FILE": go],
                standardInput: input, standardOutput: output, standardError: output)
            #expect(getsid(pid) == pid && getpgid(pid) == pid)
            #expect(getsid(pid) != getsid(0) && getpgid(pid) != getpgid(0))
            #expect(scratch.read("out").isEmpty)
            // The shell may open descriptors of its own; none of them may be one of ours.
            let targets = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").sorted().map {
                ($0, (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)")) ?? "?")
            }
            #expect(targets.prefix(3).map(\.0) == ["0", "1", "2"])
            #expect(!targets.contains { $0.1 == leakedPath }, "nothing of ours is inherited: \(targets)")
            #expect(FileManager.default.createFile(atPath: go, contents: nil))
            var status: Int32 = 0
            #expect(waitpid(pid, &status, 0) == pid && status == 0)
            #expect(scratch.read("out") == "renamed on\nerr\n")
        }
    }

    @Test("a program that cannot start is reported, not detached")
    func missingProgram() {
        #expect(throws: ProcessSpawnFailed.self) {
            try ProcessRunner.detach("/nonexistent/program", [], standardInput: 0, standardOutput: 1, standardError: 2)
        }
    }

    @Test("the running executable is found through /proc")
    func currentExecutable() {
        #expect(FileManager.default.isExecutableFile(atPath: ProcessRunner.currentExecutable))
    }
}
