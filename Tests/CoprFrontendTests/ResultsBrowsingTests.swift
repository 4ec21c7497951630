import CoprCore
import CoprFrontend
import Foundation
import Hummingbird
import Testing

/// What a person browsing the results tree sees: listings with sizes and dates, and logs
/// that open as text.
@Suite("Embedded frontend: browsing results", .timeLimit(.minutes(3)))
struct ResultsBrowsingTests {
    typealias Server = ResultsTestApp

    static let directory = "jdoe/hello/fedora-41-x86_64/00000001-hello"

    @Test("a listing shows sizes and dates, directories first, and escapes what a build named its files")
    func listing() async throws {
        try await Server.run { frontend in
            let hostile = "<img src=x onerror=alert(1)>.log"
            let files: [(String, Int)] = [("b.log", 10), ("c-2k.txt", 2048), ("d-20k.txt", 20 * 1024), ("hello.rpm", 1_572_864), (hostile, 5)]
            for (name, size) in files {
                try frontend.write(Data(count: size), to: "\(Self.directory)/\(name)")
            }
            for name in ["z-dir", "a-dir"] {
                try FileManager.default.createDirectory(
                    atPath: frontend.layout.path("\(Self.directory)/\(name)"), withIntermediateDirectories: true)
            }
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: frontend.layout.path("\(Self.directory)/b.log"))

            let page = try await frontend.get("/results/\(Self.directory)/").text
            // Directories first, then files, each by name.
            let order = ["./a-dir/", "./z-dir/", "./%3Cimg", "./b.log", "./c-2k.txt", "./d-20k.txt", "./hello.rpm"]
                .map { page.range(of: #"href="\#($0)"#)?.lowerBound }
            #expect(order.allSatisfy { $0 != nil }, "\(page)")
            #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())

            #expect(page.contains(#"<td class="size" title="10 bytes">10 B</td><td><time datetime="2023-11-14T22:13:20Z">2023-11-14 22:13:20 UTC</time></td>"#))
            #expect(page.contains(#"title="2048 bytes">2.0 KiB<"#))
            #expect(page.contains(#"title="20480 bytes">20 KiB<"#))
            #expect(page.contains(#"title="1572864 bytes">1.5 MiB<"#))
            #expect(page.contains(#"<a href="./a-dir/">a-dir/</a></td><td class="size">-</td>"#))
            #expect(page.contains(#"<th scope="col">Name</th>"#))

            #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;.log</a>"))
            #expect(!page.contains("<img"), "no markup of a file name reaches the page")
            // The file itself is served as text, which no browser runs.
            let log = try await frontend.get("/results/\(Self.directory)/%3Cimg%20src=x%20onerror=alert(1)%3E.log")
            #expect(log.status == 200)
            #expect(log.header("Content-Type") == "text/plain; charset=utf-8")
        }
    }

    @Test("a compressed log decompressed for a client that refuses gzip stops at the limit and says so")
    func decompressionLimit() async throws {
        try await Server.run(decompressedLogLimit: 1000) { frontend in
            let path = "\(Self.directory)/builder-live.log"
            let log = ResultsTests.logText(bytes: 5000)
            try frontend.write(log, to: path)
            try await frontend.gzip(path)

            let text = try await frontend.get("/results/\(path)", headers: [.acceptEncoding: "identity"]).text
            #expect(text == String(log.utf8.prefix(1000))! + "\n[the log goes on beyond 1000 bytes; builder-live.log.gz holds all of it]\n")
            let compressed = try Data(contentsOf: URL(fileURLWithPath: frontend.layout.path(path + ".gz")))
            #expect(try await frontend.get("/results/\(path)", headers: [.acceptEncoding: "gzip"]).body == compressed)
            #expect(try await frontend.get("/results/\(path).gz").body == compressed)
        }
    }
}
