import CoprTestSupport
import Foundation

/// The test packages: real specs built by real rpmbuild.
enum Packages {
    static let hostArch: String = {
        var info = utsname()
        uname(&info)
        return withUnsafeBytes(of: &info.machine) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
    }()

    static var chroot: String { "fedora-41-\(hostArch)" }

    /// A noarch package with one source file from `sourceURL` (or a local `hello.txt`).
    static func noarchSpec(name: String = "hello-noarch", source: String = "hello.txt", extraSource: String? = nil) -> String {
        """
        Name: \(name)
        Version: 1.0
        Release: 1%{?dist}
        Summary: A noarch test package
        License: MIT
        BuildArch: noarch
        ExcludeArch: s390x
        Source0: \(source)
        \(extraSource.map { "Source1: \($0)" } ?? "")
        %description
        A noarch test package.
        %prep
        %build
        %install
        mkdir -p %{buildroot}/usr/share/\(name)
        cp %{SOURCE0} %{buildroot}/usr/share/\(name)/
        %files
        /usr/share/\(name)
        """
    }

    /// A C program compiled with gcc from `source` (a URL or file name of hello.c).
    static func cSpec(source: String) -> String {
        """
        %global debug_package %{nil}
        Name: hello-c
        Version: 2.1
        Release: 3%{?dist}
        Summary: A C test package
        License: MIT
        ExclusiveArch: x86_64 aarch64 ppc64le s390x
        Source0: \(source)
        %description
        A C test package.
        %prep
        cp %{SOURCE0} .
        %build
        gcc -O2 -o hello hello.c
        %install
        mkdir -p %{buildroot}/usr/bin
        install -m 755 hello %{buildroot}/usr/bin/hello
        %files
        /usr/bin/hello
        """
    }

    static let helloC = """
        #include <stdio.h>
        int main(void) { puts("hello from copr"); return 0; }

        """

    /// A package whose %build runs `seconds` long (with a background child, so stopping it
    /// must reach grandchildren) and ignores SIGINT when `ignoreInterrupt`.
    static func slowSpec(seconds: Int, ignoreInterrupt: Bool = false) -> String {
        """
        Name: slow
        Version: 1
        Release: 1
        Summary: Slow
        License: MIT
        BuildArch: noarch
        %description
        Slow.
        %build
        \(ignoreInterrupt ? "trap '' INT" : "")
        sleep \(seconds) &
        echo "slow build started"
        sleep \(seconds)
        %install
        %files
        """
    }

    /// A spec that rpmbuild rejects.
    static let brokenSpec = """
        Name: broken
        Version: 1.0
        Summary: Missing release and license
        %description
        broken
        %files
        """

    /// Builds an SRPM from a spec and its source files with the real rpmbuild (test setup).
    static func makeSRPM(spec: String, files: [String: String], in directory: String) async throws -> String {
        let sources = directory + "/src"
        try FileManager.default.createDirectory(atPath: sources, withIntermediateDirectories: true)
        try spec.write(toFile: sources + "/pkg.spec", atomically: true, encoding: .utf8)
        for (name, text) in files { try text.write(toFile: sources + "/" + name, atomically: true, encoding: .utf8) }
        try await Shell.must("rpmbuild", ["-bs", sources + "/pkg.spec",
                                          "--define", "_sourcedir \(sources)", "--define", "_topdir \(directory)/top",
                                          "--define", "_dbpath \(directory)/db", "--define", "_srcrpmdir \(directory)/out"])
        let out = try FileManager.default.contentsOfDirectory(atPath: directory + "/out")
        guard let srpm = out.first(where: { $0.hasSuffix(".src.rpm") }) else { throw TestSupportError.unexpected("no SRPM made") }
        return directory + "/out/" + srpm
    }
}
