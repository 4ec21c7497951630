import CoprCore
@testable import CoprRPMBuild
import Foundation
import Testing

/// A task's isolation and bootstrap reach mock's child config as upstream's template
/// writes them; the rpmbuild path names every setting it cannot honour; hostile values
/// are refused before anything uses them.
@Suite("Builder: isolation, bootstrap and the settings rpmbuild cannot honour")
struct BuildSettingsTests {
    static func task(_ extra: String) throws -> BuildTask {
        try BuildTask(json: Data((#"{"build_id": 7, "task_id": "7-fedora-41-x86_64", "chroot": "fedora-41-x86_64""# + extra + "}").utf8))
    }

    @Test("isolation and bootstrap settings become mock options; defaults add nothing")
    func mockOptions() throws {
        let custom = MockConfig(
            chrootConfig: "/etc/mock/fedora-41-x86_64.cfg",
            task: try Self.task(#", "isolation": "nspawn", "bootstrap": "custom_image", "bootstrap_image": "registry.example.org/fedora:41""#)
        ).text
        #expect(custom.contains("config_opts['isolation'] = 'nspawn'\n"))
        #expect(custom.contains("config_opts['use_bootstrap'] = True\nconfig_opts['use_bootstrap_image'] = True\n"))
        #expect(custom.contains("config_opts['bootstrap_image'] = 'registry.example.org/fedora:41'\n"))
        let off = MockConfig(chrootConfig: "/c.cfg", task: try Self.task(#", "bootstrap": "off""#)).text
        #expect(off.contains("config_opts['use_bootstrap'] = False\nconfig_opts['use_bootstrap_image'] = False\n"))
        let plain = MockConfig(chrootConfig: "/c.cfg", task: try Self.task(#", "isolation": "default", "bootstrap": "default""#)).text
        #expect(!plain.contains("isolation") && !plain.contains("bootstrap"))
    }

    @Test("rpmbuild names the isolation and bootstrap it builds without; repositories serve its BuildRequires")
    func unhonoured() throws {
        let task = try Self.task(#"""
            , "isolation": "simple", "bootstrap": "custom_image", "bootstrap_image": "fedora:41",
            "repos": [{"id": "copr_base", "baseurl": "https://r/"}, {"id": "extra", "baseurl": "https://e/"}]
            """#)
        #expect(RpmbuildBuilder.unhonoured(task) == [
            "isolation simple needs mock; building without it",
            "bootstrap custom_image (bootstrap_image fedora:41) needs mock; building without it",
        ])
        #expect(RpmbuildBuilder.unhonoured(try Self.task(#", "isolation": "default", "bootstrap": "default""#)).isEmpty)
    }

    @Test("hostile isolation, bootstrap and images are refused", arguments: [
        #", "isolation": "nspawn --bind=/:/host""#, #", "bootstrap": "always""#, #", "bootstrap_image": "fedora:41'; import os""#,
        #", "bootstrap_image": "--privileged""#,
    ])
    func hostile(extra: String) throws {
        let task = try Self.task(extra)
        #expect(throws: CoprRPMBuildError.self) { try TaskValidator.validate(task, sourceBuild: false) }
    }
}
