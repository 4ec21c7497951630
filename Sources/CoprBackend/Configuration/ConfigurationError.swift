/// A configuration problem, reported as one line that names the file, the section,
/// the option and what was expected, so an operator can fix it without reading code.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var section: String?
    public var option: String?
    public var problem: String

    public init(file: String, section: String? = nil, option: String? = nil, problem: String) {
        self.file = file
        self.section = section
        self.option = option
        self.problem = problem
    }

    public var description: String {
        var location = file
        if let section { location += ": [\(section)]" }
        if let option { location += " \(option)" }
        return "\(location): \(problem)"
    }
}
