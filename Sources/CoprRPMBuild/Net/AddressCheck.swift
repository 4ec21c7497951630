/// Which hops of a download ``URLPolicy``'s address rule applies to. A hop is one request:
/// the URL itself, then each redirect target.
public enum AddressCheck: Sendable, Equatable {
    /// Every hop: any URL that a user chose (a link, a `SourceN:` entry, a clone URL).
    case everyHop
    /// Every hop but the first: a file the frontend or the backend keeps for this very
    /// task, at a URL the user could not choose (the task's own upload, the SRPM the
    /// source build produced), which may well be on the build farm's own addresses.
    case afterFirstHop
    /// None: the task itself, at a URL from the command line or `main.ini`.
    case none

    /// Whether hop `index` (0: the URL itself) is checked.
    func applies(toHop index: Int) -> Bool {
        switch self {
        case .everyHop: true
        case .afterFirstHop: index > 0
        case .none: false
        }
    }
}
