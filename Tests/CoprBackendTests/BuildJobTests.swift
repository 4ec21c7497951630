import CoprCore
import Testing
@testable import CoprBackend

@Suite("Task model")
struct BuildJobTests {
    static func record(_ overrides: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var record: [String: JSONValue] = [
            "task_id": "1234-fedora-41-x86_64", "build_id": 1234, "project_owner": "@copr",
            "project_name": "copr-dev", "project_dirname": "copr-dev", "submitter": "jdoe",
            "sandbox": "@copr/copr-dev--jdoe", "chroot": "fedora-41-x86_64", "package_name": "copr-cli",
            "package_version": "1.0-1", "timeout": 3600, "tags": ["on_demand_powerful"], "custom_field": "kept",
        ]
        for (key, value) in overrides { record[key] = value }
        return record
    }

    static func job(_ overrides: [String: JSONValue] = [:]) throws -> BuildJob {
        try BuildJob(
            record: record(overrides), destdir: "/var/lib/copr/public_html/results", resultsBaseURL: "http://copr-be/results",
            frontendBaseURL: "http://copr-fe:8080/some/path", defaultTimeout: 21600)
    }

    @Test("derived paths and names follow upstream's BuildJob")
    func derivedPaths() throws {
        let job = try Self.job()
        #expect(job.arch == "x86_64")
        #expect(job.targetDirName == "00001234-copr-cli")
        #expect(job.chrootDir == "/var/lib/copr/public_html/results/@copr/copr-dev/fedora-41-x86_64")
        #expect(job.resultsDir == "/var/lib/copr/public_html/results/@copr/copr-dev/fedora-41-x86_64/00001234-copr-cli")
        #expect(job.resultsDirURL == "http://copr-be/results/@copr/copr-dev/fedora-41-x86_64/00001234-copr-cli")
        #expect(job.rsyncLogName == "build-00001234.rsync.log")
        #expect(job.taskURL == "http://copr-fe:8080/backend/get-build-task/1234-fedora-41-x86_64")
        #expect(job.tags == ["arch_x86_64", "on_demand_powerful"])
        #expect(HostRequest(taskTags: job.tags, sandbox: job.sandbox).tags == ["arch_x86_64", "copr_builder", "on_demand_powerful"])
    }

    @Test("source builds go to srpm-builds without a package suffix")
    func sourceBuild() throws {
        let job = try Self.job(["task_id": "1234", "chroot": nil, "tags": nil])
        #expect(job.isSourceBuild)
        #expect(job.chroot == "srpm-builds")
        #expect(job.arch == nil)
        #expect(job.targetDirName == "00001234")
        #expect(job.tags == ["arch_noarch"])
        #expect(job.taskURL == "http://copr-fe:8080/backend/get-srpm-build-task/1234")
        let custom = try Self.job(["task_id": "1234", "chroot": "fedora-41-aarch64"])
        #expect(custom.chroot == "srpm-builds")
        #expect(custom.arch == "aarch64")
    }

    @Test("the report's job dict echoes the record and adds the worker's fields")
    func updateDictionary() throws {
        var job = try Self.job()
        job.status = .succeeded
        job.builtPackages = "copr-cli 1.0"
        let dict = job.report.fields
        #expect(dict["custom_field"] == "kept")
        #expect(dict["id"] == 1234)
        #expect(dict["status"] == 1)
        #expect(dict["result_dir"] == "00001234-copr-cli")
        #expect(dict["built_packages"] == "copr-cli 1.0")
        #expect(dict["mockchain_macros"]?["vendor"] == "Fedora Project COPR (@copr/copr-dev)")
    }

    @Test("hostile values are refused with the field named", arguments: [
        ("project_owner", JSONValue.string("../../etc")),
        ("project_owner", "a/b"),
        ("project_dirname", ".."),
        ("project_dirname", "x;rm -rf /"),
        ("package_name", "hello$(reboot)"),
        ("package_name", "hello\nworld"),
        ("package_name", .string(String(repeating: "a", count: 101))),
        ("chroot", "fedora-41-x86_64/../../x"),
        ("chroot", "fedora"),
        ("task_id", "1234-fedora-40-x86_64"),
        ("build_id", -1),
        ("timeout", "forever"),
        ("sandbox", "a\u{0}b"),
        ("tags", .array(["ok", "bad tag"])),
    ])
    func hostileFields(field: String, value: JSONValue) {
        var overrides: [String: JSONValue] = [field: value]
        if field == "chroot" { overrides["task_id"] = .string("1234-\(value.stringValue ?? "")") }
        let error = #expect(throws: InvalidField.self) { try Self.job(overrides) }
        #expect(error?.field == (field == "chroot" ? "chroot" : field))
    }
}
