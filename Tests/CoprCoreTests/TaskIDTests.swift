import CoprCore
import PropertyBased
import Testing

@Suite("Task contract: task ids and the results layout")
struct TaskIDTests {
    @Test("a task id is the build id, or the build id and a chroot")
    func parse() throws {
        #expect(try TaskID("12") == .source(buildID: 12))
        #expect(try TaskID("12-centos-stream+epel-next-9-x86_64") == .rpm(buildID: 12, chroot: "centos-stream+epel-next-9-x86_64"))
        for text in ["", "0", "12-", "12-fedora", "12_fedora-41-x86_64", "-12", "12-srpm-builds", "12-fedora-41-x86_64/../x"] {
            #expect(throws: InvalidField.self, "\(text)") { try TaskID(text) }
        }
        #expect(TaskID(buildID: 12, resultsChroot: "srpm-builds") == .source(buildID: 12))
        #expect(TaskID(buildID: 12, resultsChroot: "fedora-41-x86_64").description == "12-fedora-41-x86_64")
        #expect(TaskID.source(buildID: 12).resultsChroot == TaskID.sourceBuildsChroot)
    }

    @Test("formatting and parsing are inverse", .shrinking(false))
    func roundTrip() async {
        let chroots = zip(
            Gen.element(of: ["fedora", "centos-stream+epel-next", "epel", "openeuler"]).map { $0 ?? "" },
            Gen.int(in: 1...99),
            Gen.element(of: Array(Chroot.architectures)).map { $0 ?? "" }
        ).map { "\($0)-\($1)-\($2)" }
        await propertyCheck(count: 300, input: Gen.int(in: 1...9_999_999_999), chroots, Gen.bool) { buildID, chroot, source in
            let task: TaskID = source ? .source(buildID: buildID) : .rpm(buildID: buildID, chroot: chroot)
            let parsed = try TaskID(task.description)
            #expect(parsed == task)
            #expect(TaskID(buildID: buildID, resultsChroot: task.resultsChroot) == task)
        }
    }

    @Test("results go to <owner>/<dirname>/<chroot>/<8-digit id>-<package>, source builds to srpm-builds")
    func layout() {
        let layout = ResultsLayout(destdir: "/var/lib/copr/public_html/results", baseURL: "https://copr.example/results/")
        let rpm = ResultsLayout.taskDirectory(
            owner: "@copr", dirname: "copr-dev", task: .rpm(buildID: 1234, chroot: "fedora-41-x86_64"), packageName: "copr-cli")
        #expect(rpm == "@copr/copr-dev/fedora-41-x86_64/00001234-copr-cli")
        #expect(layout.path(rpm) == "/var/lib/copr/public_html/results/@copr/copr-dev/fedora-41-x86_64/00001234-copr-cli")
        #expect(layout.url(rpm, directory: true) == "https://copr.example/results/@copr/copr-dev/fedora-41-x86_64/00001234-copr-cli/")
        let source = ResultsLayout.taskDirectory(owner: "jdoe", dirname: "foo", task: .source(buildID: 1_234_567), packageName: "foo")
        #expect(source == "jdoe/foo/srpm-builds/01234567")
        #expect(ResultsLayout.taskDirectoryName(buildID: 12, packageName: nil, sourceBuild: false) == "00000012")
    }
}
