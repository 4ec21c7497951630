import CoprCore

/// The project page's "New build" form, shown to a reader the rules allow to build in the
/// project: an SRPM or spec file to upload, or the URL of one, the chroots to build for
/// (each a checkbox, all checked at first) and the session's CSRF token. After a refused
/// attempt the page shows it again with the problem, the chroots chosen and the URL typed.
struct SubmitForm: Sendable {
    /// What a refused post asked for, to show again, and why it was refused.
    struct Attempt: Sendable {
        var chroots: [String]
        var url: String
        var problem: String
    }

    /// A chroot's checkbox.
    struct ChrootChoice: Sendable {
        let name: String
        /// The checkbox's element id, which its label names.
        let id: String
        let checked: Bool
    }

    /// Where the form posts: the project's `new_build/`.
    let action: String
    let csrfToken: String
    let chroots: [ChrootChoice]
    let url: String
    let problem: String?
    /// The upload limit for people (`1 GiB`).
    let maximumSize: String

    init(project: Project, csrfToken: String, maximumUploadSize: Int, attempt: Attempt? = nil) {
        action = WebPath.newBuild(project)
        self.csrfToken = csrfToken
        chroots = project.chroots.enumerated().map { index, chroot in
            ChrootChoice(name: chroot, id: "chroot-\(index)", checked: attempt.map { $0.chroots.contains(chroot) } ?? true)
        }
        url = attempt?.url ?? ""
        problem = attempt?.problem
        maximumSize = DirectoryListing.readableSize(maximumUploadSize)
    }
}
