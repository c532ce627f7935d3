"""Private by default: a run writes nothing outside the data folder and the chosen output.

``shortvid make`` runs as a user would, with HOME and TMPDIR pointing at empty folders; afterwards
both must still be empty. It once found ONNX Runtime's telemetry (a device id and an event database
under ~/.cache/Microsoft, a ``.ses`` file in TMPDIR), jieba's dictionary cache in TMPDIR and the
PulseAudio client's runtime folders, left by espeak-ng.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import av
import pytest

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Sleep comes first. A dark room helps."),  # piper (ONNX Runtime)
        ("zh", "早睡早起身体好。晚上少看手机。"),  # jieba, espeak-ng
    ],
)
def test_make_writes_nothing_outside_its_folders(tmp_path: Path, lang: str, text: str) -> None:
    home, tmp, data, out = (tmp_path / name for name in ("home", "tmp", "data", "out"))
    for folder in (home, tmp, data, out):
        folder.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_CACHE", "XDG_CONFIG", "XDG_DATA", "XDG_STATE", "ORT_"))
    }
    env.update(HOME=str(home), TMPDIR=str(tmp), SHORTVID_HOME=str(data))
    output = out / "video.mp4"
    proc = subprocess.run(
        [sys.executable, "-m", "shortvid_desktop.cli", "make", "--text", text, "--lang", lang]
        + ["--size", "180x320", "--quality", "draft", "-o", str(output)],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr
    with av.open(str(output)) as container:
        assert container.streams.video and container.streams.audio
    assert _tree(home) == []
    assert _tree(tmp) == []
    assert _tree(out) == ["video.mp4"]
    assert (data / "shortvid.sqlite3").is_file()  # the data folder is where it all went
