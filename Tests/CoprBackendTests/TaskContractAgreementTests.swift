import CoprBackend
import CoprCore
import CoprFrontend
import CoprRPMBuild
import Foundation
import PropertyBased
import Testing

/// The same generated values, hostile ones included, through every place a task enters:
/// the embedded frontend's project and submission checks and its `update` intake, the
/// backend's `pending-jobs` intake (`QueuedTask`) and task-record check (`BuildJob`), and
/// the agent's task validation. Every entry point that takes the field must give the same
/// verdict, so that no side accepts a task the next one refuses.
///
/// An empty string is how a record leaves a field out (upstream reads fields by their
/// truth), so generated names are never empty; ``emptyMeansAbsent()`` covers it.
@Suite("Task contract: every entry point agrees")
struct TaskContractAgreementTests {
    typealias Values = TaskContractValues

    @Test("owners", .shrinking(false))
    func owners() async {
        await propertyCheck(count: 400, input: Values.names) { owner in
            Self.agree(owner, [
                ("frontend project", Self.frontend { try NewProject(owner: owner, name: "hello", chroots: ["fedora-41-x86_64"]).checked() }),
                ("backend pending-jobs", Self.queued(["project_owner": .string(owner)])),
                ("backend task record", Self.job(["project_owner": .string(owner)])),
                ("agent", Self.agent(["project_owner": .string(owner)])),
            ])
        }
    }

    @Test("project names", .shrinking(false))
    func projectNames() async {
        await propertyCheck(count: 400, input: Values.names) { name in
            Self.agree(name, [
                ("frontend project", Self.frontend { try NewProject(owner: "jdoe", name: name, chroots: ["fedora-41-x86_64"]).checked() }),
                ("backend task record", Self.job(["project_name": .string(name), "project_dirname": .string(name)])),
                ("agent", Self.agent(["project_name": .string(name), "project_dirname": .string(name)])),
            ])
        }
    }

    @Test("submitters", .shrinking(false))
    func submitters() async {
        await propertyCheck(count: 300, input: Values.names) { user in
            Self.agree(user, [
                ("frontend submission", Self.frontend { try Self.submission(submitter: user).checked() }),
                ("backend task record", Self.job(["submitter": .string(user)])),
                ("agent", Self.agent(["submitter": .string(user)])),
            ])
        }
    }

    @Test("chroots, '+' ones included", .shrinking(false))
    func chroots() async {
        await propertyCheck(count: 500, input: Values.chroots) { chroot in
            let rpm: [String: JSONValue] = ["chroot": .string(chroot), "task_id": .string("12-\(chroot)")]
            Self.agree(chroot, [
                ("frontend project", Self.frontend { try NewProject(owner: "jdoe", name: "hello", chroots: [chroot]).checked() }),
                ("frontend submission", Self.frontend { try Self.submission(chroots: [chroot]).checked() }),
                ("frontend task id", Self.frontend { try TaskID("12-\(chroot)") }),
                ("backend pending-jobs", Self.queued(rpm)),
                ("backend task record", Self.job(rpm)),
                ("agent", Self.agent(rpm)),
            ])
        }
    }

    @Test("package names", .shrinking(false))
    func packageNames() async {
        await propertyCheck(count: 400, input: Values.names) { name in
            Self.agree(name, [
                ("frontend update", Self.frontend { try TaskReport(json: Self.report(["pkg_name": .string(name)])) }),
                ("backend task record", Self.job(["package_name": .string(name)])),
                ("agent", Self.agent(["package_name": .string(name)])),
                ("agent SRPM header", Self.agentRefusal { try TaskValidator.validatePackageName(name) }),
            ])
        }
    }

    @Test("timeouts around the limits", .shrinking(false))
    func timeouts() async {
        await propertyCheck(count: 400, input: Values.timeouts) { seconds in
            Self.agree("\(seconds)", [
                ("frontend submission", Self.frontend { try Self.submission(timeout: seconds).checked() }),
                ("backend task record", Self.job(["timeout": .int(seconds)])),
                ("agent", Self.agent(["timeout": .int(seconds)])),
            ])
        }
    }

    @Test("build ids", .shrinking(false))
    func buildIDs() async {
        await propertyCheck(count: 300, input: Values.buildIDs) { id in
            let fields: [String: JSONValue] = ["build_id": .int(id), "task_id": .string("\(id)"), "chroot": .null]
            let verdicts = [
                ("frontend task id", Self.frontend { try TaskID("\(id)") }),
                ("backend pending-jobs", Self.queued(fields)),
                ("backend task record", Self.job(fields)),
                ("agent", Self.agent(fields, sourceBuild: true)),
            ]
            Self.agree("\(id)", verdicts)
        }
    }

    @Test("the timeout limit is the same everywhere")
    func timeoutLimit() throws {
        for seconds in [1, 3600, TaskRules.maximumTimeout] {
            #expect(throws: Never.self) { try Self.submission(timeout: seconds).checked() }
            #expect(Self.job(["timeout": .int(seconds)]) == nil)
            #expect(Self.agent(["timeout": .int(seconds)]) == nil)
        }
        for seconds in [0, -1, TaskRules.maximumTimeout + 1, 30 * 86400] {
            #expect(throws: InvalidField.self) { try Self.submission(timeout: seconds).checked() }
            #expect(Self.job(["timeout": .int(seconds)]) != nil)
            #expect(Self.agent(["timeout": .int(seconds)]) != nil)
        }
    }

    @Test("an empty name is a field left out: refused where the field is needed, absent elsewhere")
    func emptyMeansAbsent() {
        #expect(Self.frontend { try NewProject(owner: "", name: "hello", chroots: ["fedora-41-x86_64"]).checked() } == "it is empty")
        #expect(Self.queued(["project_owner": ""]) == "it is missing or empty")
        #expect(Self.job(["project_dirname": ""]) == "it is missing or empty")
        #expect(Self.job(["package_name": "", "submitter": ""]) == nil)
        #expect(Self.agent(["project_owner": "", "package_name": ""]) == nil)
        #expect(Self.frontend { try TaskReport(json: Self.report(["pkg_name": ""])) } == nil)
        #expect(Self.queued(["chroot": ""]) == "an RPM task needs one, found nothing")
    }

    // MARK: Entry points; each answers nil when it accepts, else the reason it refuses.

    /// Every verdict the same (the reasons are shown when they are not).
    private static func agree(_ value: String, _ verdicts: [(String, String?)]) {
        let distinct = Set(verdicts.map { $0.1 == nil })
        #expect(distinct.count == 1, "\(TaskRules.quoted(value)): \(verdicts.map { "\($0.0): \($0.1 ?? "accepted")" })")
    }

    private static func frontend<Value>(_ body: () throws -> Value) -> String? {
        reason { _ = try body() }
    }

    private static func queued(_ changes: [String: JSONValue]) -> String? {
        reason { _ = try QueuedTask(record: .object(Values.record(changes, full: false))) }
    }

    private static func job(_ changes: [String: JSONValue]) -> String? {
        reason {
            _ = try BuildJob(
                record: Values.record(changes, full: true), destdir: "/results", resultsBaseURL: "http://be/results",
                frontendBaseURL: "http://fe", defaultTimeout: 3600)
        }
    }

    private static func agent(_ changes: [String: JSONValue], sourceBuild: Bool = false) -> String? {
        agentRefusal {
            let data = try JSONValue.object(Values.record(changes, full: true)).encoded()
            try TaskValidator.validate(try BuildTask(json: data), sourceBuild: sourceBuild)
        }
    }

    /// The reason of an ``InvalidField`` thrown by `body`, any other error as it reads.
    private static func reason(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as InvalidField {
            return error.reason
        } catch {
            return "\(error)"
        }
    }

    /// The agent refuses with the contract's message inside its own: `Invalid <field>: <reason>`.
    private static func agentRefusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch CoprRPMBuildError.refusedTask(let message) {
            guard let colon = message.range(of: ": ") else { return message }
            return String(message[colon.upperBound...])
        } catch {
            return "\(error)"
        }
    }

    private static func submission(submitter: String = "alice", chroots: [String]? = nil, timeout: Int = 3600) -> BuildSubmission {
        BuildSubmission(
            owner: "jdoe", project: "hello", submitter: submitter, source: .srpmURL("https://example.org/hello-1.0-1.src.rpm"),
            chroots: chroots, timeout: timeout)
    }

    /// A source build's successful report with `changes`.
    private static func report(_ changes: [String: JSONValue]) -> JSONValue {
        var fields: [String: JSONValue] = ["build_id": 12, "task_id": "12", "chroot": "srpm-builds", "status": 1]
        fields.merge(changes) { $1 }
        return .object(fields)
    }
}
