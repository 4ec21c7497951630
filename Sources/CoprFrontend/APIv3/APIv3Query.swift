import CoprCore
import Hummingbird

/// The query parameters of an API v3 request, each checked before the store sees it:
/// Copr's clients name the project, build and chroot in the query (`/project?ownername=…
/// &projectname=…`), and anyone can send anything there.
struct APIv3Query {
    let parameters: Parameters

    /// The value of `name`; a missing one is refused as Copr refuses it
    /// (`Missing argument <name>`).
    func required(_ name: String) throws(UserAPIError) -> String {
        guard let value = parameters.get(name) else {
            throw UserAPIError(.badRequest, "Missing argument \(name): name it in the query (?\(name)=…)")
        }
        return value
    }

    /// `ownername`, a user or a `@group`.
    func owner() throws -> String {
        try TaskRules.owner(try required("ownername"), field: "ownername")
    }

    /// `ownername` when given: listing every owner's projects is allowed.
    func optionalOwner() throws(InvalidField) -> String? {
        guard let value = parameters.get("ownername"), !value.isEmpty else { return nil }
        return try TaskRules.owner(value, field: "ownername")
    }

    /// `projectname`.
    func projectName() throws -> String {
        try TaskRules.projectName(try required("projectname"), field: "projectname")
    }

    /// `build_id`, a positive number.
    func buildID() throws -> Int {
        try TaskRules.buildID(try required("build_id"), field: "build_id")
    }

    /// `chrootname`, a mock chroot name.
    func chrootName() throws -> String {
        try Chroot(try required("chrootname"), field: "chrootname").name
    }

    /// An optional text filter (`packagename`, `status`): at most a name's length, since
    /// it is only compared.
    func filter(_ name: String) throws(InvalidField) -> String? {
        guard let value = parameters.get(name), !value.isEmpty else { return nil }
        guard value.utf8.count <= TaskRules.maximumNameLength else {
            throw InvalidField(field: name, reason: "longer than \(TaskRules.maximumNameLength) bytes")
        }
        return value
    }
}
