import CoprCore
@testable import CoprRPMBuild
import Foundation
import Logging
import Testing

/// mock is not installable on the Debian test machines, so the mock path is checked for
/// the command and config it would use.
@Suite("Mock command line and child config")
struct MockTests {
    private let task = try! BuildTask(json: Data(#"""
        {"build_id": 42, "task_id": "42-fedora-41-x86_64", "chroot": "fedora-41-x86_64",
         "project_owner": "@copr", "project_name": "tools", "enable_net": true,
         "with_opts": ["tests"], "without_opts": ["docs"], "buildroot_pkgs": ["pkgconfig(zlib)", "gcc"],
         "repos": [{"id": "copr_base", "name": "Copr base", "baseurl": "https://r/'''\nimport os", "priority": "5"}]}
        """#.utf8))

    private var context: BuildContext {
        var config = BuilderConfig()
        config.resultDir = "/r"
        return BuildContext(config: config, logger: Logger(label: "test"))
    }

    @Test func mockRebuildArguments() {
        let builder = MockBuilder(context: context, chrootConfig: "/etc/mock/fedora-41-x86_64.cfg")
        #expect(builder.arguments(srpm: "/w/a.src.rpm", task: task, childConfig: "/w/child.cfg") == [
            "-r", "/w/child.cfg", "--rebuild", "/w/a.src.rpm", "--resultdir", "/r", "--uniqueext", "42",
            "--with", "tests", "--without", "docs", "--enable-network",
        ])
    }

    @Test func childConfigEscapesEveryTaskValue() {
        let text = MockConfig(chrootConfig: "/etc/mock/fedora-41-x86_64.cfg", task: task).text
        #expect(text.hasPrefix("include('/etc/mock/fedora-41-x86_64.cfg')\n"))
        #expect(text.contains("config_opts['chroot_additional_packages'] = 'pkgconfig(zlib) gcc'"))
        #expect(text.contains("config_opts['rpmbuild_networking'] = True"))
        #expect(text.contains("config_opts['macros']['%copr_username'] = '@copr'"))
        #expect(text.contains(#"baseurl=https://r/\'\'\'\nimport os\n"#))
        // Every line is one statement: the repo's newline stayed inside the string literal.
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("include(") || $0.hasPrefix("config_opts[") })
    }

    @Test func pythonLiteralsEscapeQuotesBackslashesAndControlCharacters() {
        #expect(MockConfig.literal("a'b\\c\nd\u{7}é") == #"'a\'b\\c\nd\u0007\u00e9'"#)
    }

    @Test func rpmbuildArgumentsImitateTheChroot() throws {
        let builder = RpmbuildBuilder(context: context)
        let arguments = builder.arguments(srpm: "/w/a.src.rpm", task: task, chroot: try Chroot("fedora-41-x86_64"),
                                          topdir: "/w/t", dbpath: "/w/db")
        #expect(arguments.starts(with: ["--rebuild", "/w/a.src.rpm", "--nodeps"]))
        #expect(arguments.contains("dist .fc41") && arguments.contains("_dbpath /w/db") && arguments.contains("_topdir /w/t"))
        #expect(arguments.suffix(4) == ["--with", "tests", "--without", "docs"])
    }
}
