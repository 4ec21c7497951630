/// A test fixture that is not as the test expects (a request it makes refused, a hook told
/// to fail): a failure of the test's setting, not of the code under test.
struct FixtureError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
