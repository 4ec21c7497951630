/// A role Copr grants on a project besides its ownership: `admin` (act as the owner) or
/// `builder` (submit, cancel and delete builds), named as Copr's API v3 names them.
public enum ProjectRole: String, Sendable, CaseIterable, Hashable {
    case admin
    case builder
}
