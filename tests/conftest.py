"""Shared fixtures: an isolated SHORTVID_HOME and small real media made with ffmpeg at test time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from shortvid_desktop.media.ffmpeg import run_ffmpeg


@pytest.fixture(autouse=True)
def shortvid_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own user-data dir (database, caches)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SHORTVID_HOME", str(home))
    return home


class MediaFactory:
    """Makes small real media files with ffmpeg, cached per test session."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _make(self, name: str, args: list[str]) -> Path:
        out = self.root / name
        if not out.exists():
            run_ffmpeg([*args, str(out)])
        return out

    def image(self, name: str = "still.png", size: str = "320x240", color: str = "") -> Path:
        src = f"color=c={color}:s={size}" if color else f"testsrc2=s={size}"
        return self._make(name, ["-f", "lavfi", "-i", src, "-frames:v", "1"])

    def video(
        self,
        name: str = "clip.mp4",
        size: str = "320x240",
        seconds: float = 2.0,
        fps: int = 25,
        audio: bool = True,
    ) -> Path:
        args = ["-f", "lavfi", "-i", f"testsrc2=s={size}:r={fps}:d={seconds}"]
        if audio:
            args += ["-f", "lavfi", "-i", f"sine=f=440:d={seconds}:r=48000"]
        args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
        if audio:
            args += ["-c:a", "aac", "-shortest"]
        return self._make(name, args)

    def audio(self, name: str = "tone.wav", seconds: float = 2.0, freq: int = 330) -> Path:
        return self._make(name, ["-f", "lavfi", "-i", f"sine=f={freq}:d={seconds}:r=44100"])

    def corrupt(self, name: str = "broken.mp4") -> Path:
        out = self.root / name
        good = self.video("for_corrupt.mp4").read_bytes()
        out.write_bytes(good[:200] + b"\x00garbage" * 64)
        return out

    def text_file(self, name: str = "notes.txt", text: str = "not media") -> Path:
        out = self.root / name
        out.write_text(text, encoding="utf-8")
        return out


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> MediaFactory:
    return MediaFactory(tmp_path_factory.mktemp("media"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """The wheel and the bundle (CI) start building now, beside the other tests (tree_copy.py)."""
    from tree_copy import start_early_builds

    start_early_builds(session)


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tree_copy import stop_early_builds

    stop_early_builds()
