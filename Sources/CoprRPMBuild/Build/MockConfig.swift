/// The child mock config of one task (upstream's `child.cfg`): it includes the chroot's
/// config and adds the task's buildroot packages, network setting, isolation, bootstrap,
/// Copr macros and repositories. Every task value is written as an escaped Python string literal, so no
/// value can end the string and inject code into the config.
public struct MockConfig: Sendable, Equatable {
    public let text: String

    public init(chrootConfig: String, task: BuildTask) {
        var lines = ["include(\(Self.literal(chrootConfig)))"]
        lines.append("config_opts['root'] = \(Self.literal("copr-\(task.taskID)"))")
        if !task.buildrootPkgs.isEmpty {
            lines.append("config_opts['chroot_additional_packages'] = \(Self.literal(task.buildrootPkgs.joined(separator: " ")))")
        }
        lines.append("config_opts['rpmbuild_networking'] = \(task.enableNet ? "True" : "False")")
        lines.append("config_opts['use_host_resolv'] = \(task.enableNet ? "True" : "False")")
        if let isolation = task.isolation, isolation != "default", isolation != "unchanged" {
            lines.append("config_opts['isolation'] = \(Self.literal(isolation))")
        }
        lines += Self.bootstrap(task)
        let macros = CoprMacros(task: task).defines
        for key in macros.keys.sorted() {
            lines.append("config_opts['macros'][\(Self.literal("%" + key))] = \(Self.literal(macros[key]!))")
        }
        for repo in task.repos {
            guard let id = repo["id"], let baseurl = repo["baseurl"],
                  id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._:-".contains($0)) }) else { continue }
            var section = "\n[\(id)]\nname=\(repo["name"] ?? id)\nbaseurl=\(baseurl)\ngpgcheck=0\nenabled=1\nskip_if_unavailable=False\n"
            if let priority = repo["priority"].flatMap(Int.init) { section += "priority=\(priority)\n" }
            if repo["module_hotfixes"].map({ ["1", "true", "True"].contains($0) }) == true { section += "module_hotfixes=1\n" }
            lines.append("config_opts['dnf.conf'] += \(Self.literal(section))")
        }
        text = lines.joined(separator: "\n") + "\n"
    }

    /// Mock's bootstrap options for the task's `bootstrap`, as upstream's template sets them.
    private static func bootstrap(_ task: BuildTask) -> [String] {
        switch task.bootstrap {
        case "on": return ["config_opts['use_bootstrap'] = True", "config_opts['use_bootstrap_image'] = False"]
        case "off": return ["config_opts['use_bootstrap'] = False", "config_opts['use_bootstrap_image'] = False"]
        case "image", "custom_image":
            var lines = ["config_opts['use_bootstrap'] = True", "config_opts['use_bootstrap_image'] = True"]
            if let image = task.bootstrapImage { lines.append("config_opts['bootstrap_image'] = \(literal(image))") }
            return lines
        default: return []
        }
    }

    /// A Python string literal for any text: quotes, backslashes and non-printable or
    /// non-ASCII characters are escaped.
    public static func literal(_ value: String) -> String {
        var result = "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "'": result += "\\'"
            case "\n": result += "\\n"
            case _ where scalar.value >= 32 && scalar.value < 127: result.unicodeScalars.append(scalar)
            case _ where scalar.value <= 0xFFFF: result += "\\u" + hex(scalar.value, width: 4)
            default: result += "\\U" + hex(scalar.value, width: 8)
            }
        }
        return result + "'"
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
