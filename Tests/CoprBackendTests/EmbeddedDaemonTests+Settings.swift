import CoprCore
import Testing

extension EmbeddedDaemonTests {
    /// `project create|edit` with settings, `project show`, `chroot edit|show`: what the
    /// CLI prints, and a hostile value refused with the frontend's reason.
    static func editsSettings(_ cli: CLI) async throws {
        _ = try await cli.output([
            "project", "create", "demo/settings", "--chroot", chroot, "--description", "Settings\nof the CLI",
            "--repo", "copr://demo/hello", "--enable-net", "on", "--delete-after-days", "7",
        ])
        let edited = try await cli.output(["project", "edit", "demo/settings", "--runtime-dependency", "https://example.org/deps/", "--enable-net", "off"])
        #expect(edited.contains("  enable_net: off\n"), "\(edited)")
        let shown = try await cli.output(["project", "show", "demo/settings"])
        for line in [
            "  delete_after_days: 7\n", "  repo: copr://demo/hello\n", "  runtime dependency: https://example.org/deps/\n",
            "  description:\n    Settings\n    of the CLI\n",
        ] {
            #expect(shown.contains(line), "\(line) in \(shown)")
        }
        let chrootEdited = try await cli.output([
            "chroot", "edit", "demo/settings", chroot, "--packages", "gcc make", "--with", "tests", "--isolation", "simple",
        ])
        #expect(chrootEdited.contains("  additional_packages: gcc make\n  with_opts: tests\n"), "\(chrootEdited)")
        #expect(try await cli.output(["chroot", "show", "demo/settings", chroot]) == chrootEdited)
        let refused = try await cli.run(["chroot", "edit", "demo/settings", chroot, "--packages", "gcc;reboot"])
        #expect(refused.exit == .exited(1))
        #expect(refused.standardError.hasPrefix("copr-backend: 400 Bad Request: Invalid additional_packages"), "\(refused.standardError)")
        _ = try await cli.output(["project", "delete", "demo/settings"])
    }
}
