import CoprCore
/// Chooses the ``SourceProvider`` for an SRPM task from its `source_type` and `source_json`
/// (upstream's `BuildSourceEnum`): 1 link (an SRPM, or a spec file when the URL ends with
/// `.spec`), 2 upload, 5 pypi, 8 scm with git.
public struct SourceProviderSelector: Sendable {
    public let context: BuildContext

    public init(context: BuildContext) { self.context = context }

    public func provider(for task: BuildTask) throws -> any SourceProvider {
        guard let rawType = task.sourceType else {
            throw CoprRPMBuildError.unsupportedSource("the task has no source_type")
        }
        guard let source = task.source else {
            throw CoprRPMBuildError.unsupportedSource("the task has no readable source_json")
        }
        switch SourceType(rawValue: rawType) {
        case .link?, .upload?:
            guard let url = source.url, !url.isEmpty else {
                throw CoprRPMBuildError.unsupportedSource("source_json has no url")
            }
            // An upload is kept by the frontend for this task, possibly on the farm's own
            // addresses; a link is anywhere the user chose.
            return try linkProvider(url: url, check: SourceType(rawValue: rawType) == .upload ? .afterFirstHop : .everyHop)
        case .scm?:
            guard let cloneURL = source.cloneURL, !cloneURL.isEmpty else {
                throw CoprRPMBuildError.unsupportedSource("source_json has no clone_url")
            }
            guard (source.scmType ?? "git") == "git" else {
                throw CoprRPMBuildError.unsupportedSource("SCM type '\(TaskRules.shown(source.scmType ?? ""))'; only git is supported")
            }
            guard ["", "rpkg"].contains(source.srpmBuildMethod ?? "") else {
                throw CoprRPMBuildError.unsupportedSource("srpm_build_method '\(TaskRules.shown(source.srpmBuildMethod ?? ""))'; this builder packs SRPMs like rpkg (rpmbuild -bs)")
            }
            return GitProvider(context: context, cloneURL: cloneURL, committish: source.committish,
                               subdirectory: source.subdirectory ?? "", spec: source.spec)
        case .pypi?:
            guard let pypi = source.pypi else {
                throw CoprRPMBuildError.unsupportedSource("source_json has no pypi_package_name")
            }
            do {
                return PyPIProvider(context: context, source: try pypi.get().checked())
            } catch {
                throw CoprRPMBuildError.refusedTask("\(error)")
            }
        default:
            throw CoprRPMBuildError.unsupportedSource("source_type \(rawType) is not implemented by this builder")
        }
    }

    /// A link is an SRPM or a spec file, told apart by the URL's path.
    private func linkProvider(url: String, check: AddressCheck) throws -> any SourceProvider {
        let path = (url.split(separator: "?").first.map(String.init) ?? url).lowercased()
        if path.hasSuffix(".src.rpm") { return SRPMLinkProvider(context: context, url: url, check: check) }
        if path.hasSuffix(".spec") { return SpecLinkProvider(context: context, url: url, check: check) }
        throw CoprRPMBuildError.unsupportedSource("the link '\(TaskRules.shown(url))' is neither a .src.rpm nor a .spec file")
    }
}
