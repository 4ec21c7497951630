import CoprCore
@testable import CoprRPMBuild
import Foundation
import Testing

@Suite("Task records and their validation")
struct TaskTests {
    private func task(_ json: String) throws -> BuildTask { try BuildTask(json: Data(json.utf8)) }

    @Test func readsSourceJSONGivenAsTextOrObject() throws {
        let text = try task(#"{"build_id": 5, "task_id": "5", "source_type": 8, "source_json": "{\"clone_url\": \"https://g/x.git\", \"committish\": \"main\", \"subdirectory\": \"pkg\", \"spec\": \"x.spec\", \"type\": \"git\", \"srpm_build_method\": \"rpkg\"}"}"#)
        #expect(text.source == SourceDescription(cloneURL: "https://g/x.git", committish: "main", subdirectory: "pkg",
                                                 spec: "x.spec", scmType: "git", srpmBuildMethod: "rpkg"))
        let object = try task(#"{"build_id": "6", "source_type": 1, "source_json": {"url": "https://h/a.src.rpm"}}"#)
        #expect(object.buildID == 6 && object.taskID == "6" && object.source?.url == "https://h/a.src.rpm")
    }

    @Test func readsRPMTaskFields() throws {
        let rpm = try task(#"{"build_id": 9, "task_id": "9-fedora-41-x86_64", "chroot": "fedora-41-x86_64", "timeout": 600, "enable_net": false, "with_opts": ["a"], "without_opts": ["b"], "buildroot_pkgs": "gcc make", "repos": [{"id": "copr_base", "baseurl": "https://r/", "name": "Copr"}]}"#)
        #expect(rpm.timeout == 600 && !rpm.enableNet && rpm.withOpts == ["a"] && rpm.withoutOpts == ["b"])
        #expect(rpm.buildrootPkgs == ["gcc", "make"])
        #expect(rpm.repos.first?["baseurl"] == "https://r/")
    }

    @Test func refusesEmptyOrInvalidJSON() {
        #expect(throws: CoprRPMBuildError.self) { try task("{}") }
        #expect(throws: CoprRPMBuildError.self) { try task("not json") }
        #expect(throws: CoprRPMBuildError.self) { try task(#"{"task_id": "1"}"#) }
    }

    @Test(arguments: [
        #"{"build_id": 1, "chroot": "fedora-41-x86_64/../../etc"}"#,
        #"{"build_id": 1, "chroot": "fedora-41-x86_64", "package_name": "foo;rm -rf /"}"#,
        #"{"build_id": 1, "chroot": "fedora-41-x86_64", "package_name": "$(reboot)"}"#,
        #"{"build_id": 1, "chroot": "fedora-41-x86_64", "timeout": -5}"#,
        #"{"build_id": 1, "chroot": "fedora-41-x86_64", "timeout": 99999999}"#,
        #"{"build_id": 1, "chroot": "fedora-41-x86_64", "with_opts": ["--define=x"]}"#,
        #"{"build_id": 1, "chroot": "fedora-41-x86_64", "git_hash": "--upload-pack=touch /tmp/x"}"#,
        #"{"build_id": 1, "chroot": "fedora-41-x86_64", "buildroot_pkgs": ["gcc'; import os"]}"#,
        #"{"build_id": 1, "source_type": 8, "source_json": {"clone_url": "https://g/x", "subdirectory": "../.."}}"#,
        #"{"build_id": 1, "source_type": 8, "source_json": {"clone_url": "https://g/x", "spec": "/etc/passwd"}}"#,
    ])
    func refusesHostileFields(_ json: String) throws {
        let parsed = try task(json)
        #expect(throws: CoprRPMBuildError.self) {
            try TaskValidator.validate(parsed, sourceBuild: parsed.chroot == nil)
        }
    }

    @Test func chrootsSplitFromTheRightAndImplyDistMacros() throws {
        let chroot = try Chroot("centos-stream-9-aarch64")
        #expect(chroot.distro == "centos-stream" && chroot.version == "9" && chroot.arch == "aarch64")
        #expect(DistMacros(chroot: chroot, rawhideRelease: "44").defines == ["dist": ".el9", "rhel": "9"])
        #expect(DistMacros(distro: "fedora", version: "41", rawhideRelease: "44").arguments
                == ["--define", "dist .fc41", "--define", "fedora 41"])
        #expect(DistMacros(distro: "fedora", version: "rawhide", rawhideRelease: "44").defines["dist"] == ".fc44")
        #expect(DistMacros(distro: "epel", version: "9", rawhideRelease: "44").defines["dist"] == ".el9")
        #expect(throws: InvalidField.self) { try Chroot("fedora-41") }
    }

    @Test func urlPolicyConfinesFileURLsToTheWorkspace() throws {
        let policy = URLPolicy(
            workspace: "/var/lib/copr-rpmbuild/workspace", addresses: AddressPolicy(forbidsInterfaceAddresses: true),
            resolveTimeout: .seconds(5))
        #expect(try policy.check("https://example.org/a.src.rpm") == .http("https://example.org/a.src.rpm"))
        #expect(try policy.check("file:///var/lib/copr-rpmbuild/workspace/x/a.spec")
                == .localFile("/var/lib/copr-rpmbuild/workspace/x/a.spec"))
        for url in ["file:///etc/passwd", "file:///var/lib/copr-rpmbuild/workspace/../results/x",
                    "ftp://example.org/a", "ext::sh -c touch% /tmp/pwned", "https://exa mple.org/"] {
            #expect(throws: CoprRPMBuildError.self) { try policy.check(url) }
        }
    }
}
