/// Where the task comes from, as chosen on the command line.
public enum TaskOrigin: Sendable, Equatable {
    /// `--task-url URL` (what the backend passes at HEAD).
    case url(String)
    /// `--task-file FILE`.
    case file(String)
    /// `--build-id ID` against `frontend_url` (REF).
    case buildID(String)
}
