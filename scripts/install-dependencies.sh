#!/usr/bin/env bash
# Installs the Debian packages copr-backend and its tests use: the OpenSSH client and
# server (test builder hosts), rsync, rpm/rpmbuild/rpmsign, createrepo_c, gnupg, git,
# curl, util-linux (unshare) and procps.
set -euo pipefail
packages=(openssh-server openssh-client rsync rpm createrepo-c gnupg gzip git curl util-linux procps iproute2 ca-certificates)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo_cmd=""
    [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
