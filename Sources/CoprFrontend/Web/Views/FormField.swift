import CoprCore

/// One field of a settings form as the `form-field` template shows it: a line, a text
/// of several lines or a choice, with its label, hint, the value as typed and the last
/// post's problem with it. Its name is also its element id, so the problem summary links
/// to it.
struct FormField: Sendable {
    /// One choice of a choice field.
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    /// What the reader types or picks.
    enum Kind: Sendable {
        case line
        case lines
        /// The values with their labels, in order.
        case choice([(value: String, label: String)])
    }

    let name: String
    let label: String
    let hint: String
    let value: String
    let error: String?
    let isLine: Bool
    let isLines: Bool
    let isChoice: Bool
    let options: [Option]

    /// - Parameter problem: The last post's problem, shown when it is this field's.
    init(_ kind: Kind, name: String, label: String, hint: String, value: String, problem: InvalidField?) {
        self.name = name
        self.label = label
        self.hint = hint
        self.value = value
        error = problem?.field == name ? problem?.reason : nil
        switch kind {
        case .line: (isLine, isLines, isChoice, options) = (true, false, false, [])
        case .lines: (isLine, isLines, isChoice, options) = (false, true, false, [])
        case .choice(let choices):
            (isLine, isLines, isChoice) = (false, false, true)
            options = choices.map { Option(value: $0.value, label: $0.label, selected: $0.value == value) }
        }
    }
}
