import CoprCore
import Foundation

/// Typed access to the options of one INI file, with one error message style for every
/// bad value: file, section, option, the value found and what is expected.
struct OptionReader {
    let file: String
    let ini: INIFile

    func string(_ section: String, _ option: String, default value: String) -> String {
        ini.value(section, option) ?? value
    }

    func optionalString(_ section: String, _ option: String) -> String? {
        guard let value = ini.value(section, option), !value.isEmpty else { return nil }
        return value
    }

    func seconds(_ section: String, _ option: String, default value: Double) throws -> Duration {
        guard let raw = ini.value(section, option) else { return .seconds(fractional: value) }
        guard let number = Double(raw), number.isFinite, number >= 0 else {
            throw error(section, option, raw, "expected a number of seconds >= 0 (fractions allowed, e.g. 0.2)")
        }
        return .seconds(fractional: number)
    }

    func secondsList(_ section: String, _ option: String, default value: [Double]) throws -> [Duration] {
        guard let raw = ini.value(section, option) else { return value.map { .seconds(fractional: $0) } }
        let items = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let numbers = items.compactMap(Double.init)
        guard !items.isEmpty, numbers.count == items.count, numbers.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw error(section, option, raw, "expected a comma-separated list of seconds, e.g. 3,3,6,10")
        }
        return numbers.map { .seconds(fractional: $0) }
    }

    func integer(_ section: String, _ option: String, default value: Int, minimum: Int = 0) throws -> Int {
        guard let raw = ini.value(section, option) else { return value }
        guard let number = Int(raw), number >= minimum else {
            throw error(section, option, raw, "expected a whole number >= \(minimum)")
        }
        return number
    }

    func bool(_ section: String, _ option: String, default value: Bool) throws -> Bool {
        guard let raw = ini.value(section, option) else { return value }
        switch raw.lowercased() {
        case "1", "yes", "true", "on": return true
        case "0", "no", "false", "off": return false
        default: throw error(section, option, raw, "expected true or false (also yes/no, on/off, 1/0)")
        }
    }

    func choice(_ section: String, _ option: String, default value: String, among choices: [String]) throws -> String {
        guard let raw = ini.value(section, option) else { return value }
        guard choices.contains(raw) else {
            throw error(section, option, raw, "expected one of: \(choices.joined(separator: ", "))")
        }
        return raw
    }

    func url(_ section: String, _ option: String, default value: String) throws -> String {
        let raw = ini.value(section, option) ?? value
        guard let url = URL(string: raw), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw error(section, option, raw, "expected an http:// or https:// URL")
        }
        return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
    }

    func path(_ section: String, _ option: String, default value: String?) throws -> String? {
        guard let raw = ini.value(section, option) ?? value else { return nil }
        let expanded = (raw as NSString).expandingTildeInPath
        guard expanded.hasPrefix("/") else {
            throw error(section, option, raw, "expected an absolute path")
        }
        return (expanded as NSString).standardizingPath
    }

    func error(_ section: String, _ option: String, _ raw: String, _ expected: String) -> ConfigurationError {
        ConfigurationError(file: file, section: section, option: option, problem: "'\(raw)': \(expected)")
    }
}
