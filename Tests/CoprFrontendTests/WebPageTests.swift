import CoprCore
@testable import CoprFrontend
import Crypto
import Foundation
import Testing

/// The web pages answered in process: what a reader sees on each, that what users wrote
/// comes out escaped, the 404 and 400 pages, and the APIs' prefixes left alone.
@Suite("Embedded frontend: web pages", .timeLimit(.minutes(3)))
struct WebPageTests {
    typealias Server = WebTestApp

    static let hostile = #"<script>alert("x")</script> & 'quotes'"#

    @Test("the home page lists recent builds with their states and projects, and its search finds projects by name")
    func home() async throws {
        try await Server.run { web in
            try await web.createProject(settings: .init(description: "Hello, world\nsecond line"))
            try await web.createProject(owner: "@team", name: "stack")
            let id = try await web.build(states: ["fedora-41-x86_64": .succeeded, "epel-9-aarch64": .failed])

            let home = try await web.get("/")
            #expect(home.status == 200)
            #expect(home.header("Content-Type") == "text/html; charset=utf-8")
            #expect(home.text.contains(#"<html lang="en">"#))
            #expect(home.text.contains(#"<meta name="viewport""#))
            #expect(home.text.contains(#"<a href="/coprs/jdoe/hello/build/\#(id)/">\#(id)</a>"#))
            #expect(home.text.contains(#"<span class="state state-failed">failed</span>"#))
            #expect(home.text.contains(#"<a href="/coprs/jdoe/hello/">jdoe/hello</a> — Hello, world"#))
            #expect(home.text.contains(#"<a href="/coprs/g/team/stack/">@team/stack</a>"#))
            #expect(home.text.contains("How to start"))

            let search = try await web.get("/?q=stac")
            #expect(search.text.contains("@team/stack"))
            #expect(!search.text.contains(#"<li><a href="/coprs/jdoe/hello/">"#))
            // LIKE's wildcards are the reader's text, not patterns.
            #expect(!(try await web.get("/?q=%25")).text.contains("@team/stack"))
            let projects = try await web.get("/coprs/?q=hello")
            #expect(projects.text.contains("1 projects matching “hello”"))
        }
    }

    @Test("a search, a description and instructions full of markup come out escaped; Markdown makes only safe elements")
    func hostileProjectText() async throws {
        try await Server.run { web in
            let description = "# About\n\(Self.hostile)\n\n[click](javascript:alert(1)) and [docs](https://example.org/a?b=\"c\")"
            try await web.createProject(settings: .init(
                description: description, instructions: "- **bold** `<b>code</b>`\n- <img src=x onerror=alert(1)>",
                homepage: "https://example.org/\"onmouseover=\"alert(1)", contact: "jdoe@example.org"))
            let page = try await web.get("/coprs/jdoe/hello/")
            #expect(page.status == 200)
            #expect(!page.text.contains("<script>alert"))
            #expect(!page.text.contains("<img"))
            #expect(!page.text.contains("href=\"javascript:"))
            #expect(!page.text.contains("\"onmouseover"))
            #expect(page.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;"))
            #expect(page.text.contains("<h3>About</h3>"))
            #expect(page.text.contains("[click](javascript:alert(1))"))
            #expect(page.text.contains(#"<a href="https://example.org/a?b=&quot;c&quot;" rel="nofollow noopener">docs</a>"#))
            #expect(page.text.contains("<li><strong>bold</strong> <code>&lt;b&gt;code&lt;/b&gt;</code></li>"))
            #expect(page.text.contains("Contact: jdoe@example.org"))

            let search = try await web.get("/?q=%22%3E%3Cscript%3E")
            #expect(search.text.contains(#"value="&quot;&gt;&lt;script&gt;""#))
            #expect(!search.text.contains("\"><script>"))
        }
    }

    @Test("a project page tells how to install from it, its packages' newest builds, and its builds by page and state")
    func projectPage() async throws {
        try await Server.run { web in
            try await web.createProject(owner: "@team", name: "stack")
            for index in 1...55 {
                try await web.build(
                    owner: "@team", project: "stack", package: index % 2 == 0 ? "even" : "odd",
                    states: ["fedora-41-x86_64": index == 3 ? .failed : .succeeded, "epel-9-aarch64": .succeeded])
            }
            let page = try await web.get("/coprs/g/team/stack/")
            #expect(page.status == 200)
            #expect(page.text.contains("dnf copr enable --hub http://frontend.test:5007 @team/stack"))
            #expect(page.text.contains(#"<a href="http://frontend.test:5007/coprs/@team/stack/repo/fedora-41/group_team-stack-fedora-41.repo">fedora-41</a>"#))
            #expect(page.text.contains(#"data-copy="dnf copr enable --hub http://frontend.test:5007 @team/stack""#))
            #expect(page.text.contains(#"<a href="/coprs/g/team/stack/build/54/">54</a>"#))
            #expect(page.text.contains("55 builds."))
            #expect(page.text.contains(#"<a href="/coprs/g/team/stack/build/55/">55</a>"#))
            #expect(!Self.buildsSection(page).contains(#"<a href="/coprs/g/team/stack/build/5/">5</a>"#))
            #expect(page.text.contains(#"<a href="/coprs/g/team/stack/?page=2" rel="next">Older</a>"#))

            let older = Self.buildsSection(try await web.get("/coprs/g/team/stack/?page=2"))
            #expect(older.contains(#"<a href="/coprs/g/team/stack/build/5/">5</a>"#))
            #expect(!older.contains(#"<a href="/coprs/g/team/stack/build/55/">55</a>"#))
            #expect(older.contains("Page 2 of 2"))

            let failed = Self.buildsSection(try await web.get("/coprs/g/team/stack/?state=failed"))
            #expect(failed.contains("1 builds failed."))
            #expect(failed.contains(#"<a href="/coprs/g/team/stack/build/3/">3</a>"#))
            #expect(!failed.contains(#"<a href="/coprs/g/team/stack/build/4/">4</a>"#))
            #expect(failed.contains(#"<option value="failed" selected>"#))

            let bad = try await web.get("/coprs/g/team/stack/?state=%3Cb%3E")
            #expect(bad.status == 400)
            #expect(bad.text.contains("There is no build state “&lt;b&gt;”") || bad.text.contains("&lt;b&gt;"))
            #expect(!bad.text.contains("<b>"))
            #expect(try await web.get("/coprs/g/team/stack/?page=0").status == 400)
        }
    }

    /// The builds section of a project page.
    static func buildsSection(_ page: TestAnswer) -> String {
        page.text.components(separatedBy: #"<h2 id="builds">"#).last ?? ""
    }

    @Test("the monitor shows each package's newest build and state in each chroot")
    func monitor() async throws {
        try await Server.run { web in
            try await web.createProject()
            try await web.build(package: "hello", states: ["fedora-41-x86_64": .failed, "epel-9-aarch64": .succeeded])
            let newest = try await web.build(package: "hello", states: ["fedora-41-x86_64": .succeeded])
            try await web.build(package: "other", states: ["epel-9-aarch64": .failed])
            try await web.store.addPackage(
                owner: "jdoe", project: "hello", PackageDefinition(name: "unbuilt", source: .git(cloneURL: "https://example.org/u.git", committish: "", subdirectory: "")))

            let monitor = try await web.get("/coprs/jdoe/hello/monitor/")
            #expect(monitor.status == 200)
            let rows = monitor.text.components(separatedBy: "<tr>").dropFirst(2)
            let hello = try #require(rows.first { $0.contains(#"<th scope="row">hello</th>"#) })
            // Both cells from the newest build (its epel-9 task is still pending); the first build's failure is gone.
            #expect(hello.contains(#"href="/coprs/jdoe/hello/build/\#(newest)/">succeeded</a>"#))
            #expect(hello.contains(#"href="/coprs/jdoe/hello/build/\#(newest)/">pending</a>"#))
            #expect(!hello.contains("failed"))
            let other = try #require(rows.first { $0.contains(#"<th scope="row">other</th>"#) })
            #expect(other.contains(">failed</a>"))
            let unbuilt = try #require(rows.first { $0.contains(#"<th scope="row">unbuilt</th>"#) })
            #expect(unbuilt.components(separatedBy: "—").count == 3)
        }
    }

    @Test("a project of many packages: its page lists the first by name and points to the monitor, which pages through them all")
    func manyPackages() async throws {
        try await Server.run { web in
            try await web.createProject()
            let names = (1...(MonitorView.pageSize + 3)).map { String(format: "pkg%03d", $0) }
            for name in names.shuffled() {
                try await web.store.addPackage(
                    owner: "jdoe", project: "hello",
                    PackageDefinition(name: name, source: .git(cloneURL: "https://example.org/\(name).git", committish: "", subdirectory: "")))
            }
            let built = try await web.build(package: "pkg002", states: ["fedora-41-x86_64": .succeeded])

            let project = try await web.get("/coprs/jdoe/hello/")
            #expect(project.text.contains("\(names.count) packages; the first \(ProjectView.packageListLength) by name are below"))
            #expect(project.text.contains("<td>pkg\(String(format: "%03d", ProjectView.packageListLength))</td>"))
            #expect(!project.text.contains("<td>pkg\(String(format: "%03d", ProjectView.packageListLength + 1))</td>"))
            #expect(project.text.contains(#"href="/coprs/jdoe/hello/build/\#(built)/""#))

            let first = try await web.get("/coprs/jdoe/hello/monitor/")
            #expect(first.text.contains(#"<th scope="row">pkg100</th>"#))
            #expect(!first.text.contains(#"<th scope="row">pkg101</th>"#))
            #expect(first.text.contains("\(names.count) packages."))
            #expect(first.text.contains(#"href="/coprs/jdoe/hello/monitor/?page=2""#))
            let second = try await web.get("/coprs/jdoe/hello/monitor/?page=2")
            #expect(second.text.contains(#"<th scope="row">pkg101</th>"#) && second.text.contains(#"<th scope="row">pkg103</th>"#))
            #expect(!second.text.contains(#"<th scope="row">pkg100</th>"#))
            #expect(try await web.get("/coprs/jdoe/hello/monitor/?page=x").status == 400)
        }
    }

    @Test("a build page shows each task's state, times, results, packages with sizes and the escaped tail of a running log")
    func buildPage() async throws {
        try await Server.run { web in
            try await web.createProject()
            let id = try await web.build(states: ["fedora-41-x86_64": .succeeded, "epel-9-aarch64": .running])
            let done = "jdoe/hello/fedora-41-x86_64/0000000\(id)-hello"
            try web.write(String(repeating: "x", count: 2048), to: "\(done)/hello-1.0-1.x86_64.rpm")
            try web.write("ok\n", to: "\(done)/builder-live.log")
            try web.write(BuildInfo(buildID: id, builder: "builder-7.example.test").text, to: "\(done)/build.info")
            let running = "jdoe/hello/epel-9-aarch64/0000000\(id)-hello"
            let log = "building\n\(Self.hostile)\n"
            try web.write(log, to: "\(running)/builder-live.log")
            // A results tree others write to: a builder name that is no host is not shown.
            try web.write("build_id=\(id)\nbuilder_ip=\(Self.hostile)", to: "\(running)/build.info")

            let page = try await web.get("/coprs/jdoe/hello/build/\(id)/")
            #expect(page.status == 200)
            #expect(page.text.contains(#"<th scope="row">fedora-41-x86_64</th>"#))
            #expect(page.text.contains("2023-11-14 22:13:20 UTC"))
            #expect(page.text.contains("2 min 05 s"))
            #expect(page.text.contains("<td>builder-7.example.test</td>"))
            #expect(!page.text.contains("alert(&quot;x&quot;)&lt;/script&gt;</td>"))
            #expect(page.text.contains(#"<a href="http://frontend.test:5007/results/\#(done)/">result directory</a>"#))
            #expect(page.text.contains(#"<a href="http://frontend.test:5007/results/\#(done)/builder-live.log">builder-live.log</a>"#))
            #expect(page.text.contains(#"hello-1.0-1.x86_64.rpm</a> <span class="muted">2.0 KiB</span>"#))
            #expect(page.text.contains(#"data-log-url="/api/builds/\#(id)/log/epel-9-aarch64" data-offset="\#(log.utf8.count)""#))
            #expect(page.text.contains("building\n&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert"))
            // The poller continues where the page's tail ends, through the log API.
            let more = try await web.get("/api/builds/\(id)/log/epel-9-aarch64?offset=\(log.utf8.count)")
            #expect(more.status == 200 && more.text.isEmpty)

            // A long log shows its end only, from a whole line on; the poller continues after it.
            let long = (1...2000).map { "line \($0) of the build" }.joined(separator: "\n") + "\n"
            try web.write(long, to: "\(running)/builder-live.log")
            let tail = try await web.get("/coprs/jdoe/hello/build/\(id)/")
            #expect(tail.text.contains("The log's end; the whole log is in the result directory."))
            #expect(tail.text.contains(#"data-offset="\#(long.utf8.count)""#))
            #expect(tail.text.contains("line 2000 of the build\n</pre>"))
            #expect(!tail.text.contains(">line 1 of the build"))
            let firstShown = try #require(tail.text.components(separatedBy: "aria-live=\"polite\">").last?.prefix(5))
            #expect(firstShown == "line ")

            let redirect = try await web.get("/build/\(id)/")
            #expect(redirect.status == 302)
            #expect(redirect.header("Location") == "/coprs/jdoe/hello/build/\(id)/")
            // The address copr-cli prints for a submitted build.
            #expect(try await web.get("/coprs/build/\(id)").header("Location") == "/coprs/jdoe/hello/build/\(id)/")
            #expect(try await web.get("/coprs/jdoe/other/build/\(id)/").header("Location") == "/coprs/jdoe/hello/build/\(id)/")
        }
    }

    @Test("an unknown project or build is a 404 page, the APIs keep their own answers, and the status page lists what has not ended")
    func notFoundAndPrefixes() async throws {
        try await Server.run { web in
            for path in ["/coprs/jdoe/%3Cscript%3E/", "/coprs/g/nobody/x/monitor/", "/build/999/", "/coprs/jdoe/x/build/999/"] {
                let answer = try await web.get(path)
                #expect(answer.status == 404, "\(path)")
                #expect(answer.header("Content-Type") == "text/html; charset=utf-8", "\(path)")
                #expect(answer.text.contains("<h1>Not found</h1>"), "\(path)")
                #expect(!answer.text.contains("/<script>"), "\(path)")
            }
            try await web.createProject()
            let id = try await web.build()
            #expect(try await web.get("/api/builds/\(id)/log/srpm-builds").header("Copr-Task-State") == "succeeded")
            #expect(try await web.get("/coprs/jdoe/hello/repo/fedora-41/dnf.repo").text.contains("[copr:frontend.test:jdoe:hello]"))
            let ended = try await web.build(states: ["fedora-41-x86_64": .succeeded, "epel-9-aarch64": .failed])
            let status = try await web.get("/status/")
            #expect(status.status == 200)
            #expect(status.text.contains(#"aria-current="page">Status</a>"#))
            #expect(status.text.contains(#"<a href="/coprs/jdoe/hello/build/\#(id)/">\#(id)</a>"#))
            #expect(!status.text.contains(#"<a href="/coprs/jdoe/hello/build/\#(ended)/">"#))
        }
    }

    @Test("only SafeHTML is inserted unescaped, and the pages' policy allows exactly their scripts")
    func templatesAndPolicy() async throws {
        for (name, template) in WebTemplates.all {
            var rest = Substring(template)
            while let open = rest.range(of: "{{{") {
                let close = try #require(rest[open.upperBound...].range(of: "}}}"), "\(name)")
                #expect(rest[open.upperBound..<close.lowerBound].hasSuffix("HTML"), "\(name)")
                rest = rest[close.upperBound...]
            }
        }
        try await Server.run { web in
            try await web.createProject()
            let id = try await web.build(states: ["fedora-41-x86_64": .running])
            // The build page follows its live log; the status page updates itself.
            for path in ["/coprs/jdoe/hello/build/\(id)/", "/status/"] {
                let page = try await web.get(path)
                let policy = try #require(page.header("Content-Security-Policy"))
                let scripts = page.text.components(separatedBy: "<script>").dropFirst().map { $0.components(separatedBy: "</script>")[0] }
                #expect(scripts.count == 2, "\(path)")
                for script in scripts {
                    #expect(policy.contains("'sha256-\(Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString())'"), "\(path)")
                }
            }
        }
    }
}
