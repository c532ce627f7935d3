#!/usr/bin/env bash
# Run the test suite. Where D-Bus and gnome-keyring exist, inside a private D-Bus session with an
# unlocked, throw-away keyring, so the Secret Service test talks to a real keyring; elsewhere the
# plain pytest run (that one test then skips). Arguments go to pytest.
# On CI (CI set, as CI services and .ci/run do) the frozen-app smoke test runs too: it builds the
# PyInstaller bundle from a clean copy and runs it (tests/test_packaging.py, about 5 minutes), and
# the install test builds the wheel, installs it into a fresh venv and runs it from another folder
# (tests/test_install.py, about 2 minutes). Both start building when the tests are collected and
# run beside the other tests (tests/tree_copy.py), so their minutes mostly overlap the suite. Locally:
#   SHORTVID_PACKAGING=1 bash build/test.sh tests/test_packaging.py
#   SHORTVID_INSTALL_TEST=1 bash build/test.sh tests/test_install.py
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${CI:-}" ] && [ "${CI:-}" != "false" ]; then
  export SHORTVID_PACKAGING="${SHORTVID_PACKAGING:-1}"
  export SHORTVID_INSTALL_TEST="${SHORTVID_INSTALL_TEST:-1}"
fi
PY=python3
[ -x .venv/bin/python ] && PY="$PWD/.venv/bin/python"
export PY
# A private PulseAudio server with a null sink, so Qt Multimedia's Play has a real audio output
# to play into (without one the tests still pass: Play then runs without sound and says so).
if command -v pulseaudio >/dev/null 2>&1 && [ -z "${PULSE_SERVER:-}" ]; then
  pulse_dir="$(mktemp -d)"
  pulseaudio -n --daemonize=no --exit-idle-time=-1 --disable-shm=yes --use-pid-file=no \
    --load="module-native-protocol-unix socket=$pulse_dir/native auth-anonymous=1" \
    --load="module-null-sink sink_name=null" >"$pulse_dir/log" 2>&1 &
  pulse_pid=$!
  trap 'kill "$pulse_pid" 2>/dev/null || true; rm -rf "$pulse_dir"' EXIT
  for _ in $(seq 50); do [ -S "$pulse_dir/native" ] && break; sleep 0.1; done
  [ -S "$pulse_dir/native" ] && export PULSE_SERVER="unix:$pulse_dir/native"
fi
if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1
then
  dbus-run-session -- bash -c '
    export XDG_DATA_HOME="$(mktemp -d)"
    printf %s "shortvid-test-keyring" | gnome-keyring-daemon --unlock --components=secrets \
      >/dev/null 2>&1 || true
    exec "$PY" -m pytest -q "$@"' bash "$@"
  exit $?
fi
"$PY" -m pytest -q "$@"
