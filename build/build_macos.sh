#!/usr/bin/env bash
# Build the macOS app: dist/ShortVid.app (Info.plist from build/Info.plist.in, icon made here from
# resources/icons/*.png with iconutil) and dist/shortvid-<version>-macos-<arch>.dmg.
#
#   bash build/build_macos.sh            # on macOS; needs: pip install -e ".[build]"
#
# The app is ad-hoc signed by PyInstaller (enough to run on the machine that downloads it after
# "Open" in the Finder's context menu); a Developer ID signature and notarization are a release
# step of their own: codesign --deep --options runtime -s "Developer ID Application: ..." and
# xcrun notarytool submit ... --wait; xcrun stapler staple dist/ShortVid.app.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-python3}"
if [ -z "${PYTHON:-}" ] && [ -x .venv/bin/python ]; then PY="$PWD/.venv/bin/python"; fi
if ! "$PY" -c 'import PyInstaller' >/dev/null 2>&1; then
  echo "PyInstaller is missing: $PY -m pip install -e '.[build]'" >&2
  exit 2
fi

VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
ARCH="$(uname -m)"
APP="dist/ShortVid.app"
DMG="dist/shortvid-${VERSION}-macos-${ARCH}.dmg"
start=$(date +%s)

# The icon: an .iconset of the PNG sizes macOS wants (16-512 pt at 1x and 2x), then iconutil.
ICONSET="build/work/shortvid.iconset"
rm -rf "$ICONSET" && mkdir -p "$ICONSET"
for pt in 16 32 128 256 512; do
  for scale in 1 2; do
    px=$((pt * scale))
    if [ "$scale" = 2 ]; then name="icon_${pt}x${pt}@2x.png"; else name="icon_${pt}x${pt}.png"; fi
    src="resources/icons/shortvid_${px}.png"
    if [ -f "$src" ]; then
      cp "$src" "$ICONSET/$name"
    else  # 1024 px: scaled up from the largest PNG
      sips -z "$px" "$px" resources/icons/shortvid_512.png --out "$ICONSET/$name" >/dev/null
    fi
  done
done
iconutil -c icns "$ICONSET" -o build/work/shortvid.icns
export SHORTVID_ICNS="$PWD/build/work/shortvid.icns"

rm -rf "$APP" dist/ShortVid "$DMG"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath build/work --distpath dist shortvid.spec

# The frozen app must start on its own before it is packed.
reported="$("$APP/Contents/MacOS/shortvid" --version)"
[ "$reported" = "shortvid $VERSION" ] || { echo "--version said: $reported" >&2; exit 1; }
# PyInstaller signs each binary ad hoc; seal the bundle as a whole too.
codesign --force --deep --sign - "$APP"
codesign --verify --deep --strict "$APP"

# The disk image: the app and a link to /Applications to drag it to.
STAGE="build/work/dmg"
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "ShortVid Desktop" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
end=$(date +%s)

echo "built $APP ($(du -sh "$APP" | cut -f1) on disk) and $DMG ($(du -h "$DMG" | cut -f1))" \
  "in $((end - start)) s"
