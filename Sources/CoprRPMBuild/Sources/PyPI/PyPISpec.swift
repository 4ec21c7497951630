import Foundation

/// The spec this builder writes for a PyPI release when upstream's generators (pyp2spec,
/// pyp2rpm) are not at hand: one noarch package `python-<name>` that installs the sdist
/// with pip, offline (`--no-index --no-build-isolation --no-deps`), into the build root,
/// and owns every file pip installed.
///
/// It works with rpmbuild on Fedora and on Debian (where `%__python3` is not defined and
/// `DEB_PYTHON_INSTALL_LAYOUT=deb_system` keeps pip's files below `/usr/lib/python3`).
/// The sdist's build backend (setuptools, flit, ...) must be installed where the build
/// runs: the spec names it as BuildRequires for mock, and pip fetches nothing. Values from
/// the index's metadata are text in the spec: they are cut to one line and their `%`
/// doubled, so that no macro of theirs expands.
public enum PyPISpec {
    /// The longest summary and license kept from the metadata.
    static let maximumTextLength = 200

    /// The spec of `release`, whose sdist unpacks into `topDirectory`; `projectURL` is the
    /// release's page on the index.
    public static func text(for release: PyPIRelease, topDirectory: String, projectURL: String) -> String {
        let name = PyPIRelease.normalized(release.name)
        let (epoch, version) = rpmVersion(release.version)
        let summary = line(release.summary).isEmpty ? "The \(release.name) Python package" : line(release.summary)
        let license = line(release.license).isEmpty ? "Unknown" : line(release.license)
        let header = [
            "# Written by copr-rpmbuild's own PyPI spec generator from \(release.sdist.fileName)",
            "# (sha256 \(release.sdist.sha256)).",
            "%{!?__python3:%global __python3 /usr/bin/python3}",
            "",
            "Name:           python-\(name)",
        ] + (epoch.map { ["Epoch:          \($0)"] } ?? []) + [
            "Version:        \(version)",
            "Release:        1%{?dist}",
            "Summary:        \(summary)",
            "License:        \(license)",
            "URL:            \(line(projectURL))",
            "Source0:        \(release.sdist.fileName)",
            "BuildArch:      noarch",
            "BuildRequires:  python3-devel",
            "BuildRequires:  python3-pip",
            "BuildRequires:  python3-setuptools",
            "BuildRequires:  python3-wheel",
            "Provides:       python3-\(name) = %{?epoch:%{epoch}:}%{version}-%{release}",
        ]
        let body = [
            "",
            "%description",
            summary,
            "",
            "%prep",
            "%setup -q -n \(topDirectory)",
            "",
            "%build",
            "",
            "%install",
            "DEB_PYTHON_INSTALL_LAYOUT=deb_system PIP_ROOT_USER_ACTION=ignore %{__python3} -m pip install --no-deps --no-build-isolation \\",
            "    --no-index --no-cache-dir --disable-pip-version-check --no-warn-script-location --no-compile --root %{buildroot} --prefix %{_prefix} .",
            "find %{buildroot} -name direct_url.json -delete",
            "(cd %{buildroot} && find . -type f -o -type l) | sed -e 's|^\\.||' -e 's|.*|\"&\"|' > pypi-files.list",
            "",
            "%files -f pypi-files.list",
            "",
        ]
        return (header + body).joined(separator: "\n")
    }

    /// rpm's epoch and version for a PEP 440 version: `1!2.0` is epoch 1, version 2.0; a
    /// `-` or `!` left (neither is allowed in rpm versions) becomes `_`.
    static func rpmVersion(_ version: String) -> (epoch: String?, version: String) {
        let parts = version.split(separator: "!", maxSplits: 1).map(String.init)
        let epoch = parts.count == 2 && parts[0].allSatisfy(\.isASCII) && parts[0].allSatisfy(\.isNumber) ? parts[0] : nil
        let rest = epoch == nil ? version : parts[1]
        return (epoch, rest.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: "!", with: "_"))
    }

    /// Metadata text as one line of a spec: the first line, control characters dropped,
    /// `%` doubled, at most ``maximumTextLength`` characters.
    static func line(_ text: String) -> String {
        let first = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let visible = String(first.unicodeScalars.filter { $0.properties.generalCategory != .control }.prefix(maximumTextLength).map(Character.init))
        return visible.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "%%")
    }
}
