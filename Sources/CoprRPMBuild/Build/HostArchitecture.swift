import Foundation

/// The machine architecture as rpm names it (`uname -m`).
public enum HostArchitecture {
    public static var current: String {
        var info = utsname()
        uname(&info)
        return withUnsafeBytes(of: &info.machine) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }
}
