#!/usr/bin/env bash
# Run the test suite. Where D-Bus and gnome-keyring exist, inside a private D-Bus session with an
# unlocked, throw-away keyring, so the Secret Service test talks to a real keyring; elsewhere the
# plain pytest run (that one test then skips). Arguments go to pytest.
# On CI (CI set, as CI services and .ci/run do) the frozen-app smoke test runs too: it builds the
# PyInstaller bundle from a clean copy and runs it (tests/test_packaging.py, about 5 minutes).
# Locally: SHORTVID_PACKAGING=1 bash build/test.sh tests/test_packaging.py
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${CI:-}" ] && [ "${CI:-}" != "false" ]; then
  export SHORTVID_PACKAGING="${SHORTVID_PACKAGING:-1}"
fi
PY=python3
[ -x .venv/bin/python ] && PY="$PWD/.venv/bin/python"
export PY
if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1
then
  exec dbus-run-session -- bash -c '
    export XDG_DATA_HOME="$(mktemp -d)"
    printf %s "shortvid-test-keyring" | gnome-keyring-daemon --unlock --components=secrets \
      >/dev/null 2>&1 || true
    exec "$PY" -m pytest -q "$@"' bash "$@"
fi
exec "$PY" -m pytest -q "$@"
