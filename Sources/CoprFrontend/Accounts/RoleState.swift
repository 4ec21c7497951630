/// Where one user stands in one ``ProjectRole``, in Copr's words: `nothing`, `request`
/// (asked for, not granted until an admin approves) or `approved` (granted).
public enum RoleState: String, Sendable, CaseIterable, Hashable {
    case nothing
    case request
    case approved
}
