import CoprCore
import CoprBackend

/// The task of the message-body and message-bus tests: build 77 of `@copr/tools`.
enum EventFixtures {
    static func event(_ kind: BuildEventKind, status: BuildStatus? = nil, builder: String? = "10.0.0.7") throws -> BuildEvent {
        var job = try BuildJob(
            record: [
                "task_id": "77-fedora-41-x86_64", "build_id": 77, "project_owner": "@copr", "project_name": "tools",
                "project_dirname": "tools", "submitter": "jdoe", "chroot": "fedora-41-x86_64",
                "package_name": "hello", "package_version": "1.0-1",
            ],
            destdir: "/results", resultsBaseURL: "http://be", frontendBaseURL: "http://fe", defaultTimeout: 3600)
        if let status { job.status = status }
        return BuildEvent(kind: kind, job: job, builder: builder, run: "run-1")
    }
}
