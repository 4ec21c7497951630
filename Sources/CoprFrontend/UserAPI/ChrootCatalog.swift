import CoprCore

/// The chroots a project of this frontend may name (`GET /api/chroots`,
/// `copr-backend chroots`): the task contract accepts any `<distribution>-<version>-<architecture>`
/// whose architecture is one of Copr's, so the answer is that form, the architectures, and
/// the chroots the projects use now (what the builders are known to build).
struct ChrootCatalog: Equatable {
    /// Sorted.
    var architectures: [String]
    /// Every chroot of every project, sorted, once each.
    var inUse: [String]

    init(projects: [Project]) {
        architectures = Chroot.architectures.sorted()
        inUse = Set(projects.flatMap(\.chroots)).sorted()
    }

    /// `{"form", "architectures", "in_use"}`.
    var json: JSONValue {
        [
            "form": "<distribution>-<version>-<architecture>",
            "architectures": .array(architectures.map(JSONValue.string)),
            "in_use": .array(inUse.map(JSONValue.string)),
        ]
    }
}
