import CoprCore
import CoprFrontend
import Foundation
import Hummingbird
import NIOCore
import Testing

/// The embedded frontend's results tree, build log API and repo files, answered in
/// process.
@Suite("Embedded frontend: results, logs and repo files", .timeLimit(.minutes(3)))
struct ResultsTests {
    typealias Server = ResultsTestApp

    static let taskDirectory = "jdoe/hello/fedora-41-x86_64/00000001-hello"

    /// Numbered lines of text, `count` bytes long or a little more: a log.
    static func logText(bytes count: Int) -> String {
        var text = ""
        var line = 0
        while text.utf8.count < count {
            line += 1
            text += "line \(line): building hello, step \(line * 7 % 13)\n"
        }
        return text
    }

    // MARK: Results tree

    @Test("files stream with their content type, directories list their entries, and a directory without its slash redirects")
    func filesAndListings() async throws {
        try await Server.run { frontend in
            let directory = Self.taskDirectory
            // Bigger than FileIO's chunks, so the answer streams in several.
            let rpm = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) })
            try frontend.write(rpm, to: "\(directory)/hello-1.0-1.noarch.rpm")
            try frontend.write(#"{"status": "ok"}"#, to: "\(directory)/results.json")
            try frontend.write("build log\n", to: "\(directory)/builder-live.log")
            try frontend.write("odd", to: "\(directory)/odd name & <x>.txt")

            let file = try await frontend.get("/results/\(directory)/hello-1.0-1.noarch.rpm")
            #expect(file.status == 200)
            #expect(file.body == rpm)
            #expect(file.header("Content-Type") == "application/octet-stream")
            #expect(file.header("Content-Length") == String(rpm.count))
            let head = try await frontend.request("HEAD", "/results/\(directory)/hello-1.0-1.noarch.rpm")
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == String(rpm.count))
            #expect(head.body.isEmpty)

            let json = try await frontend.get("/results/\(directory)/results.json")
            #expect(json.header("Content-Type") == "application/json")
            #expect(json.json?["status"] == "ok")
            let log = try await frontend.get("/results/\(directory)/builder-live.log")
            #expect(log.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(log.text == "build log\n")
            #expect(try await frontend.get("/results/\(directory)/odd%20name%20&%20%3Cx%3E.txt").text == "odd")

            let listing = try await frontend.get("/results/\(directory)/")
            #expect(listing.status == 200)
            #expect(listing.header("Content-Type") == "text/html; charset=utf-8")
            #expect(listing.text.contains("<title>Index of /results/\(directory)/</title>"))
            #expect(listing.text.contains(#"<a href="../">Parent directory</a>"#))
            #expect(listing.text.contains(#"<a href="./builder-live.log">builder-live.log</a>"#))
            #expect(listing.text.contains(#"<a href="./hello-1.0-1.noarch.rpm">hello-1.0-1.noarch.rpm</a>"#))
            #expect(listing.text.contains(#"<a href="./odd%20name%20&amp;%20%3Cx%3E.txt">odd name &amp; &lt;x&gt;.txt</a>"#))
            #expect(try await frontend.get("/results/jdoe/hello/").text.contains(#"<a href="./fedora-41-x86_64/">fedora-41-x86_64/</a>"#))
            let root = try await frontend.get("/results/")
            #expect(root.text.contains(#"<a href="./jdoe/">jdoe/</a>"#))
            #expect(!root.text.contains("../"))

            for (path, location) in [("/results/jdoe/hello", "/results/jdoe/hello/"), ("/results", "/results/")] {
                let redirect = try await frontend.get(path)
                #expect(redirect.status == 301, "\(path)")
                #expect(redirect.header("Location") == location)
            }
            for missing in ["/results/jdoe/nothing", "/results/jdoe/nothing/", "/results/\(directory)/results.json/"] {
                #expect(try await frontend.get(missing).status == 404, "\(missing)")
            }
        }
    }

    @Test("a .log compressed after the build answers its text: decompressed, or the gzip bytes to clients that accept gzip; the .log.gz opens as text")
    func compressedLog() async throws {
        try await Server.run { frontend in
            let path = "\(Self.taskDirectory)/builder-live.log"
            // Several of GzipReader's chunks.
            let log = Self.logText(bytes: 500_000)
            try frontend.write(log, to: path)
            try await frontend.gzip(path)
            let compressed = try Data(contentsOf: URL(fileURLWithPath: frontend.layout.path(path + ".gz")))
            #expect(!FileManager.default.fileExists(atPath: frontend.layout.path(path)))

            let text = try await frontend.get("/results/\(path)")
            #expect(text.status == 200)
            #expect(text.text == log)
            #expect(text.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(text.header("Content-Encoding") == nil)
            let declined = try await frontend.get("/results/\(path)", headers: [.acceptEncoding: "gzip;q=0, identity"])
            #expect(declined.text == log)

            let gzipped = try await frontend.get("/results/\(path)", headers: [.acceptEncoding: "deflate, gzip"])
            #expect(gzipped.status == 200)
            #expect(gzipped.header("Content-Encoding") == "gzip")
            #expect(gzipped.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(gzipped.body == compressed)

            // The .gz itself: its bytes as they are, marked so that a browser shows the text.
            for acceptEncoding in [nil, "identity", "gzip"] {
                let original = try await frontend.get(
                    "/results/\(path).gz", headers: acceptEncoding.map { [.acceptEncoding: $0] } ?? [:])
                #expect(original.body == compressed)
                #expect(original.header("Content-Type") == "text/plain; charset=utf-8")
                #expect(original.header("Content-Encoding") == "gzip")
            }

            let head = try await frontend.request("HEAD", "/results/\(path)")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)

            // Only logs fall back to their compressed form.
            try frontend.write("notes", to: "\(Self.taskDirectory)/notes.txt")
            try await frontend.gzip("\(Self.taskDirectory)/notes.txt")
            #expect(try await frontend.get("/results/\(Self.taskDirectory)/notes.txt").status == 404)
            #expect(try await frontend.get("/results/\(Self.taskDirectory)/missing.log").status == 404)
        }
    }

    @Test("paths that would leave destdir are 404: .. plain or encoded, NUL, absolute paths, symbolic links out")
    func hostilePaths() async throws {
        try await Server.run { frontend in
            // A secret right next to destdir: any escape would serve it.
            let secret = frontend.directory + "/secret.txt"
            try "top secret".write(toFile: secret, atomically: true, encoding: .utf8)
            try frontend.write("public", to: "jdoe/hello/readme.txt")
            let files = FileManager.default
            try files.createSymbolicLink(atPath: frontend.layout.path("jdoe/hello/escape"), withDestinationPath: frontend.directory)
            try files.createSymbolicLink(atPath: frontend.layout.path("jdoe/hello/secret.txt"), withDestinationPath: secret)
            try files.createSymbolicLink(atPath: frontend.layout.path("jdoe/hello/secret.log.gz"), withDestinationPath: secret)
            try files.createSymbolicLink(atPath: frontend.layout.path("jdoe/hello/latest"), withDestinationPath: "readme.txt")

            // Sent as they are (nothing resolved or decoded on the way), these reach the
            // router, and links inside destdir work.
            for path in ["/results/jdoe/hello/readme.txt", "/results/jdoe/hello/latest"] {
                let answer = try await frontend.get(path)
                #expect(answer.status == 200 && answer.text == "public", "\(path)")
            }
            for path in [
                "/results/../secret.txt", "/results/jdoe/../../secret.txt", "/results/%2e%2e/secret.txt",
                "/results/%2E%2E%2Fsecret.txt", "/results/jdoe/hello/..%2F..%2F..%2Fsecret.txt", "/results/./jdoe/hello/readme.txt",
                "/results/jdoe/hello/escape/secret.txt", "/results/jdoe/hello/escape/", "/results/jdoe/hello/secret.txt",
                "/results/jdoe/hello/secret.log", "/results/jdoe/hello/readme.txt%00", "/results//etc/passwd", "/results/%2Fetc%2Fpasswd",
            ] {
                let answer = try await frontend.get(path)
                #expect(answer.status == 404, "\(path)")
                #expect(!answer.text.contains("top secret"), "\(path)")
            }
        }
    }

    // MARK: Log API

    @Test("the log API returns the log in pieces by offset, before and after its compression, with the task state and completion")
    func logPieces() async throws {
        try await Server.run { frontend in
            let id = try await frontend.submitBuild().build.id
            let directory = String(format: "jdoe/hello/srpm-builds/%08d", id)
            // One and a half pieces.
            let log = Data(Self.logText(bytes: 1_600_000).utf8)
            try frontend.write(log, to: "\(directory)/builder-live.log")
            try await frontend.report(.source(buildID: id), .running)
            let piece = LiveLogReader.maximumPieceSize

            let first = try await frontend.get("/api/builds/\(id)/log/srpm-builds")
            #expect(first.status == 200)
            #expect(first.body == log.prefix(piece))
            #expect(first.header("Copr-Log-Offset") == String(piece))
            #expect(first.header("Copr-Task-State") == "running")
            #expect(first.header("Copr-Log-Complete") == nil)
            let rest = try await frontend.get("/api/builds/\(id)/log/srpm-builds?offset=\(piece)")
            #expect(rest.body == log.dropFirst(piece))
            #expect(rest.header("Copr-Log-Offset") == String(log.count))
            #expect(rest.header("Copr-Log-Complete") == nil)
            let nothingNew = try await frontend.get("/api/builds/\(id)/log/srpm-builds?offset=\(log.count)")
            #expect(nothingNew.body.isEmpty)
            #expect(nothingNew.header("Copr-Log-Offset") == String(log.count))
            #expect(nothingNew.header("Copr-Log-Complete") == nil)

            // The source build ends; the backend compresses its log.
            try await frontend.report(.source(buildID: id), .succeeded, packageName: "hello")
            try await frontend.gzip("\(directory)/builder-live.log")
            let again = try await frontend.get("/api/builds/\(id)/log/srpm-builds?offset=0")
            #expect(again.body == log.prefix(piece))
            #expect(again.header("Copr-Log-Offset") == String(piece))
            #expect(again.header("Copr-Task-State") == "succeeded")
            #expect(again.header("Copr-Log-Complete") == nil)
            let fromMiddle = try await frontend.get("/api/builds/\(id)/log/srpm-builds?offset=1000")
            #expect(fromMiddle.body == log.dropFirst(1000).prefix(piece))
            let end = try await frontend.get("/api/builds/\(id)/log/srpm-builds?offset=\(piece)")
            #expect(end.body == log.dropFirst(piece))
            #expect(end.header("Copr-Log-Offset") == String(log.count))
            #expect(end.header("Copr-Log-Complete") == "true")

            // An RPM task's log is in its chroot's result directory. Ended, its plain log
            // may still grow (a cancel ends a task here before its backend has added what
            // the build printed as it stopped): complete once compressed, or once unchanged
            // for a minute. A task that never wrote a log is complete once it ended.
            let rpmDirectory = String(format: "jdoe/hello/fedora-41-x86_64/%08d-hello", id)
            try frontend.write("rpm build\n", to: "\(rpmDirectory)/builder-live.log")
            let pending = try await frontend.get("/api/builds/\(id)/log/fedora-41-x86_64")
            #expect(pending.text == "rpm build\n")
            #expect(pending.header("Copr-Task-State") == "pending")
            #expect(pending.header("Copr-Log-Complete") == nil)
            try await frontend.report(.rpm(buildID: id, chroot: "fedora-41-x86_64"), .failed)
            let failed = try await frontend.get("/api/builds/\(id)/log/fedora-41-x86_64")
            #expect(failed.text == "rpm build\n")
            #expect(failed.header("Copr-Task-State") == "failed")
            #expect(failed.header("Copr-Log-Complete") == nil)
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -LiveLogReader.settledAfter - 5)],
                ofItemAtPath: frontend.layout.path("\(rpmDirectory)/builder-live.log"))
            let settled = try await frontend.get("/api/builds/\(id)/log/fedora-41-x86_64?offset=10")
            #expect(settled.header("Copr-Log-Complete") == "true")
            try await frontend.report(.rpm(buildID: id, chroot: "epel-9-aarch64"), .canceled)
            let noLog = try await frontend.get("/api/builds/\(id)/log/epel-9-aarch64?offset=0")
            #expect(noLog.status == 200)
            #expect(noLog.body.isEmpty)
            #expect(noLog.header("Copr-Log-Offset") == "0")
            #expect(noLog.header("Copr-Task-State") == "canceled")
            #expect(noLog.header("Copr-Log-Complete") == "true")
        }
    }

    @Test("the log API answers 404 for an unknown build or chroot and 400 for a malformed id or offset, with a message")
    func logErrors() async throws {
        try await Server.run { frontend in
            let id = try await frontend.submitBuild().build.id
            let cases: [(String, Int, String)] = [
                ("/api/builds/999/log/srpm-builds", 404, "Build 999 does not exist"),
                ("/api/builds/\(id)/log/fedora-42-x86_64", 404, "has no chroot 'fedora-42-x86_64'"),
                ("/api/builds/abc/log/srpm-builds", 400, "Invalid build_id"),
                ("/api/builds/\(id)/log/srpm-builds?offset=-1", 400, "Invalid offset"),
                ("/api/builds/\(id)/log/srpm-builds?offset=ten", 400, "Invalid offset"),
            ]
            for (path, status, message) in cases {
                let answer = try await frontend.get(path)
                #expect(answer.status == status, "\(path)")
                #expect(answer.header("Content-Type") == "application/json")
                #expect(answer.json?["error"]?.stringValue?.contains(message) == true, "\(path): \(answer.text)")
            }
        }
    }

    @Test("LiveLogReader joins plain and gzipped logs from any offset, across gzip's chunks, and reads a missing log as empty")
    func liveLogReader() async throws {
        try await withTemporaryDirectory { directory in
            let log = Data(Self.logText(bytes: 300_000).utf8.prefix(300_000))
            let path = "\(directory)/\(LiveLogReader.logName)"
            try log.write(to: URL(fileURLWithPath: path))

            /// The log read from `offset` on in pieces of `size`, and how many pieces it took.
            func readAll(from offset: Int = 0, pieceSize size: Int) async throws -> (Data, pieces: Int) {
                let reader = LiveLogReader(taskDirectory: directory, pieceSize: size)
                var (bytes, offset, pieces) = (Data(), offset, 0)
                while true {
                    let piece = try await reader.read(from: offset)
                    #expect(piece.bytes.readableBytes <= size)
                    bytes.append(contentsOf: piece.bytes.readableBytesView)
                    offset = piece.nextOffset
                    pieces += 1
                    if piece.reachedEnd { return (bytes, pieces) }
                }
            }

            #expect(try await readAll(pieceSize: 100_000) == (log, 3))
            #expect(try await readAll(from: 123, pieceSize: 100_000) == (log.dropFirst(123), 3))
            let output = try await ProcessRunner().capture("gzip", [path], timeout: .seconds(60))
            #expect(output.exit.isSuccess)
            // 65_535: pieces end just before the decompressed chunks (64 KiB) do.
            for size in [100_000, 65_535, log.count, log.count + 1] {
                let (bytes, pieces) = try await readAll(pieceSize: size)
                #expect(bytes == log, "pieces of \(size)")
                #expect(pieces == (log.count + size - 1) / size, "pieces of \(size)")
            }
            #expect(try await readAll(from: 250_001, pieceSize: 100_000) == (log.dropFirst(250_001), 1))

            let pastTheEnd = try await LiveLogReader(taskDirectory: directory).read(from: log.count + 10)
            #expect(pastTheEnd == LiveLogReader.Piece(bytes: ByteBuffer(), nextOffset: log.count + 10, reachedEnd: true, isFinal: true))
            let missing = try await LiveLogReader(taskDirectory: "\(directory)/none").read(from: 0)
            #expect(missing == LiveLogReader.Piece(bytes: ByteBuffer(), nextOffset: 0, reachedEnd: true, isFinal: true))

            // Bytes after the gzip stream are ignored, as gzip -d ignores them.
            let compressed = try FileHandle(forWritingTo: URL(fileURLWithPath: path + ".gz"))
            try compressed.seekToEnd()
            try compressed.write(contentsOf: Data("trailing garbage".utf8))
            try compressed.close()
            #expect(try await readAll(pieceSize: log.count + 1) == (log, 1))

            try Data("not gzip at all".utf8).write(to: URL(fileURLWithPath: path + ".gz"))
            await #expect(throws: (any Error).self) { try await LiveLogReader(taskDirectory: directory).read(from: 0) }
        }
    }

    // MARK: Repo files

    @Test("the repo file of a project points dnf at its results for the distribution, with its key when it signs")
    func repoFiles() async throws {
        try await Server.run { frontend in
            let chroots = ["fedora-41-x86_64", "fedora-41-aarch64", "epel-9-aarch64", "fedora-rawhide-x86_64"]
            let project = try await frontend.store.createProject(NewProject(owner: "jdoe", name: "hello", chroots: chroots))
            #expect(RepoFile.distributions(of: project) == ["fedora-41", "epel-9", "fedora-rawhide"])

            let answer = try await frontend.get("/coprs/jdoe/hello/repo/fedora-41/jdoe-hello-fedora-41.repo")
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(answer.text == """
                [copr:frontend.test:jdoe:hello]
                name=Copr repo for hello owned by jdoe
                baseurl=\(Server.publicURL)/results/jdoe/hello/fedora-41-$basearch/
                type=rpm-md
                skip_if_unavailable=True
                gpgcheck=0
                repo_gpgcheck=0
                enabled=1
                enabled_metadata=1

                """)
            let repoFile = RepoFile(project: project, distribution: "fedora-41", host: "frontend.test", layout: frontend.layout)
            #expect(repoFile.path == "/coprs/jdoe/hello/repo/fedora-41/jdoe-hello-fedora-41.repo")
            #expect(repoFile.text == answer.text)
            let rawhide = try await frontend.get("/coprs/jdoe/hello/repo/fedora-rawhide/any-name.repo")
            #expect(rawhide.text.contains("baseurl=\(Server.publicURL)/results/jdoe/hello/fedora-rawhide-$basearch/\n"))

            _ = try await frontend.store.createProject(NewProject(owner: "@team", name: "tools", chroots: ["epel-9-x86_64"], signingEnabled: true))
            for path in ["/coprs/@team/tools/repo/epel-9/group_team-tools-epel-9.repo", "/coprs/%40team/tools/repo/epel-9/x.repo"] {
                let signed = try await frontend.get(path)
                #expect(signed.status == 200, "\(path)")
                #expect(signed.text.hasPrefix("[copr:frontend.test:group_team:tools]\nname=Copr repo for tools owned by @team\n"))
                #expect(signed.text.contains("\ngpgcheck=1\ngpgkey=\(Server.publicURL)/results/@team/tools/pubkey.gpg\nrepo_gpgcheck=0\n"))
            }

            for missing in [
                "/coprs/jdoe/hello/repo/centos-stream-9/jdoe-hello-centos-stream-9.repo", "/coprs/jdoe/hello/repo/fedora-41-x86_64/x.repo",
                "/coprs/jdoe/nope/repo/fedora-41/jdoe-nope-fedora-41.repo", "/coprs/jdoe/hello/repo/fedora-41/jdoe-hello-fedora-41.txt",
            ] {
                #expect(try await frontend.get(missing).status == 404, "\(missing)")
            }
        }
    }

    @Test("dnf4's copr plugin gets the repo file as dnf.repo for a chroot it has, and the chroots there are when it has not")
    func repoFileForDNFCopr() async throws {
        try await Server.run { frontend in
            _ = try await frontend.store.createProject(NewProject(owner: "jdoe", name: "hello", chroots: ["fedora-41-x86_64", "epel-9-aarch64"]))
            let answer = try await frontend.get("/coprs/jdoe/hello/repo/fedora-41/dnf.repo?arch=x86_64")
            #expect(answer.status == 200)
            #expect(answer.text.hasPrefix("[copr:frontend.test:jdoe:hello]\n"))

            for uri in ["/coprs/jdoe/hello/repo/fedora-41/dnf.repo?arch=aarch64", "/coprs/jdoe/hello/repo/fedora-40/dnf.repo?arch=x86_64"] {
                let missing = try await frontend.get(uri)
                #expect(missing.status == 404, "\(uri)")
                let header = try #require(missing.header("Copr-Error-Data"), "\(uri)")
                let data = try #require(Data(base64Encoded: header))
                #expect(try JSONValue.decode(data) == ["available chroots": ["fedora-41-x86_64", "epel-9-aarch64"]])
            }
            let unknown = try await frontend.get("/coprs/jdoe/nope/repo/fedora-41/dnf.repo?arch=x86_64")
            #expect(unknown.status == 404)
            #expect(unknown.header("Copr-Error-Data") == nil)
        }
    }
}
