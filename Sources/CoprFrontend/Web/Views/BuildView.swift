import CoprCore
import Foundation

/// A build's page: what it builds, and for its source build and each chroot the state,
/// times, result directory, logs, built packages, and the live log of a task that has
/// not ended.
struct BuildView: Sendable {
    /// A link to one file of a result directory.
    struct FileLink: Sendable {
        let name: String
        let url: String
        /// Its size for people (`1.2 MiB`); empty for a log, which still grows.
        let size: String
    }

    /// The end of a running task's log and where the page's poller continues.
    struct LiveLog: Sendable {
        /// The log API's address for this task, without the offset.
        let apiURL: String
        let offset: Int
        let text: String
        let isCut: Bool
    }

    /// A form of the page (cancel, resubmit, delete): a button posting the session's
    /// CSRF token to `url`.
    struct Form: Sendable {
        let label: String
        let url: String
        let csrfToken: String
    }

    /// The source build or one chroot.
    struct TaskRow: Sendable {
        let name: String
        let state: String
        /// The builder's host (``BuildInfo``), once the task has run on one.
        let builder: String
        let started: String
        let ended: String
        let duration: String
        let resultURL: String?
        let logs: [FileLink]
        let packages: [FileLink]
        let hasPackages: Bool
        let live: LiveLog?

        init(
            name: String, state: String, builder: String, started: String, ended: String, duration: String, resultURL: String?, logs: [FileLink],
            packages: [FileLink], live: LiveLog?
        ) {
            self.name = name
            self.state = state
            self.builder = builder
            self.started = started
            self.ended = ended
            self.duration = duration
            self.resultURL = resultURL
            self.logs = logs
            self.packages = packages
            hasPackages = !packages.isEmpty
            self.live = live
        }
    }

    let id: Int
    let fullName: String
    let projectURL: String
    let state: String
    let submitter: String
    let submitted: String
    let ended: String
    let package: String
    let version: String
    let source: String
    let tasks: [TaskRow]
    /// Some task has a live log: the page carries its poller.
    let isLive: Bool
    /// The forms its reader may use; empty for an anonymous reader.
    let forms: [Form]
    let hasForms: Bool

    init(_ overview: BuildOverview, tasks: [TaskRow], forms: [Form] = []) {
        id = overview.build.id
        fullName = overview.project.fullName
        projectURL = WebPath.project(overview.project)
        state = overview.state.name
        submitter = overview.build.submitter
        submitted = WebTime.text(overview.build.submittedOn)
        ended = WebTime.text(overview.endedOn)
        package = overview.build.packageName ?? ""
        version = overview.build.packageVersion ?? ""
        source = Self.describe(overview.build.source)
        self.tasks = tasks
        isLive = tasks.contains { $0.live != nil }
        self.forms = forms
        hasForms = !forms.isEmpty
    }

    /// Where the build's source comes from, in words.
    static func describe(_ source: BuildSource) -> String {
        switch source {
        case .upload(let name, _): "uploaded file \((name as NSString).lastPathComponent)"
        case .srpmURL(let url): "SRPM \(url)"
        case .specURL(let url): "spec file \(url)"
        case .git(let cloneURL, let committish, let subdirectory, let spec):
            "git \(cloneURL)" + (committish.isEmpty ? "" : " at \(committish)") + (subdirectory.isEmpty ? "" : ", directory \(subdirectory)")
                + (spec.map { ", spec \($0)" } ?? "")
        case .pypi(let pypi): "PyPI \(pypi.name)" + (pypi.version.isEmpty ? "" : " \(pypi.version)")
        }
    }
}
