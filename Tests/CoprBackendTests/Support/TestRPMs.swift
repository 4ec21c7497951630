import CoprTestSupport
import CoprBackend
import CoprCore
import Foundation

/// Real RPMs made with rpmbuild during the test run.
enum TestRPMs {
    /// Builds a tiny noarch package `name-version-1` and returns the paths of the binary
    /// RPM and the SRPM, copied into `directory`.
    static func build(name: String, version: String = "1.0", into directory: String) async throws -> [String] {
        let top = "/tmp/copr-rpmbuild-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: top) }
        try FileManager.default.createDirectory(atPath: "\(top)/SPECS", withIntermediateDirectories: true)
        let spec = """
            Name: \(name)
            Version: \(version)
            Release: 1
            Summary: Test package \(name)
            License: MIT
            BuildArch: noarch

            %description
            A package built by the copr-backend tests.

            %install
            mkdir -p %{buildroot}/usr/share/\(name)
            echo \(name) > %{buildroot}/usr/share/\(name)/README

            %files
            /usr/share/\(name)/README
            """
        try spec.write(toFile: "\(top)/SPECS/\(name).spec", atomically: true, encoding: .utf8)
        let output = try await ProcessRunner().capture(
            "rpmbuild",
            ["-ba", "--define", "_topdir \(top)", "--define", "_dbpath \(top)/rpmdb", "--nodeps", "\(top)/SPECS/\(name).spec"],
            timeout: .seconds(120))
        guard output.exit.isSuccess else {
            throw TestSupportError.unexpected("rpmbuild failed: \(output.standardError)")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var paths: [String] = []
        for sub in ["RPMS/noarch", "SRPMS"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: "\(top)/\(sub)") {
                let target = (directory as NSString).appendingPathComponent(file)
                try? FileManager.default.removeItem(atPath: target)
                try FileManager.default.copyItem(atPath: "\(top)/\(sub)/\(file)", toPath: target)
                paths.append(target)
            }
        }
        return paths
    }

    /// Packs `spec` (which needs no sources) into an SRPM in `directory` without building
    /// it, and returns the SRPM's path: for packages whose `%build` must run only on a builder.
    static func sourcePackage(spec: String, name: String, into directory: String) async throws -> String {
        let top = "/tmp/copr-rpmbuild-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: top) }
        try FileManager.default.createDirectory(atPath: "\(top)/SPECS", withIntermediateDirectories: true)
        try spec.write(toFile: "\(top)/SPECS/\(name).spec", atomically: true, encoding: .utf8)
        let output = try await ProcessRunner().capture(
            "rpmbuild", ["-bs", "--define", "_topdir \(top)", "\(top)/SPECS/\(name).spec"], timeout: .seconds(120))
        let srpms = (try? FileManager.default.contentsOfDirectory(atPath: "\(top)/SRPMS")) ?? []
        guard output.exit.isSuccess, let srpm = srpms.first else {
            throw TestSupportError.unexpected("rpmbuild -bs failed: \(output.standardError)")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let target = (directory as NSString).appendingPathComponent(srpm)
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: "\(top)/SRPMS/\(srpm)", toPath: target)
        return target
    }
}
