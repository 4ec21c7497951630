/// The option kinds only bus files have.
extension OptionReader {
    /// A non-empty option the file must set; `expected` tells the operator what to write.
    func required(_ section: String, _ option: String, expected: String) throws -> String {
        guard let value = optionalString(section, option) else {
            throw ConfigurationError(file: file, section: section, option: option, problem: "missing; expected \(expected)")
        }
        return value
    }
}
