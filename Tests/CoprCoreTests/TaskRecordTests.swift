@testable import CoprCore
import Foundation
import Testing

@Suite("Task contract: records and reports")
struct TaskRecordTests {
    static let rpm: [String: JSONValue] = [
        "task_id": "1234-fedora-41-x86_64", "build_id": 1234, "project_owner": "@copr", "project_name": "copr-dev",
        "project_dirname": "copr-dev", "submitter": "jdoe", "sandbox": "@copr/copr-dev--jdoe", "chroot": "fedora-41-x86_64",
        "package_name": "copr-cli", "package_version": "1.0-1", "timeout": 3600, "tags": ["on_demand_powerful"],
        "background": true, "allow_user_ssh": false, "custom_field": ["kept": true], "memory_reqs": 2048,
    ]

    @Test("the record's fields are read with upstream's names; unknown ones are kept")
    func reads() throws {
        let record = try TaskRecord(fields: Self.rpm)
        #expect(record.task == .rpm(buildID: 1234, chroot: "fedora-41-x86_64"))
        #expect(record.chroot?.arch == "x86_64")
        #expect(record.projectOwner == "@copr" && record.projectDirname == "copr-dev" && record.submitter == "jdoe")
        #expect(record.background && !record.allowUserSSH && record.tags == ["on_demand_powerful"])
        #expect(record.timeout == 3600 && record.packageName == "copr-cli" && record.packageVersion == "1.0-1")
        #expect(record.fields["custom_field"] == ["kept": true])

        let decoded = try JSONDecoder().decode(TaskRecord.self, from: try JSONEncoder().encode(record))
        #expect(decoded == record)
    }

    @Test("a source build has its build id as task id, with or without a chroot")
    func sourceBuilds() throws {
        let plain = try TaskRecord(fields: ["task_id": "7", "build_id": 7, "chroot": nil])
        #expect(plain.task == .source(buildID: 7) && plain.chroot == nil)
        let custom = try TaskRecord(fields: ["task_id": 7, "build_id": "7", "chroot": "fedora-41-aarch64"])
        #expect(custom.task == .source(buildID: 7) && custom.chroot?.arch == "aarch64")
    }

    @Test("a task id must belong to its build and chroot; the earliest bad field is the one named")
    func refusals() {
        let cases: [([String: JSONValue], String, String)] = [
            (["task_id": "1234-fedora-40-x86_64"], "task_id", "expected '1234-fedora-41-x86_64' for build 1234"),
            (["build_id": 12], "task_id", "expected '12-fedora-41-x86_64' for build 12"),
            (["chroot": nil], "chroot", "an RPM task needs one"),
            (["task_id": nil], "task_id", "expected a string, found null"),
            (["build_id": "twelve"], "build_id", "found 'twelve'"),
            (["background": "yes"], "background", "expected true or false"),
            (["tags": ["ok", "bad tag"]], "tags", "character ' '"),
            (["timeout": .int(30 * 86400)], "timeout", "expected seconds between 1 and 604800"),
            (["project_owner": "a/b", "package_name": "x;y", "timeout": 0], "project_owner", "character '/'"),
        ]
        for (changes, field, reason) in cases {
            let error = #expect(throws: InvalidField.self) { try TaskRecord(fields: Self.rpm.merging(changes) { $1 }) }
            #expect(error?.field == field, "\(changes)")
            #expect(error?.reason.contains(reason) == true, "\(changes): \(String(describing: error))")
        }
    }

    @Test("every field is found by its name, and nothing else is")
    func fieldNames() {
        for field in TaskRecordReader.Field.allCases {
            #expect(TaskRecordReader.Field.named(field.rawValue) == field)
            #expect(TaskRecordReader.Field.named(field.rawValue + "x") == nil)
            #expect(TaskRecordReader.Field.named(String(field.rawValue.reversed())) == nil)
        }
        for key in ["task", "tage", "chrooT", "timeOut", "package_namE", "project_dirnamE", "priority", "repos", ""] {
            #expect(TaskRecordReader.Field.named(key) == nil, "\(key)")
        }
    }

    @Test("a report is written over the record it echoes and read back by a frontend")
    func reports() throws {
        let report = TaskReport(
            task: .source(buildID: 1234), status: .succeeded, startedOn: 1_700_000_000, endedOn: 1_700_000_050, resultDir: "00001234",
            packageName: "copr-cli", packageVersion: "1.0-1", srpmURL: "https://be/results/copr-cli-1.0-1.src.rpm", builtPackages: "",
            results: ["name": "copr-cli"])
        let fields = report.fields(echoing: Self.rpm)
        #expect(fields["custom_field"] == ["kept": true])
        #expect(fields["id"] == 1234 && fields["task_id"] == "1234" && fields["chroot"] == "srpm-builds")
        #expect(fields["pkg_name"] == "copr-cli" && fields["built_packages"] == "" && fields["results"] == ["name": "copr-cli"])
        var read = try TaskReport(json: .object(fields))
        read.builtPackages = report.builtPackages
        read.results = report.results
        #expect(read == report)

        let running = TaskReport(task: .rpm(buildID: 1234, chroot: "fedora-41-x86_64"), status: .running).fields(echoing: Self.rpm)
        #expect(running["started_on"] == .null && running["package_name"] == "copr-cli" && running["pkg_name"] == nil)
        #expect(throws: InvalidField.self) { try TaskReport(json: .object(running.merging(["pkg_name": "a/b"]) { $1 })) }
        #expect(throws: InvalidField.self) { try TaskReport(json: .object(running.merging(["chroot": "epel-9-x86_64"]) { $1 })) }
    }
}
