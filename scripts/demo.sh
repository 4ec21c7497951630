#!/usr/bin/env bash
# The first run on a fresh Debian 12 machine: installs what copr-backend needs, builds it,
# starts `copr-backend run` with the embedded frontend and this machine as its builder,
# makes the first account (its API token saved as a copr-cli configuration file), creates
# a project, submits the example package of examples/hello, follows its logs and
# prints where the repository is and how to install from it.
#
# Everything lives in .demo/ (configuration, state, logs, results). The daemon keeps
# running to serve the repository; `scripts/demo.sh stop` stops it.
# COPR_DEMO_PORT (default 5007) is the embedded frontend's port, the next one the daemon's.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
demo=$root/.demo
port=${COPR_DEMO_PORT:-5007}
daemon_port=$((port + 1))
frontend=http://127.0.0.1:$port

stop_daemon() {
    [[ -f $demo/daemon.pid ]] || return 0
    local pid
    pid=$(cat "$demo/daemon.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        # The daemon stops within seconds: it leaves running builds to its next start.
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    fi
    rm -f "$demo/daemon.pid"
}

if [[ ${1:-} == stop ]]; then
    stop_daemon
    echo "The demo daemon is stopped; .demo/ keeps its state, results and logs."
    exit 0
fi

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

if [[ $(id -u) -ne 0 ]]; then
    echo "Run the demo as root (sudo $0): the daemon runs every build as the unprivileged account copr-build in a sandbox, which takes root to set up." >&2
    exit 1
fi

step "Installing Debian packages"
./scripts/install-dependencies.sh

step "Building copr-backend and its builder agent"
swift build --product copr-backend
swift build --product copr-rpmbuild
bin=$(swift build --show-bin-path)

# The process listening on a TCP port of this machine, if any.
listener_pid() {
    ss -H -ltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2
}

step "Starting copr-backend run (embedded frontend on $frontend, this machine as the builder)"
stop_daemon
for taken in "$port" "$daemon_port"; do
    if [[ -n $(listener_pid "$taken") ]] || curl -s -o /dev/null "http://127.0.0.1:$taken/"; then
        echo "Port $taken of this machine is taken by another process (pid $(listener_pid "$taken")): the demo needs" >&2
        echo "ports $port and $daemon_port. Stop that process, or choose other ports: COPR_DEMO_PORT=5107 $0" >&2
        exit 1
    fi
done
mkdir -p "$demo/results"
# The configuration holds frontend_auth: readable by its owner only.
rm -f "$demo/copr-be.conf"
(umask 077 && : > "$demo/copr-be.conf")
cat > "$demo/copr-be.conf" <<CONF
# Written by scripts/demo.sh: a backend that runs alone. No frontend_base_url means the
# embedded frontend; with it comes one builder, this machine, reached without SSH.
[backend]
destdir = $demo/results
log_dir = $demo/log
state_dir = $demo/state
msgbus_config_dir = $demo/msgbuses
http_listen = 127.0.0.1:$daemon_port
frontend_auth = $(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')

[frontend]
listen = 127.0.0.1:$port
CONF
cli=("$bin/copr-backend")
conf=(-c "$demo/copr-be.conf")
nohup "$bin/copr-backend" run "${conf[@]}" > "$demo/daemon.out" 2>&1 &
echo $! > "$demo/daemon.pid"
for attempt in $(seq 1 120); do
    # Only an answer from this demo's own daemon counts.
    if [[ $(listener_pid "$port") == "$(cat "$demo/daemon.pid")" && $(listener_pid "$daemon_port") == "$(cat "$demo/daemon.pid")" ]] \
        && curl -fsS "$frontend/api/projects" > /dev/null 2>&1; then
        break
    fi
    if ! kill -0 "$(cat "$demo/daemon.pid")" 2>/dev/null; then
        echo "copr-backend run stopped; its output:" >&2
        cat "$demo/daemon.out" >&2
        exit 1
    fi
    [[ $attempt == 120 ]] && { echo "copr-backend run did not answer on $frontend within 60 s" >&2; exit 1; }
    sleep 0.5
done
echo "Running as pid $(cat "$demo/daemon.pid"): the frontend on $frontend, the daemon on http://127.0.0.1:$daemon_port; logs in .demo/log/"

step "Making the first account: user demo, its API token in .demo/copr (a copr-cli configuration file)"
# The operator's command works on the state directory itself, so no token is needed to
# make the first one. Run again, the demo gives the existing user a new token.
(umask 077 && : > "$demo/copr")
if "${cli[@]}" user list "${conf[@]}" | grep -q '^demo '; then
    "${cli[@]}" user token demo "${conf[@]}" > "$demo/copr"
else
    "${cli[@]}" user add demo "${conf[@]}" > "$demo/copr"
fi
echo "Made with: copr-backend user add demo -c .demo/copr-be.conf > .demo/copr"
conf+=(--copr-config "$demo/copr")

arch=$(uname -m)
chroot=fedora-41-$arch
step "Creating the project demo/hello for $chroot"
if ! "${cli[@]}" project list "${conf[@]}" | grep -q '^demo/hello '; then
    "${cli[@]}" project create demo/hello --chroot "$chroot" "${conf[@]}"
fi

step "Packing examples/hello into a source RPM and submitting it"
rm -rf "$demo/srpm"
rpmbuild -bs --define "_topdir $demo/srpm" --define "_sourcedir $root/examples/hello" \
    --define "_srcrpmdir $demo/srpm" examples/hello/hello.spec
build=$("${cli[@]}" build submit demo/hello --srpm "$demo"/srpm/hello-copr-*.src.rpm --quiet "${conf[@]}")
echo "Build $build submitted; open its page to watch its log grow: $frontend/coprs/demo/hello/build/$build/"

step "Following build $build: each task's changes, what it waits for"
"${cli[@]}" build watch "$build" "${conf[@]}"
step "The $chroot build's log"
"${cli[@]}" logs "$build" "$chroot" "${conf[@]}"

step "Build $build"
"${cli[@]}" build show "$build" "${conf[@]}"

repository=$demo/results/demo/hello/$chroot
repo_file=$frontend/coprs/demo/hello/repo/fedora-41/demo-hello-fedora-41.repo
step "Checking the repository with dnf, as a user would"
# A private dnf (its own repos.d, cache and root in .demo/dnf): the machine's own
# configuration is not touched.
dnf_root=$demo/dnf
rm -rf "$dnf_root"
mkdir -p "$dnf_root/repos.d" "$dnf_root/root"
dnf_options=(-y -q "--setopt=reposdir=$dnf_root/repos.d" "--setopt=cachedir=$dnf_root/cache"
    "--installroot=$dnf_root/root" --releasever=41 "--forcearch=$arch")
dnf "${dnf_options[@]}" config-manager --add-repo "$repo_file"
dnf "${dnf_options[@]}" --disablerepo='*' --enablerepo='copr:*' repoquery --queryformat '%{name}-%{version}-%{release}.%{arch} from %{repoid}' hello-copr

package=$(ls "$repository/$(printf %08d "$build")-hello-copr/"hello-copr-1.0-*."$arch".rpm)
step "Done"
cat <<DONE
Open the web interface in a browser: $frontend/
(build $build: $frontend/coprs/demo/hello/build/$build/, and the project's install
instructions: $frontend/coprs/demo/hello/). Run scripts/demo.sh again for another
build, and open the page it names while it builds to watch the log grow.

The DNF repository is in $repository
(repodata/ next to the build directories) and is served at $frontend/results/demo/hello/$chroot/.
The package of build $build: $package

To install from it on a Fedora 41 machine that reaches this one:
    sudo dnf config-manager --add-repo $repo_file
    sudo dnf install hello-copr

The frontend (projects, builds, results) is $frontend;
the daemon (its queue and running builds) is http://127.0.0.1:$daemon_port:
    $bin/copr-backend status --url http://127.0.0.1:$daemon_port

The first account, demo, was made with
    $bin/copr-backend user add demo -c .demo/copr-be.conf > .demo/copr
and .demo/copr is a copr-cli configuration file: copy it to ~/.config/copr and both
copr-cli and copr-backend project|build|logs use its token.

The daemon keeps serving (its logs are in .demo/log/); stop it with: scripts/demo.sh stop
More: $bin/copr-backend --help (project, build, logs, chroots, status, user, group), README.md.
DONE
