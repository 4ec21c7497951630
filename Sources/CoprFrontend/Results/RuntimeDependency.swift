import CoprCore

/// One repository a project's packages need at runtime, as its `.repo` file lists it
/// after the project's own: another project of this frontend, an external URL, or a
/// `copr://` project that does not exist (listed as a comment, as Copr's frontend does).
public enum RuntimeDependency: Sendable, Equatable {
    case project(Project)
    case external(String)
    case missing(String)

    /// The dependencies of `project` and, transitively, of the projects it depends on,
    /// each once, `project` itself left out; `find` looks a project up by owner and name.
    public static func resolve(
        _ project: Project, find: (_ owner: String, _ name: String) async throws -> Project?
    ) async throws -> [RuntimeDependency] {
        var found: [RuntimeDependency] = []
        var seen: Set<String> = [project.fullName]
        var work = [project]
        while !work.isEmpty {
            for dependency in work.removeFirst().settings.runtimeDependencies where seen.insert(dependency).inserted {
                guard let (owner, name) = try? TaskRules.coprRepository(dependency, field: "runtime_dependencies") else {
                    found.append(.external(dependency))
                    continue
                }
                guard let other = try await find(owner, name) else {
                    found.append(.missing(dependency))
                    continue
                }
                guard seen.insert(other.fullName).inserted else { continue }
                found.append(.project(other))
                work.append(other)
            }
        }
        return found
    }
}
