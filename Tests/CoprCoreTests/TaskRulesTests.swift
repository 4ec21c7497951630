import CoprCore
import PropertyBased
import Testing

@Suite("Task contract: field rules")
struct TaskRulesTests {
    @Test("owners are users or @groups; names keep to letters, digits and a few separators")
    func names() throws {
        #expect(try TaskRules.owner("@copr") == "@copr")
        #expect(try TaskRules.owner("jdoe") == "jdoe")
        #expect(try TaskRules.projectName("python3.12+extras") == "python3.12+extras")
        #expect(try TaskRules.projectDirname("tools:custom:1") == "tools:custom:1")
        #expect(try TaskRules.packageVersion("2:1.0~rc1^git3-1.fc41") == "2:1.0~rc1^git3-1.fc41")
        let refused: [(String, String)] = [
            ("", "it is empty"),
            ("@", "it is empty"),
            ("..", "it must start with a letter or digit"),
            ("a..b", "it contains '..'"),
            ("a/b", "character '/' is not allowed in 'a/b'"),
            ("-rf", "it must start with a letter or digit"),
            ("a b", "character ' ' is not allowed"),
            ("ali\nce", "it contains control characters: 'ali\\u{a}ce'"),
            ("é", "character 'é' is not allowed"),
            ("@@copr", "character '@' is not allowed"),
            (String(repeating: "a", count: 101), "it is 101 characters long, at most 100 are accepted"),
        ]
        for (value, reason) in refused {
            let error = #expect(throws: InvalidField.self) { try TaskRules.owner(value) }
            #expect(error?.field == "project_owner")
            #expect(error?.reason.contains(reason) == true, "\(value): \(String(describing: error))")
        }
        #expect(throws: InvalidField.self) { try TaskRules.user("@copr") }
        #expect(throws: InvalidField.self) { try TaskRules.projectName("tools:custom") }
    }

    @Test("chroots: three parts, a known architecture, '+' allowed, srpm-builds no distribution")
    func chroots() throws {
        let plus = try Chroot("centos-stream+epel-next-9-x86_64")
        #expect(plus.distro == "centos-stream+epel-next" && plus.version == "9" && plus.arch == "x86_64")
        #expect(plus.release == "centos-stream+epel-next-9")
        #expect(try Chroot("fedora-rawhide-riscv64").arch == "riscv64")
        let refused: [(String, String)] = [
            ("fedora-41", "expected <distro>-<version>-<arch>"),
            ("fedora--x86_64", "expected <distro>-<version>-<arch>"),
            ("fedora-41-", "expected <distro>-<version>-<arch>"),
            ("fedora-41-x86-64", "ends in an unknown architecture"),
            ("fedora-41-noarch", "ends in an unknown architecture"),
            ("srpm-builds-x86_64", "srpm-builds holds the source builds"),
            ("fedora-41-x86_64/..", "character '/' is not allowed"),
        ]
        for (value, reason) in refused {
            let error = #expect(throws: InvalidField.self) { try Chroot(value) }
            #expect(error?.reason.contains(reason) == true, "\(value): \(String(describing: error))")
        }
        #expect(try TaskRules.resultsChroot("srpm-builds") == "srpm-builds")
        #expect(throws: InvalidField.self) { try TaskRules.chroots(["fedora-41-x86_64", "fedora-41-x86_64"]) }
        #expect(throws: InvalidField.self) { try TaskRules.chroots([]) }
    }

    @Test("timeouts: one second to seven days; build ids: positive, under ten digits")
    func limits() throws {
        #expect(TaskRules.maximumTimeout == 604_800)
        #expect(try TaskRules.timeout(1) == 1)
        #expect(try TaskRules.timeout(TaskRules.maximumTimeout) == TaskRules.maximumTimeout)
        for seconds in [0, -1, TaskRules.maximumTimeout + 1, 30 * 86400, Int.max] {
            #expect(throws: InvalidField.self) { try TaskRules.timeout(seconds) }
        }
        #expect(try TaskRules.buildID("9999999999") == 9_999_999_999)
        for text in ["0", "-1", "10000000000", "1e3", "", "12a", " 1", "١٢"] {
            #expect(throws: InvalidField.self, "\(text)") { try TaskRules.buildID(text) }
        }
    }

    @Test("source fields: revisions, paths, options and packages cannot become options or leave the checkout")
    func sources() throws {
        #expect(try TaskRules.committish("") == "")
        #expect(try TaskRules.committish("release/v1.0+build") == "release/v1.0+build")
        for value in ["--upload-pack=x", "/etc", "a..b", "a//b", "a b"] {
            #expect(throws: InvalidField.self, "\(value)") { try TaskRules.committish(value) }
        }
        #expect(try TaskRules.relativePath("pkg/sub") == "pkg/sub")
        for value in ["/etc/passwd", "../..", "a/./b", "a//b", "-x", "a/-x"] {
            #expect(throws: InvalidField.self, "\(value)") { try TaskRules.relativePath(value) }
        }
        #expect(try TaskRules.token("tests", field: "with_opts") == "tests")
        for value in ["", "--define=x", "..", "a b", "a;b"] {
            #expect(throws: InvalidField.self, "\(value)") { try TaskRules.token(value, field: "with_opts") }
        }
        #expect(try TaskRules.buildrootPackage("pkgconfig(zlib)") == "pkgconfig(zlib)")
        #expect(throws: InvalidField.self) { try TaskRules.buildrootPackage("gcc'; import os") }
        #expect(throws: InvalidField.self) { try TaskRules.buildrootPackage("../../etc/passwd") }
        #expect(throws: InvalidField.self) { try TaskRules.buildrootPackage("/usr/lib/../bin/sh") }
        #expect(try TaskRules.buildrootPackage("/usr/bin/python3") == "/usr/bin/python3")
        #expect(throws: InvalidField.self) { try TaskRules.repositoryValue("https://r/\nimport os") }
        #expect(try TaskRules.webURL("https://example.org/a.src.rpm", field: "url", suffixes: [".src.rpm"]) == "https://example.org/a.src.rpm")
        for value in ["file:///etc/passwd", "https://exa mple.org/", "https:///a", "https://example.org/a.spec"] {
            #expect(throws: InvalidField.self, "\(value)") { try TaskRules.webURL(value, field: "url", suffixes: [".src.rpm"]) }
        }
        #expect(try TaskRules.sourceFileName("hello-1.0-1.src.rpm") == "hello-1.0-1.src.rpm")
        #expect(throws: InvalidField.self) { try TaskRules.sourceFileName("../hello.spec") }
    }

    @Test("messages show values with control characters escaped and cut")
    func shownValues() {
        #expect(TaskRules.quoted("a\u{1b}[31m\n") == "'a\\u{1b}[31m\\u{a}'")
        #expect(TaskRules.shown(String(repeating: "x", count: 500)).count == 121)
        #expect(TaskRules.describe(nil) == "nothing")
        #expect(TaskRules.describe(.string("x")) == "'x'")
        #expect(TaskRules.describe(.array([])) == "an array")
    }

    /// Whatever a name rule accepts is safe as one path component and one argument, and
    /// whatever it refuses it explains (the fast verdict over bytes and the explanation
    /// over characters agree).
    @Test("accepted names are safe path components; refusals are explained", .shrinking(false))
    func acceptedNamesAreSafe() async {
        let pieces = ["a", "Z", "7", "-", "_", ".", "+", "..", "/", " ", ";", "$(", "\n", "\r\n", "\u{0}", "é", "e\u{301}", "😀", "@", ":", "~", "^"]
        let rules: [(String, (String) throws(InvalidField) -> String)] = [
            ("owner", { v throws(InvalidField) in try TaskRules.owner(v) }),
            ("project", { v throws(InvalidField) in try TaskRules.projectDirname(v) }),
            ("package", { v throws(InvalidField) in try TaskRules.packageVersion(v) }),
            ("chroot", { v throws(InvalidField) in try Chroot(v).name }),
            ("tag", { v throws(InvalidField) in try TaskRules.tag(v) }),
        ]
        let values = Gen.element(of: pieces).map { $0 ?? "" }.array(of: 0...12).map { $0.joined(separator: "") }
        await propertyCheck(count: 500, input: values) { value in
            for (name, rule) in rules {
                do throws(InvalidField) {
                    let accepted = try rule(value)
                    let body = accepted.hasPrefix("@") ? String(accepted.dropFirst()) : accepted
                    #expect(body.utf8.allSatisfy { $0 < 0x80 && $0 > 0x20 }, "\(name): \(value)")
                    #expect(!body.contains("/") && !body.contains("..") && !body.hasPrefix("-") && !body.hasPrefix("."), "\(name): \(value)")
                } catch {
                    #expect(!error.reason.hasSuffix("is not accepted"), "\(name): \(TaskRules.quoted(value)) refused without a reason")
                }
            }
        }
    }
}
