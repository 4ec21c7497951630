#!/usr/bin/env bash
# The test suite: builds everything and runs every test (unit tests and the end-to-end
# tests with real sshd hosts, rsync, rpmbuild and createrepo_c). Needs root for the
# test hosts' mount namespaces.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
