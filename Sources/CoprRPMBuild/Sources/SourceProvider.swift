/// Produces the SRPM of a task inside a work directory; one implementation per source
/// method (link to an SRPM, spec URL, git). The result must lie inside `workDirectory`.
public protocol SourceProvider: Sendable {
    /// Creates the SRPM and returns its path.
    func produceSRPM(in workDirectory: String) async throws -> String
}
