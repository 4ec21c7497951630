/// A page that says what went wrong: a project or build that does not exist, a bad query.
struct ErrorView: Sendable {
    let heading: String
    let message: String
}
