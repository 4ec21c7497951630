import ArgumentParser
import CoprCore
import Foundation

extension BuildCommand {
    struct Download: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download every result file of a build: <dest>/<chroot>/… for each chroot, srpm-builds/ for the source build.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "The build id.")
        var id: Int

        @Option(help: "The directory to download into (default: the current one).")
        var dest: String = "."

        func run() async throws {
            let client = try frontend.client()
            let build = BuildSnapshot(try await reportingFailure { try await client.get("/api/builds/\(id)") })
            var files = 0
            for task in build.tasks {
                guard let url = task.resultURL else { continue }
                let directory = (dest as NSString).appendingPathComponent(task.name)
                files += try await reportingFailure { try await fetch(directory: url, into: directory, client: client) }
            }
            guard files > 0 else {
                FileHandle.standardError.write(Data("copr-backend: build \(id) has no results yet (\(build.state))\n".utf8))
                throw ExitCode(1)
            }
            print("Downloaded \(files) file(s) of build \(id) into \(dest)")
        }

        /// Every file below the directory page at `url`, into `path`; returns how many.
        private func fetch(directory url: String, into path: String, client: UserAPIClient) async throws -> Int {
            let page = try await client.text(absoluteURL: url)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            var count = 0
            for entry in ResultListing.entries(inPage: page) {
                let link = url + UserAPIClient.pathComponent(entry.name) + (entry.isDirectory ? "/" : "")
                let target = (path as NSString).appendingPathComponent(entry.name)
                if entry.isDirectory {
                    count += try await fetch(directory: link, into: target, client: client)
                } else {
                    try await client.download(absoluteURL: link, to: target)
                    count += 1
                }
            }
            return count
        }
    }
}
