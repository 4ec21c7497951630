import ArgumentParser
import CoprCore
import Foundation
import Testing

@testable import copr_backend

/// `package add|edit|build|list` and `build list --package`: what each sends, and how a
/// project's packages are listed.
@Suite("CLI: packages")
struct PackageCommandTests {
    static func parse<Command: ParsableCommand>(_ arguments: [String], as type: Command.Type) throws -> Command {
        try #require(try CoprBackendCommand.parseAsRoot(arguments) as? Command)
    }

    @Test("add sends the git source and the webhook flag; without --clone-url it is refused")
    func add() throws {
        let add = try Self.parse(
            ["package", "add", "jdoe/hello", "--name", "hello", "--clone-url", "https://e.org/h.git", "--subdirectory", "pkg",
             "--spec-path", "hello.spec", "--webhook-rebuild", "on"],
            as: PackageCommand.Add.self)
        #expect(add.body == [
            "name": "hello", "webhook_rebuild": true,
            "source": ["type": "git", "clone_url": "https://e.org/h.git", "committish": "", "subdirectory": "pkg", "spec": "hello.spec"],
        ])
        #expect(CommandLineErrorTests.message(["package", "add", "jdoe/hello", "--name", "hello"]).contains("--clone-url"))
        let fromURL = try Self.parse(["package", "add", "jdoe/hello", "--name", "tool", "--spec-url", "https://e.org/tool.spec"], as: PackageCommand.Add.self)
        #expect(fromURL.body == ["name": "tool", "webhook_rebuild": false, "source": ["type": "spec_url", "url": "https://e.org/tool.spec"]])
        let both = CommandLineErrorTests.message(
            ["package", "add", "jdoe/hello", "--name", "tool", "--spec-url", "https://e.org/t.spec", "--clone-url", "https://e.org/t.git"])
        #expect(both.contains("one of --clone-url, --srpm-url, --spec-url and --pypi"), "\(both)")
        let pypi = try Self.parse(["package", "add", "jdoe/hello", "--name", "python-tinypkg", "--pypi", "tinypkg", "--pypi-version", "1.0"], as: PackageCommand.Add.self)
        #expect(pypi.body == [
            "name": "python-tinypkg", "webhook_rebuild": false,
            "source": ["type": "pypi", "pypi_package_name": "tinypkg", "pypi_package_version": "1.0"],
        ])
        let stray = CommandLineErrorTests.message(["package", "add", "jdoe/hello", "--name", "t", "--clone-url", "https://e.org/t.git", "--pypi-version", "1"])
        #expect(stray.contains("--pypi-version belongs to --pypi"), "\(stray)")
    }

    @Test("build submit --pypi sends the PyPI project and release as the submission's source")
    func buildFromPyPI() throws {
        let submit = try Self.parse(["build", "submit", "jdoe/hello", "--pypi", "tinypkg", "--pypi-version", "1.0"], as: BuildCommand.Submit.self)
        #expect(submit.source() == ["type": "pypi", "pypi_package_name": "tinypkg", "pypi_package_version": "1.0"])
        let newest = try Self.parse(["build", "submit", "jdoe/hello", "--pypi", "tinypkg"], as: BuildCommand.Submit.self)
        #expect(newest.source() == ["type": "pypi", "pypi_package_name": "tinypkg", "pypi_package_version": .null])
    }

    @Test("edit changes only what is given, keeping the rest of the stored source; nothing to change is refused")
    func edit() throws {
        let edit = try Self.parse(["package", "edit", "jdoe/hello", "--name", "hello", "--committish", "v2"], as: PackageCommand.Edit.self)
        let stored: JSONValue = ["type": "git", "clone_url": "https://e.org/h.git", "committish": "main", "subdirectory": "pkg", "spec": "a.spec"]
        #expect(edit.body(over: stored) == ["source": [
            "type": "git", "clone_url": "https://e.org/h.git", "committish": "v2", "subdirectory": "pkg", "spec": "a.spec",
        ]])
        let flag = try Self.parse(["package", "edit", "jdoe/hello", "--name", "hello", "--webhook-rebuild", "off"], as: PackageCommand.Edit.self)
        #expect(flag.body(over: stored) == ["webhook_rebuild": false])
        #expect(CommandLineErrorTests.message(["package", "edit", "jdoe/hello", "--name", "hello"]).contains("give something to change"))
    }

    @Test("build sends the chroots, background and timeout given; build list --package asks the frontend for that package's builds")
    func build() throws {
        let build = try Self.parse(
            ["package", "build", "jdoe/hello", "--name", "hello", "--chroot", "fedora-41-x86_64", "--timeout", "60"], as: PackageCommand.Build.self)
        #expect(build.body == ["background": false, "chroots": ["fedora-41-x86_64"], "timeout": 60])
        #expect(build.target.apiPath == "/api/projects/jdoe/hello/packages/hello")
        let list = try Self.parse(["build", "list", "jdoe/hello", "--package", "hello"], as: BuildCommand.List.self)
        #expect(list.listPath == "/api/projects/jdoe/hello/builds?package=hello")
        let owner = try Self.parse(["build", "list", "--owner", "jdoe", "--package", "hello"], as: BuildCommand.List.self)
        #expect(owner.listPath == "/api/builds?owner=jdoe&package=hello")
        #expect(try Self.parse(["build", "list"], as: BuildCommand.List.self).listPath == "/api/builds")
    }

    @Test("package list shows each package's source and newest build, or how to add one")
    func list() {
        let packages: [JSONValue] = [
            ["name": "hello", "source": ["clone_url": "https://e.org/h.git", "committish": "v2", "subdirectory": "pkg"], "latest_build": 7],
            ["name": "x", "source": ["clone_url": "https://e.org/x.git", "committish": "", "subdirectory": ""], "latest_build": nil],
            ["name": "python-tinypkg", "source": ["type": "pypi", "pypi_package_name": "tinypkg", "pypi_package_version": "1.0"], "latest_build": 9],
            ["name": "python-new", "source": ["type": "pypi", "pypi_package_name": "new", "pypi_package_version": nil], "latest_build": nil],
        ]
        #expect(PackageCommand.lines(packages, project: "jdoe/hello") == [
            "PACKAGE         SOURCE                        LATEST BUILD",
            "hello           https://e.org/h.git@v2 (pkg)  7",
            "x               https://e.org/x.git           -",
            "python-tinypkg  pypi:tinypkg==1.0             9",
            "python-new      pypi:new                      -",
        ])
        #expect(PackageCommand.lines([], project: "jdoe/hello").first?.hasPrefix("No packages in jdoe/hello yet") == true)
    }
}
