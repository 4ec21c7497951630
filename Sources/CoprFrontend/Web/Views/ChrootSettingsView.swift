import CoprCore

/// The settings page of one chroot of a project (Copr's "edit chroot"), for a reader who
/// may edit the project: what the chroot adds to its builds (buildroot packages,
/// repositories, rpmbuild's `--with`/`--without`, Mock's isolation, bootstrap and its
/// image), with the problem of the last post at its field.
struct ChrootSettingsView: Sendable {
    let fullName: String
    let chroot: String
    let projectURL: String
    /// The project's settings page, which lists its chroots.
    let settingsURL: String
    let formURL: String
    let csrfToken: String
    /// What is wrong with the last post, as a whole; nil when nothing is.
    let problem: String?
    /// The field ``problem`` is about, as the form's element id, for the summary's link.
    let problemField: String?
    let fields: [FormField]

    /// - Parameter problem: Why the last post was refused, at its field.
    init(project: Project, chroot: String, form: ChrootSettingsForm, csrfToken: String, problem: InvalidField? = nil) {
        fullName = project.fullName
        self.chroot = chroot
        projectURL = WebPath.project(project)
        settingsURL = WebPath.settings(project)
        formURL = WebPath.chrootSettings(project, chroot: chroot)
        self.csrfToken = csrfToken
        self.problem = problem?.description
        problemField = problem.flatMap { ChrootSettingsForm.Field(rawValue: $0.field)?.rawValue }
        func field(_ kind: FormField.Kind, _ name: ChrootSettingsForm.Field, _ label: String, _ hint: String, _ value: String) -> FormField {
            FormField(kind, name: name.rawValue, label: label, hint: hint, value: value, problem: problem)
        }
        fields = [
            field(.lines, .buildrootPackages, "Buildroot packages",
                  "Installed into the buildroot of every build in this chroot, separated by spaces or line breaks: names, capabilities such as pkgconfig(zlib), or file paths.",
                  form.buildrootPackages),
            field(.lines, .additionalRepos, "Additional repositories",
                  "One a line: copr://owner/project or an http(s) URL, which may use $releasever and $basearch. Builds in this chroot install from them, after the project's.",
                  form.additionalRepos),
            field(.line, .withOpts, "rpmbuild --with", "Words separated by spaces; each is passed as --with WORD.", form.withOpts),
            field(.line, .withoutOpts, "rpmbuild --without", "Words separated by spaces; each is passed as --without WORD.", form.withoutOpts),
            field(.choice(Self.isolations), .isolation, "Isolation", "How Mock isolates a build in this chroot.", form.isolation),
            field(.choice(Self.bootstraps), .bootstrap, "Bootstrap", "How Mock prepares the tools that install the buildroot.", form.bootstrap),
            field(.line, .bootstrapImage, "Bootstrap image",
                  "The container image the custom_image bootstrap starts from, such as registry.fedoraproject.org/fedora:41; not used by the other bootstraps.",
                  form.bootstrapImage),
        ]
    }

    /// ``TaskRules/isolations`` with what each means.
    private static let isolations = TaskRules.isolations.map { value in
        (value, [
            "unchanged": "unchanged: the builder's own setting",
            "default": "default: Mock's default",
            "simple": "simple: chroot",
            "nspawn": "nspawn: systemd-nspawn",
        ][value] ?? value)
    }

    /// ``TaskRules/bootstraps`` with what each means.
    private static let bootstraps = TaskRules.bootstraps.map { value in
        (value, [
            "unchanged": "unchanged: the builder's own setting",
            "default": "default: Mock's default",
            "on": "on: a bootstrap chroot installed from packages",
            "off": "off: the builder's own tools",
            "image": "image: the distribution's container image",
            "custom_image": "custom_image: the image below",
        ][value] ?? value)
    }
}
