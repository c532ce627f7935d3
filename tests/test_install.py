"""Installs as Python people install (issue 10): build the wheel from a clean copy of this tree,
install it into a fresh virtual environment outside the tree, and run the app from there as a user
would: from another folder, with none of the project's paths in the environment.

Skipped unless ``SHORTVID_INSTALL_TEST=1``; ``build/test.sh`` sets it on CI (``CI`` set, as
``.ci/run`` does). Locally: ``SHORTVID_INSTALL_TEST=1 bash build/test.sh tests/test_install.py``.
The wheel is built with build isolation (setuptools from PyPI or pip's cache) and its
dependencies come from PyPI or pip's cache: about two minutes with a warm cache. That work
starts when the tests are collected and runs beside the other tests (tree_copy.start_early).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tree_copy import EarlyBuild, clean_copy, say, start_early, take_build, tree_files

REPO = Path(__file__).resolve().parents[1]
BUILD_TIMEOUT_S = 600
INSTALL_TIMEOUT_S = 1200

pytestmark = [
    pytest.mark.install,
    pytest.mark.timeout(BUILD_TIMEOUT_S + INSTALL_TIMEOUT_S + 600),
    pytest.mark.skipif(
        os.environ.get("SHORTVID_INSTALL_TEST") != "1",
        reason="builds the wheel and installs it into a fresh venv: set SHORTVID_INSTALL_TEST=1",
    ),
]


@dataclass
class Installed:
    wheel: Path
    venv: Path
    bin: Path
    root: Path
    version: str
    report: dict = field(default_factory=dict)


def _build_env() -> dict[str, str]:
    """pip's environment for building and installing: ours without the project's paths."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "SHORTVID_HOME", "SHORTVID_RESOURCES")
    return {k: v for k, v in os.environ.items() if k not in drop}


def _user_env(installed: Installed) -> dict[str, str]:
    """A user's shell after ``. venv/bin/activate``: nothing from this test run or the project."""
    root = installed.root
    for folder in ("home", "shortvid-home", "tmp", "run"):
        (root / folder).mkdir(exist_ok=True)
    return {
        "PATH": f"{installed.bin}:/usr/local/bin:/usr/bin:/bin",
        "VIRTUAL_ENV": str(installed.venv),
        "HOME": str(root / "home"),
        "SHORTVID_HOME": str(root / "shortvid-home"),
        "TMPDIR": str(root / "tmp"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }


def _run(installed: Installed, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(args),
        cwd=installed.root / "run",
        env=_user_env(installed),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _checked(proc: subprocess.CompletedProcess, what: str) -> None:
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
        pytest.fail(f"{what} failed ({proc.returncode}):\n{tail}")


def _installer(root: Path):
    """Build the wheel from a clean copy in ``root/src`` and install it into ``root/venv``.
    The environment is taken now (before any test changes it), the work may run later."""
    env = _build_env()

    def install(early: EarlyBuild) -> Installed:
        source = root / "src"
        clean_copy(source)
        version = tomllib.loads((source / "pyproject.toml").read_text("utf-8"))["project"][
            "version"
        ]
        started = time.monotonic()
        wheels = root / "wheels"
        proc = early.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(wheels), str(source)],
            cwd=root,
            env=env,
            timeout=BUILD_TIMEOUT_S,
        )
        _checked(proc, "pip wheel")
        (wheel,) = wheels.glob("shortvid_desktop-*.whl")
        built_s = time.monotonic() - started

        started = time.monotonic()
        venv = root / "venv"
        _checked(
            early.run([sys.executable, "-m", "venv", str(venv)], env=env, timeout=300),
            "python -m venv",
        )
        bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
        proc = early.run(
            [
                str(bin_dir / "python"),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-compile",  # .pyc files are written on first import instead: quicker
                str(wheel),
            ],
            cwd=root,
            env=env,
            timeout=INSTALL_TIMEOUT_S,
        )
        _checked(proc, f"pip install {wheel.name}")
        result = Installed(wheel=wheel, venv=venv, bin=bin_dir, root=root, version=version)
        result.report["wheel_build_s"] = round(built_s, 1)
        result.report["venv_install_s"] = round(time.monotonic() - started, 1)
        result.report["wheel_kb"] = wheel.stat().st_size >> 10
        return result

    return install


_ROOT: list[Path] = []


def start_early_build(config: pytest.Config) -> None:
    """Called when the tests are collected (conftest.py): building and installing run beside
    the other tests; the ``installed`` fixture waits for them."""
    if os.environ.get("SHORTVID_INSTALL_TEST") == "1" and not _ROOT:
        _ROOT.append(config._tmp_path_factory.mktemp("install"))
        start_early("install", _installer(_ROOT[0]))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    if not _ROOT:  # not started when the tests were collected: build and install now
        _ROOT.append(tmp_path_factory.mktemp("install"))
    root = _ROOT[0]
    assert not root.is_relative_to(REPO)
    result = take_build(
        "install", _installer(root), timeout=BUILD_TIMEOUT_S + INSTALL_TIMEOUT_S + 300
    )
    say(
        request.config,
        "install",
        f"{result.wheel.name} ({result.report['wheel_kb']} KB) built in "
        f"{result.report['wheel_build_s']:.0f} s, "
        f"installed into a fresh venv in {result.report['venv_install_s']:.0f} s",
    )
    yield result
    say(request.config, "install", f"report: {json.dumps(result.report)}")


def test_wheel_carries_resources_and_ui_without_junk(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    tree = tree_files()
    resources = [n for n in tree if n.startswith("resources/")]
    assert "resources/samples/scripts/en.md" in resources
    missing = [n for n in resources if f"shortvid_desktop/{n}" not in names]
    assert not missing, f"resources left out of the wheel: {missing}"
    for name in ("ui/style.qss", *(n for n in tree if n.startswith("ui/") and n.endswith(".qm"))):
        assert f"shortvid_desktop/{name}" in names, f"{name} left out of the wheel"
    junk = sorted(n for n in names if "__pycache__" in n or n.endswith((".pyc", ".ts")))
    assert not junk, f"junk in the wheel: {junk}"
    # the package data sits inside the package, nothing at the top of site-packages
    tops = {n.split("/", 1)[0] for n in names}
    assert tops == {"shortvid_desktop", f"shortvid_desktop-{installed.version}.dist-info"}, tops


def test_version(installed: Installed) -> None:
    proc = _run(installed, "shortvid", "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"shortvid {installed.version}"


def test_resources_are_the_installed_packages(installed: Installed) -> None:
    """The app reads its resources and ui files from the venv, not from this source tree."""
    code = (
        "import json, shortvid_desktop as p, shortvid_desktop.paths as paths; "
        "print(json.dumps([p.__file__, str(paths.resources_dir()), str(paths.ui_dir())]))"
    )
    proc = _run(installed, str(installed.bin / "python"), "-c", code)
    assert proc.returncode == 0, proc.stderr
    package, resources, ui = (Path(p).resolve() for p in json.loads(proc.stdout))
    venv = installed.venv.resolve()
    for path in (package, resources, ui):
        assert path.is_relative_to(venv), f"{path} is not inside {venv}"
        assert not path.is_relative_to(REPO)
    assert resources == package.parent / "resources"
    assert (resources / "samples" / "scripts" / "en.md").is_file()
    assert (resources / "templates" / "vertical_story.json").is_file()
    assert (ui / "style.qss").is_file()
    assert list((ui / "translations").glob("*.qm"))


def test_doctor(installed: Installed) -> None:
    proc = _run(installed, "shortvid", "doctor", "--json", timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    assert report["version"] == installed.version
    for check in ("ffmpeg", "fonts", "voices", "database"):
        assert report[check]["ok"] is True, (check, report[check])
    assert Path(report["database"]["path"]).is_relative_to(installed.root / "shortvid-home")


def test_demo_from_another_folder(installed: Installed) -> None:
    """``cd somewhere && shortvid demo`` writes demo.mp4 there: sample script, pictures, clip,
    music and template from the installed package (small and draft, to stay quick)."""
    import av

    started = time.monotonic()
    proc = _run(
        installed, "shortvid", "demo", "--quality", "draft", "--size", "180x320", timeout=600
    )
    installed.report["demo_s"] = round(time.monotonic() - started, 1)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    out = installed.root / "run" / "demo.mp4"
    assert Path(proc.stdout.strip().splitlines()[-1]).resolve() == out.resolve()
    with av.open(str(out)) as container:
        (video,) = container.streams.video
        (audio,) = container.streams.audio
        assert (video.codec_context.width, video.codec_context.height) == (180, 320)
        assert audio.rate > 0
        assert container.duration is not None and container.duration > 0
        installed.report["demo_video_s"] = round(container.duration / av.time_base, 1)
        frame = next(container.decode(video=0))
    assert frame.to_ndarray().std() > 0, "the first frame is a flat fill"


def test_window_style_icon_and_translations_come_from_the_venv(installed: Installed) -> None:
    """The window's start-up (offscreen): the style sheet, the icon and the Chinese translation
    are read from the installed package."""
    code = (
        "import json\n"
        "from shortvid_desktop.qt.app import create_app, install_translators\n"
        "app = create_app(['shortvid'])\n"
        "ours = install_translators(app, 'zh_CN')[0]\n"
        "print(json.dumps({'style': app.styleSheet(), 'icon': not app.windowIcon().isNull(),\n"
        "                  'qm': ours.filePath(), 'empty': ours.isEmpty()}))\n"
    )
    proc = _run(installed, str(installed.bin / "python"), "-c", code)
    assert proc.returncode == 0, proc.stderr[-3000:]
    started = json.loads(proc.stdout.strip().splitlines()[-1])
    assert started["style"] == (REPO / "ui" / "style.qss").read_text(encoding="utf-8")
    assert started["icon"] is True
    qm = Path(started["qm"]).resolve()
    assert qm.name == "shortvid_zh_CN.qm" and not started["empty"]
    assert qm.is_relative_to(installed.venv.resolve()), qm
