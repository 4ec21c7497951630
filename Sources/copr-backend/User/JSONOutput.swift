import CoprCore

extension JSONValue {
    /// Prints the value as one line of JSON on standard output: what `--json` prints.
    func printAsJSON() throws {
        print(String(decoding: try encoded(), as: UTF8.self))
    }
}
