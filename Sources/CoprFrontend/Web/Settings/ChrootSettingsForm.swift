import CoprCore

/// One chroot's settings as its settings form shows and posts them (Copr's "edit chroot"
/// page): the lists as typed (repositories one a line, packages and rpmbuild options
/// separated by spaces or lines), the isolation and bootstrap chosen, the bootstrap's
/// image. A pure value: made from the chroot's settings, or from a post over them, and
/// turned into the ``ChrootSettingsChanges`` the user API's `editChroot` checks and
/// applies (the one place of the rules).
struct ChrootSettingsForm: Sendable, Equatable {
    /// The names of the fields, as the form posts them and ``InvalidField`` names them.
    enum Field: String, CaseIterable, Sendable {
        case buildrootPackages = "additional_packages"
        case additionalRepos = "additional_repos"
        case withOpts = "with_opts"
        case withoutOpts = "without_opts"
        case isolation, bootstrap
        case bootstrapImage = "bootstrap_image"
    }

    /// Separated by spaces or line breaks.
    var buildrootPackages: String
    /// One repository a line.
    var additionalRepos: String
    /// Separated by spaces or line breaks.
    var withOpts: String
    /// Separated by spaces or line breaks.
    var withoutOpts: String
    /// One of ``TaskRules/isolations``.
    var isolation: String
    /// One of ``TaskRules/bootstraps``.
    var bootstrap: String
    /// The image of a `custom_image` bootstrap; empty for none.
    var bootstrapImage: String

    /// The form showing `settings`.
    init(_ settings: ChrootSettings) {
        buildrootPackages = settings.buildrootPackages.joined(separator: " ")
        additionalRepos = settings.additionalRepos.joined(separator: "\n")
        withOpts = settings.withOpts.joined(separator: " ")
        withoutOpts = settings.withoutOpts.joined(separator: " ")
        isolation = settings.isolation
        bootstrap = settings.bootstrap
        bootstrapImage = settings.bootstrapImage ?? ""
    }

    /// The form as `body` posts it over `current`: a field not posted keeps its value;
    /// line breaks are `\n` whatever the browser sent.
    init(posted body: WebFormBody, over current: ChrootSettingsForm) {
        func text(_ field: Field, _ kept: String) -> String {
            body.text(field.rawValue) ?? kept
        }
        buildrootPackages = text(.buildrootPackages, current.buildrootPackages)
        additionalRepos = text(.additionalRepos, current.additionalRepos)
        withOpts = text(.withOpts, current.withOpts)
        withoutOpts = text(.withoutOpts, current.withoutOpts)
        isolation = text(.isolation, current.isolation)
        bootstrap = text(.bootstrap, current.bootstrap)
        bootstrapImage = text(.bootstrapImage, current.bootstrapImage).trimmingCharacters(in: .whitespaces)
    }

    /// What changes from `current` to this form, each list as its words: the user API's
    /// `editChroot` checks them. The image counts only with the `custom_image` bootstrap,
    /// which needs one.
    /// - Throws: ``InvalidField`` at `bootstrap_image` for a `custom_image` bootstrap without an image.
    func changes(from current: ChrootSettingsForm) throws(InvalidField) -> ChrootSettingsChanges {
        var changes = ChrootSettingsChanges()
        if Self.words(buildrootPackages) != Self.words(current.buildrootPackages) { changes.buildrootPackages = Self.words(buildrootPackages) }
        if Self.words(additionalRepos) != Self.words(current.additionalRepos) { changes.additionalRepos = Self.words(additionalRepos) }
        if Self.words(withOpts) != Self.words(current.withOpts) { changes.withOpts = Self.words(withOpts) }
        if Self.words(withoutOpts) != Self.words(current.withoutOpts) { changes.withoutOpts = Self.words(withoutOpts) }
        if isolation != current.isolation { changes.isolation = isolation }
        if bootstrap != current.bootstrap { changes.bootstrap = bootstrap }
        if bootstrap == "custom_image" {
            guard !bootstrapImage.isEmpty else {
                throw InvalidField(
                    field: Field.bootstrapImage.rawValue,
                    reason: "the custom_image bootstrap needs the container image to start from, e.g. registry.fedoraproject.org/fedora:41")
            }
            if bootstrapImage != current.bootstrapImage { changes.bootstrapImage = bootstrapImage }
        }
        return changes
    }

    /// The words of `text`, split at spaces and line breaks.
    private static func words(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
