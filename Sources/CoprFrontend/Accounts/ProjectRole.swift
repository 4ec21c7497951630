/// A role Copr grants on a project besides its ownership: `admin` (act as the owner) or
/// `builder` (submit, cancel and delete builds), named as Copr's API v3 names them.
public enum ProjectRole: String, Sendable, CaseIterable, Hashable {
    case admin
    case builder
}

/// Where one user stands in one ``ProjectRole``, in Copr's words: `nothing`, `request`
/// (asked for, not granted until an admin approves) or `approved` (granted).
public enum RoleState: String, Sendable, CaseIterable, Hashable {
    case nothing
    case request
    case approved
}
