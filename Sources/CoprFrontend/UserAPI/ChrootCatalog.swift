import CoprCore

/// The chroots a project of this frontend may name (`GET /api/chroots`,
/// `copr-backend chroots`): those the deployment offers (`[frontend] chroots`), else the
/// form the task contract accepts (any `<distribution>-<version>-<architecture>` of a
/// Copr architecture); and the chroots the projects use now.
struct ChrootCatalog: Equatable {
    /// Sorted; nil when every chroot of the form is accepted.
    var offered: [String]?
    /// Sorted.
    var architectures: [String]
    /// Every chroot of every project, sorted, once each.
    var inUse: [String]

    init(offer: ChrootOffer?, projects: [Project]) {
        offered = offer?.chroots
        architectures = Chroot.architectures.sorted()
        inUse = Set(projects.flatMap(\.chroots)).sorted()
    }

    /// `{"offered", "form", "architectures", "in_use"}`; `offered` is null when any
    /// chroot of the form is accepted.
    var json: JSONValue {
        [
            "offered": offered.map { .array($0.map(JSONValue.string)) } ?? .null,
            "form": "<distribution>-<version>-<architecture>",
            "architectures": .array(architectures.map(JSONValue.string)),
            "in_use": .array(inUse.map(JSONValue.string)),
        ]
    }
}
