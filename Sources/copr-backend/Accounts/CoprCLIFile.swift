import CoprCore
import Foundation

/// copr-cli's configuration file (`~/.config/copr`): the frontend's URL and the API token
/// python-copr sends as HTTP Basic `login:token`. `copr-backend user add` and `user token`
/// print one; the user commands read one, so one file serves copr-cli and this CLI.
struct CoprCLIFile: Equatable {
    /// The token's public id.
    var login: String?
    /// The user's login name.
    var username: String?
    /// The token's secret.
    var token: String?
    var coprURL: String?

    /// `~/.config/copr`, where copr-cli looks: `~` is `$HOME` as Python expands it, else
    /// the account's home directory.
    static var defaultPath: String {
        let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".config/copr")
    }

    /// The file's text. python-copr refuses an `http://` URL unless the file says
    /// `encrypted = False`, so that line comes with such a URL.
    var text: String {
        var lines = ["[copr-cli]"]
        for (key, value) in [("login", login), ("username", username), ("token", token), ("copr_url", coprURL)] {
            if let value { lines.append("\(key) = \(value)") }
        }
        if coprURL?.hasPrefix("http://") == true { lines.append("encrypted = False") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads the `[copr-cli]` section of the file at `path`; nil when there is no file.
    static func load(path: String) throws -> CoprCLIFile? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let ini: INIFile
        do {
            ini = try INIFile(text: String(decoding: data, as: UTF8.self))
        } catch {
            throw UserAPIFailure("\(path) is not a copr-cli configuration file (\(error)); make one with copr-backend user token LOGIN")
        }
        return CoprCLIFile(
            login: ini.value("copr-cli", "login"), username: ini.value("copr-cli", "username"),
            token: ini.value("copr-cli", "token"), coprURL: ini.value("copr-cli", "copr_url"))
    }

    /// `login:token` for HTTP Basic, when the file has both.
    var basicCredentials: String? {
        guard let login, let token, !login.isEmpty, !token.isEmpty else { return nil }
        return Data("\(login):\(token)".utf8).base64EncodedString()
    }
}
