/// The chroots a deployment offers (`[frontend] chroots` of copr-be.conf): the only ones a
/// project may enable or a build may name, so that a typo (`fedora-14-x86_64`) is refused
/// at once with the names it was probably meant as, instead of becoming a build no builder
/// can take.
///
/// ```swift
/// let offer = try ChrootOffer(["fedora-41-x86_64", "fedora-42-x86_64"])
/// try offer.check(["fedora-14-x86_64"])
/// // throws InvalidField: "chroots": 'fedora-14-x86_64' is not offered here; did you mean fedora-41-x86_64?
/// ```
public struct ChrootOffer: Sendable, Equatable {
    /// The distributions and releases offered when the operator names none, each for every
    /// architecture the builders have: what current Fedora and EPEL users build for.
    public static let defaultReleases = [
        "fedora-41", "fedora-42", "fedora-43", "fedora-rawhide", "epel-9", "epel-10", "centos-stream-9", "centos-stream-10",
    ]
    /// The architectures of Copr's own builders, for builders that do not say theirs.
    public static let defaultArchitectures = ["x86_64", "aarch64", "ppc64le", "s390x"]
    /// The most suggestions a refusal names.
    static let suggestionLimit = 3

    /// Sorted, once each.
    public let chroots: [String]

    /// The offer of `chroots`: at least one, each a ``Chroot``.
    public init(_ chroots: [String], field: String = "chroots") throws(InvalidField) {
        guard !chroots.isEmpty else { throw InvalidField(field: field, reason: "at least one chroot must be offered") }
        for chroot in chroots { _ = try Chroot(chroot, field: field) }
        self.chroots = Set(chroots).sorted()
    }

    /// ``defaultReleases`` for each of `architectures` (``defaultArchitectures`` when
    /// empty); `noarch` and architectures Copr has no chroots for are left out.
    public static func defaults(architectures: [String]) -> ChrootOffer {
        let known = architectures.filter { $0 != "noarch" && Chroot.architectures.contains($0) }
        let chosen = known.isEmpty ? defaultArchitectures : known
        // Every name is of the form TaskRules accepts.
        return try! ChrootOffer(defaultReleases.flatMap { release in chosen.map { "\(release)-\($0)" } })
    }

    /// Refuses `requested` unless each is offered, naming the first that is not with the
    /// offered names closest to it.
    public func check(_ requested: [String], field: String = "chroots") throws(InvalidField) {
        guard let unknown = requested.first(where: { !chroots.contains($0) }) else { return }
        let close = suggestions(for: unknown)
        let hint = close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"
        throw InvalidField(
            field: field, reason: "\(TaskRules.quoted(unknown)) is not offered here\(hint) (`copr-backend chroots` lists what is)")
    }

    /// The offered chroots closest to `name` by edit distance, nearest first (ties by
    /// name), at most ``suggestionLimit``, none further than a third of the name's length.
    public func suggestions(for name: String) -> [String] {
        let limit = max(2, name.count / 3)
        let close: [(chroot: String, distance: Int)] = chroots.map { ($0, Self.distance(name, $0)) }.filter { $0.1 <= limit }
        let ordered = close.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.chroot < $1.chroot }
        return ordered.prefix(Self.suggestionLimit).map(\.chroot)
    }

    /// The Levenshtein distance: the fewest single-character insertions, deletions and
    /// substitutions that turn `a` into `b`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
