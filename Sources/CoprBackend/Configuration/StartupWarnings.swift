import Foundation

extension BackendConfiguration {
    /// What an operator should fix though the daemon can run: files that hold a secret
    /// and that every account of this machine may read, and files of `msgbus_config_dir`
    /// that are not read. One line each, logged at start.
    public var startupWarnings: [String] {
        var warnings: [String] = []
        // Upstream's placeholder password is no secret: the file does not set one.
        if backend.frontendAuth != BackendOptions(destdir: backend.destdir).frontendAuth, Self.isReadableByOthers(path) {
            warnings.append(Self.exposed(path, holding: "frontend_auth"))
        }
        for bus in messageBuses where bus.holdsSecret && Self.isReadableByOthers(bus.file) {
            warnings.append(Self.exposed(bus.file, holding: "the password of bus \(bus.busID)"))
        }
        for file in MessageBusConfiguration.ignoredFiles(in: backend.msgbusConfigDir) {
            warnings.append("Ignoring \(file): only *.ini files of msgbus_config_dir are read (upstream's *.conf bus files need renaming)")
        }
        return warnings
    }

    private static func exposed(_ path: String, holding secret: String) -> String {
        "\(path) holds \(secret) and every account of this machine can read it; make it readable by the backend only: chmod 600 \(path)"
    }

    private static func isReadableByOthers(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IROTH != 0
    }
}

extension MessageBusConfiguration {
    /// Whether the file holds a password or a signing secret.
    var holdsSecret: Bool {
        switch transport {
        case .stomp(let settings): settings.passcode.map { !$0.isEmpty } ?? false
        case .webhook(let settings): !settings.secret.isEmpty
        }
    }

    /// The regular files of `directory` that `loadAll` does not read.
    static func ignoredFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().filter { !$0.hasSuffix(".ini") }.map { (directory as NSString).appendingPathComponent($0) }.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
}
