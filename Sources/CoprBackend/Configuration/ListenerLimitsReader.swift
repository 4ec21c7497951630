import CoprCore
import CoprHTTPServer
import Foundation

extension BackendConfiguration {
    /// Reads the limits of one HTTP listener: `<prefix>idle_timeout`, `<prefix>header_timeout`,
    /// `<prefix>body_timeout` and `<prefix>max_connections` of `section`, each defaulting
    /// to `defaults`. Every timeout must be above 0, and neither the header nor the body
    /// timeout may exceed the idle timeout, which also ends a request that stops arriving.
    static func readListenerLimits(
        _ r: OptionReader, section: String, prefix: String = "", defaults: ListenerLimits
    ) throws -> ListenerLimits {
        func timeout(_ name: String, default value: Duration) throws -> Duration {
            guard let raw = r.ini.value(section, prefix + name) else { return value }
            let seconds = try r.seconds(section, prefix + name, default: 0)
            guard seconds > .zero else { throw r.error(section, prefix + name, raw, "expected a number of seconds > 0") }
            return seconds
        }
        let limits = ListenerLimits(
            idleTimeout: try timeout("idle_timeout", default: defaults.idleTimeout),
            headerTimeout: try timeout("header_timeout", default: defaults.headerTimeout),
            bodyTimeout: try timeout("body_timeout", default: defaults.bodyTimeout),
            maxConnections: try r.integer(section, prefix + "max_connections", default: defaults.maxConnections, minimum: 1))
        let idle = prefix + "idle_timeout"
        for (name, value) in [("header_timeout", limits.headerTimeout), ("body_timeout", limits.bodyTimeout)]
        where value > limits.idleTimeout {
            let option = prefix + name, why = "the idle timeout also closes a connection whose request stops arriving"
            if let raw = r.ini.value(section, option) {
                throw r.error(
                    section, option, raw, "expected at most \(idle) (\(Self.format(limits.idleTimeout)) s): \(why); raise \(idle) too")
            }
            throw r.error(
                section, idle, r.string(section, idle, default: ""),
                "expected at least \(option) (\(Self.format(value)) s by default): \(why); lower \(option) too")
        }
        return limits
    }

    private static func format(_ duration: Duration) -> String {
        String(format: "%g", duration.seconds)
    }
}
