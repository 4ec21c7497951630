/// A local publishing step failed; the build fails (it is not retried on another host).
public enum PublishingError: Error, CustomStringConvertible, Sendable {
    case outsideResultsTree(String)
    case cannotWrite(String, String)
    case createrepoFailed(directory: String, detail: String)
    case signingFailed(String)
    case keygenFailed(String)
    case detailsUnavailable(String)

    public var description: String {
        switch self {
        case .outsideResultsTree(let path): "Refusing to write \(path): it is outside the results tree"
        case .cannotWrite(let path, let reason): "Can't write to \(path): \(reason)"
        case .createrepoFailed(let directory, let detail): "createrepo failed in \(directory): \(detail)"
        case .signingFailed(let detail): "Copr GPG signing problems: \(detail)"
        case .keygenFailed(let detail): "Key generation failed: \(detail)"
        case .detailsUnavailable(let detail): "Can not deduct build details: \(detail)"
        }
    }
}
