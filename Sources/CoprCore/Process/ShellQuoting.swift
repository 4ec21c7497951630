import Foundation

/// POSIX shell quoting for every value that reaches a shell, local or remote, and for
/// the command lines that logs and error messages show (they can be pasted into a shell).
///
/// `ssh` hands its command string to the builder's login shell, so each argument the
/// backend puts into a remote command goes through here. Safe words stay readable
/// (`--chroot fedora-41-x86_64`); anything else is wrapped in single quotes with
/// embedded quotes escaped, which no POSIX shell expands.
public enum ShellQuoting {
    /// `word` as one shell word: unchanged when it is plain, else single-quoted.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.unicodeScalars.allSatisfy(isSafe) {
            return word
        }
        return "'" + word.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }

    /// Joins words into one command line, quoting each.
    public static func join(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }

    private static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "/", ":", "=", "@", "%", "+", ",":
            true
        default:
            false
        }
    }
}
