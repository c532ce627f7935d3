#!/usr/bin/env bash
# Build the Linux bundle: dist/ShortVid/ (one folder), a .desktop entry with the icons, and
# dist/shortvid-<version>-linux-<arch>.tar.gz.
#
#   bash build/build_linux.sh            # needs: pip install -e ".[build]"  (PyInstaller)
#   PYTHON=.venv/bin/python bash build/build_linux.sh
#
# PyInstaller's scratch goes to build/work/ and its output to dist/ (both ignored by git).
# After unpacking the .tar.gz a user runs ShortVid/shortvid, or ShortVid/install-desktop-entry.sh
# once to get it in the application menu.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

PY="${PYTHON:-python3}"
if [ -z "${PYTHON:-}" ] && [ -x .venv/bin/python ]; then PY="$ROOT/.venv/bin/python"; fi
if ! "$PY" -c 'import PyInstaller' >/dev/null 2>&1; then
  echo "PyInstaller is missing: $PY -m pip install -e '.[build]'" >&2
  exit 2
fi

VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
ARCH="$(uname -m)"
APP="dist/ShortVid"
TARBALL="dist/shortvid-${VERSION}-linux-${ARCH}.tar.gz"

start=$(date +%s)
rm -rf "$APP" "$TARBALL"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath build/work --distpath dist shortvid.spec

# Desktop integration: hicolor icons, the .desktop file, and a per-user installer for both.
for size in 16 32 48 64 128 256 512; do
  png="resources/icons/shortvid_${size}.png"
  [ -f "$png" ] || continue
  mkdir -p "$APP/share/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$APP/share/icons/hicolor/${size}x${size}/apps/shortvid.png"
done
mkdir -p "$APP/share/icons/hicolor/scalable/apps" "$APP/share/applications"
cp resources/icons/shortvid.svg "$APP/share/icons/hicolor/scalable/apps/shortvid.svg"
cp resources/icons/shortvid_256.png "$APP/shortvid.png"
cp build/shortvid.desktop "$APP/share/applications/shortvid.desktop"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$APP/share/applications/shortvid.desktop"
fi

cat > "$APP/install-desktop-entry.sh" <<'EOF'
#!/usr/bin/env bash
# Put ShortVid in this user's application menu (icons + .desktop file under ~/.local/share).
# Run it again after moving the folder; remove with: rm ~/.local/share/applications/shortvid.desktop
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$DATA/applications" "$DATA/icons"
cp -r "$HERE/share/icons/hicolor" "$DATA/icons/"
sed -e "s|^Exec=shortvid |Exec=\"$HERE/shortvid\" |" -e "s|^TryExec=shortvid$|TryExec=$HERE/shortvid|" \
  "$HERE/share/applications/shortvid.desktop" > "$DATA/applications/shortvid.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
echo "ShortVid Desktop is in the application menu (launcher: $DATA/applications/shortvid.desktop)"
EOF
chmod +x "$APP/install-desktop-entry.sh"

# tar keeps PyInstaller's symbolic links (a zip would turn them into copies).
tar -C dist -czf "$TARBALL" ShortVid
end=$(date +%s)

echo "built $APP ($(du -sh "$APP" | cut -f1) on disk) and $TARBALL ($(du -h "$TARBALL" | cut -f1))" \
  "in $((end - start)) s"
