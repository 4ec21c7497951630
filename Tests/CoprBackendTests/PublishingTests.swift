import CoprCore
import Foundation
import Logging
import Testing
@testable import CoprBackend

@Suite("Publishing")
struct PublishingTests {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test("a previous run's logs go to prev_build_backup and its other files are removed")
    func previousResults() async throws {
        try await withTemporaryDirectory { tmp in
            let directory = try ResultDirectory(path: tmp.appending("owner/project/fedora-41-x86_64/00000001-hello"), root: tmp.path)
            #expect(try directory.prepare() == false)
            for file in ["backend.log.gz", "build.info", "build-00000001.rsync.log", "hello-1.0-1.noarch.rpm", "success"] {
                _ = FileManager.default.createFile(atPath: "\(directory.path)/\(file)", contents: Data("old".utf8))
            }
            try FileManager.default.createDirectory(atPath: "\(directory.path)/fedora-review", withIntermediateDirectories: true)
            #expect(try directory.prepare() == true)
            let backup = try FileManager.default.contentsOfDirectory(atPath: "\(directory.path)/prev_build_backup").sorted()
            #expect(backup == ["backend.log.gz", "build-00000001.rsync.log", "build.info"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["prev_build_backup"])
        }
    }

    @Test("a result directory outside the results tree is refused")
    func outsideTree() {
        #expect(throws: PublishingError.self) { try ResultDirectory(path: "/tmp/results/../etc/x", root: "/tmp/results") }
    }

    @Test("concurrent createrepo requests for one directory coalesce and every package is listed")
    func createrepoSingleFlight() async throws {
        try await withTemporaryDirectory { tmp in
            let chrootDir = tmp.appending("results/owner/project/fedora-41-x86_64")
            let names = (1...6).map { "pkg\($0)" }
            for (index, name) in names.enumerated() {
                _ = try await TestRPMs.build(name: name, into: "\(chrootDir)/0000000\(index + 1)-\(name)")
            }
            let service = CreaterepoService(command: "createrepo_c", lockDirectory: tmp.appending("locks"), logger: logger)
            // A first build creates the repository.
            try await service.add(.init(chrootDirectory: chrootDir, addedDirectory: "00000001-pkg1", devel: false, baseURL: "http://x"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, name) in names.enumerated().dropFirst() {
                    group.addTask {
                        try await service.add(.init(
                            chrootDirectory: chrootDir, addedDirectory: "0000000\(index + 1)-\(name)", devel: false, baseURL: "http://x"))
                    }
                }
                try await group.waitForAll()
            }
            #expect(await service.runs < 6)
            let primary = try await RepositoryMetadata.packageNames(in: chrootDir)
            #expect(Set(names).isSubset(of: primary))
        }
    }

    @Test("a createrepo failure is reported with the directory")
    func createrepoFailure() async throws {
        try await withTemporaryDirectory { tmp in
            let service = CreaterepoService(command: "/bin/false", lockDirectory: tmp.appending("locks"), logger: logger)
            await #expect(throws: PublishingError.self) {
                try await service.add(.init(chrootDirectory: tmp.appending("c"), addedDirectory: "x", devel: false, baseURL: "http://x"))
            }
        }
    }

    @Test("rpmsign signs with a per-project key that rpm verifies, and exports it")
    func rpmSigner() async throws {
        try await withTemporaryDirectory { tmp in
            let rpms = try await TestRPMs.build(name: "signed", into: tmp.appending("rpms"))
            let signer = RpmSigner(gpgHome: tmp.appending("gnupg"), gentlySHA256: true, logger: logger)
            let identity = SigningIdentity(owner: "@group", project: "proj", domain: "example.org")
            try await signer.sign(rpms: rpms, keyIdentity: identity, chroot: "fedora-41-x86_64")
            let key = try await signer.publicKey(identity)
            #expect(key.contains("BEGIN PGP PUBLIC KEY BLOCK"))
            let keyFile = tmp.appending("pubkey.gpg")
            try key.write(toFile: keyFile, atomically: true, encoding: .utf8)
            let db = tmp.appending("rpmdb")
            let runner = ProcessRunner()
            _ = try await runner.capture("rpmkeys", ["--dbpath", db, "--import", keyFile], timeout: .seconds(30))
            for rpm in rpms {
                let check = try await runner.capture("rpmkeys", ["--dbpath", db, "-K", rpm], timeout: .seconds(30))
                #expect(check.exit.isSuccess, "\(check.standardOutput) \(check.standardError)")
                #expect(check.standardOutput.contains("signatures OK"))
            }
        }
    }
}

@Suite("Results from a builder")
struct BuilderResultsTests {
    @Test("links, special files and names with control characters are not published")
    func sanitize() async throws {
        try await withTemporaryDirectory { tmp in
            let directory = try ResultDirectory(path: tmp.appending("results/o/p/fedora-41-x86_64/00000001-x"), root: tmp.appending("results"))
            try directory.prepare()
            let files = FileManager.default
            _ = files.createFile(atPath: "\(directory.path)/x-1.0-1.noarch.rpm", contents: Data("rpm".utf8))
            _ = files.createFile(atPath: "\(directory.path)/evil\nname.rpm", contents: Data("rpm".utf8))
            try files.createSymbolicLink(atPath: "\(directory.path)/passwd", withDestinationPath: "/etc/passwd")
            try files.createDirectory(atPath: "\(directory.path)/logs", withIntermediateDirectories: true)
            try files.createSymbolicLink(atPath: "\(directory.path)/logs/root", withDestinationPath: "/")
            #expect(mkfifo("\(directory.path)/pipe", 0o644) == 0)
            let removed = try directory.sanitize().sorted()
            #expect(removed == ["evil\nname.rpm", "logs/root", "passwd", "pipe"])
            #expect(try files.contentsOfDirectory(atPath: directory.path).sorted() == ["logs", "x-1.0-1.noarch.rpm"])
        }
    }
}
