#!/usr/bin/env bash
# Installs the Debian packages copr-backend and its tests use: the OpenSSH client and
# server (test builder hosts), rsync, rpm/rpmbuild/rpmsign, createrepo_c, gnupg, git,
# curl, util-linux (unshare), procps, openssl (test certificates), rabbitmq-server (the
# message-bus tests start private brokers with its STOMP plugin; the system service is
# never used), dnf with its config-manager (the tests install from the served
# repositories), gcc (the local builder compiles the example package), bubblewrap (the
# local builder's sandbox), slirp4netns (the network of a local build with enable_net),
# wget (copr-cli's download-build), python3-venv and chromium (the browser tests drive
# it headless through its DevTools pipe). It also
# creates copr-build, the unprivileged account local builds run as, and a virtualenv with
# Copr's own clients from PyPI (copr-cli and python-copr, the versions the tests drive),
# at $COPR_CLIENTS_VENV or /opt/copr-clients.
set -euo pipefail
packages=(openssh-server openssh-client rsync rpm createrepo-c gnupg gzip git curl util-linux procps iproute2 ca-certificates openssl rabbitmq-server dnf dnf-plugins-core gcc bubblewrap slirp4netns wget python3-venv chromium)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo_cmd=""
    [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    # Packages with a service (rabbitmq-server, openssh-server) must not start it while they
    # install: the tests run private instances, and a postinst that fails to start a service
    # outside systemd would fail the install. Debian's policy-rc.d (exit 101) says "do not start".
    policy=/usr/sbin/policy-rc.d
    if [[ ! -e $policy ]]; then
        $sudo_cmd sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
        trap '$sudo_cmd rm -f "$policy"' EXIT
    fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# slirp4netns gives a local build with enable_net its network through /dev/net/tun, which
# Debian's udev makes usable by every account (mode 0666; a tap device can only be made in
# a network namespace one owns). Machines without udev (containers, minimal VMs) may leave
# it root's alone: give it Debian's mode.
if [[ -c /dev/net/tun && $(stat -c %a /dev/net/tun) != 666 ]]; then
    sudo_cmd=""
    [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd chmod 0666 /dev/net/tun
fi

# Local builds run as this account, never as the backend's own user.
if ! getent passwd copr-build > /dev/null; then
    sudo_cmd=""
    [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin copr-build
fi

# Copr's clients, which the tests drive against the embedded frontend's API v3. Debian's
# own python3 makes the virtualenv, so that it does not depend on the Python of a shell.
venv=${COPR_CLIENTS_VENV:-/opt/copr-clients}
clients=(copr==2.7 copr-cli==2.6)
installed=$("$venv/bin/python3" -m pip freeze 2>/dev/null || true)
for client in "${clients[@]}"; do
    if ! grep -qx "$client" <<< "$installed"; then
        sudo_cmd=""
        [[ $(id -u) -ne 0 && ! -w $(dirname "$venv") ]] && sudo_cmd="sudo"
        $sudo_cmd /usr/bin/python3 -m venv "$venv"
        $sudo_cmd "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check "${clients[@]}"
        break
    fi
done
