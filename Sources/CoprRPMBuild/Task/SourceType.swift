/// Upstream Copr's `BuildSourceEnum`, the `source_type` of an SRPM task.
public enum SourceType: Int, Sendable {
    case unset = 0
    case link = 1
    case upload = 2
    case pypi = 5
    case rubygems = 6
    case scm = 8
    case custom = 9
    case distgit = 10
}
