import Foundation

/// A stand-in for the builder agent on local builders (`transport = local`): one bash
/// script for every entry point, so hundreds of builds can run on one machine. Its log
/// follow prints `lines` lines, ten per second, without forking (bash's `read -t` is the
/// sleep); a build makes an empty but successful result. Every `copr-rpmbuild` start is
/// appended to `starts.log` next to the builder's lock file, one line of arguments each.
public enum StandInBuilder {
    /// Writes the script as `<directory>/copr-rpmbuild`, the agent directory of local builders.
    public static func install(in directory: String, lines: Int) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/copr-rpmbuild"
        try script(lines: lines).write(toFile: path, atomically: true, encoding: .utf8)
        guard chmod(path, 0o755) == 0 else { throw TestSupportError.unexpected("cannot make \(path) executable") }
    }

    /// The `copr-rpmbuild` lines of every `starts.log` under `root`: one per build started.
    public static func starts(under root: String) -> [String] {
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix("starts.log") } ?? []
        return files.flatMap { file in
            ((try? String(contentsOfFile: root + "/" + file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    private static func script(lines: Int) -> String {
        """
        #!/bin/bash
        case "$(basename "$0") $1" in
        "copr-rpmbuild --version") echo 1.7.0 ;;
        copr-builder-ready*) echo ready ;;
        copr-rpmbuild-cancel*) echo success ;;
        copr-rpmbuild-log*)
            exec {pause}<> <(:)
            for ((i = 1; i <= \(lines); i++)); do echo "build output line $i"; read -t 0.1 -u $pause || :; done ;;
        copr-rpmbuild*)
            echo "$*" >> "${COPR_RPMBUILD_LOCKFILE%/*}/starts.log"
            mkdir -p "$COPR_RPMBUILD_RESULTDIR"
            echo done > "$COPR_RPMBUILD_RESULTDIR/success"
            echo '{"packages": []}' > "$COPR_RPMBUILD_RESULTDIR/results.json" ;;
        esac
        """
    }
}
