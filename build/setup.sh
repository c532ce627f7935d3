#!/usr/bin/env bash
# One-step set-up on a fresh Debian/Ubuntu machine (also used by CI):
#   bash build/setup.sh          system packages + ShortVid itself, in ./.venv
#   bash build/setup.sh --test   ... plus what the tests need, the frozen-app smoke test included
#                                (PyInstaller, binutils, xz; tests/test_packaging.py)
# Then: .venv/bin/shortvid demo   (or activate: . .venv/bin/activate)
# Elsewhere (Windows, macOS) install Python 3.11+ and run: pip install -e .
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
test=0
if [ "${1:-}" = "--test" ]; then extras="[test,build]"; test=1; fi

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

if command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  # espeak-ng: offline Chinese voice; fonts-noto-cjk: Chinese captions; fonts-noto-color-emoji:
  # emoji in colour in text, captions and stickers;
  # the xcb/EGL/GL libraries: Qt's window (and the offscreen platform in tests);
  # libpulse0, libxrandr2: Qt Multimedia (Play with sound in the preview);
  # xvfb: screenshots; gnome-keyring + dbus: a real Secret Service keyring.
  packages=(
    espeak-ng fonts-noto-cjk fonts-dejavu-core fonts-noto-color-emoji
    libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0
    libpulse0 libxrandr2
    xvfb xauth dbus dbus-x11 gnome-keyring
  )
  # The app bundle (build/build_linux.sh, tests/test_packaging.py): binutils (strip, and as/ld
  # for build/slim.py's placeholders), xz, x11-utils (xwininfo finds the window on Xvfb), and
  # the shared libpython PyInstaller bundles (Debian's python3 links it statically).
  if [ "$test" = 1 ]; then
    packages+=(binutils xz-utils x11-utils pulseaudio xdotool redis-server)  # pulseaudio: a null sink for Play; xdotool: real drags (tests/qt/test_drops.py); redis-server: the farm tests
    libpython="$("${PYTHON:-python3}" -c 'import sys; print("libpython%d.%d" % sys.version_info[:2])' \
      2>/dev/null || true)"
    if [ -n "$libpython" ] && apt-cache show "$libpython" >/dev/null 2>&1; then
      packages+=("$libpython")
    fi
  fi
  $SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"
fi

# A virtual environment of the project's own: no clash with the system's Python packages
# (Debian marks its Python "externally managed").
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  $SUDO apt-get install -y -q --no-install-recommends python3-venv
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras}"
