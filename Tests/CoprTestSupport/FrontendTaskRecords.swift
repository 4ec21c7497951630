import CoprBackend
import CoprCore

/// Typical HEAD task records, so tests only spell out what they vary.
extension FrontendStub {
    /// A full HEAD RPM task record as `get-build-task` serves it; `task_id` is
    /// `"<buildID>-<chroot>"` and the sandbox defaults to `"<owner>/<project>--<submitter>"`.
    public static func rpmTaskRecord(
        buildID: Int,
        chroot: String = "fedora-41-x86_64",
        owner: String = "jdoe",
        project: String = "hello",
        packageName: String = "hello",
        packageVersion: String? = "1.0-1",
        submitter: String = "jdoe",
        timeout: Int = 3600,
        tags: [String] = [],
        sandbox: String? = nil,
        background: Bool = false
    ) -> JSONValue {
        [
            "task_id": .string("\(buildID)-\(chroot)"),
            "build_id": .int(buildID),
            "project_owner": .string(owner),
            "project_name": .string(project),
            "project_dirname": .string(project),
            "submitter": .string(submitter),
            "sandbox": .string(sandbox ?? "\(owner)/\(project)--\(submitter)"),
            "chroot": .string(chroot),
            "tags": .array(tags.map { .string($0) }),
            "allow_user_ssh": false,
            "background": .bool(background),
            "repos": [],
            "memory_reqs": 2048,
            "timeout": .int(timeout),
            "enable_net": false,
            "git_repo": .string("https://copr-dist-git.example.org/git/\(owner)/\(project)/\(packageName)"),
            "git_hash": "4f5e3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f",
            "package_name": .string(packageName),
            "package_version": packageVersion.map { .string($0) } ?? .null,
            "uses_devel_repo": false,
            "isolation": "default",
            "fedora_review": false,
            "appstream": false,
            "repo_priority": nil,
            "ssh_public_keys": nil,
            "storage": nil,
            "modules": [:],
            "buildroot_pkgs": [],
            "with_opts": [],
            "without_opts": [],
            "bootstrap": "default",
            "bootstrap_image": nil,
        ]
    }

    /// A full HEAD SRPM task record as `get-srpm-build-task` serves it; `task_id` is the
    /// build id as a string and `chroot` is null (the ordinary SRPM method).
    public static func srpmTaskRecord(
        buildID: Int,
        owner: String = "jdoe",
        project: String = "hello",
        packageName: String? = "hello",
        submitter: String = "jdoe",
        sandbox: String? = nil,
        background: Bool = false
    ) -> JSONValue {
        [
            "task_id": .string(String(buildID)),
            "build_id": .int(buildID),
            "project_owner": .string(owner),
            "project_name": .string(project),
            "project_dirname": .string(project),
            "submitter": .string(submitter),
            "sandbox": .string(sandbox ?? "\(owner)/\(project)--\(submitter)"),
            "chroot": nil,
            "background": .bool(background),
            "source_type": 8,
            "source_json": .string(#"{"clone_url": "https://example.org/\#(packageName ?? "hello").git", "committish": "main"}"#),
            "package_name": packageName.map { .string($0) } ?? .null,
            "appstream": false,
            "repos": [],
            "distributions_in_project": [],
            "distributions_in_build": [],
        ]
    }
}
