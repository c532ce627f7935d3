"""The `shortvid` command line: a contract other tools script against (outputs and exit codes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import av
import pytest

from shortvid_desktop import __version__
from shortvid_desktop.cli import main
from shortvid_desktop.core.model import SCHEMA_VERSION

SMALL = ["--size", "180x320", "--fps", "24", "--quality", "draft"]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_version_from_the_console() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "shortvid_desktop.cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"shortvid {__version__}"


def test_make_from_text_with_mixed_media_folder(media, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "media"
    folder.mkdir()
    (folder / "good.png").write_bytes(media.image("cli1.png").read_bytes())
    (folder / "bad.mp4").write_bytes(media.corrupt("cli2.mp4").read_bytes())
    (folder / "readme.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "out.mp4"
    project = tmp_path / "p.json"
    code, stdout, stderr = run(
        [
            "make",
            "--text",
            "A tiny video. Made by a test.",
            "--media",
            str(folder),
            "--save-project",
            str(project),
            "-o",
            str(out),
            *SMALL,
        ],
        capsys,
    )
    assert code == 0, stderr
    assert stdout.strip() == str(out)
    assert "bad.mp4" in stderr and "readme.txt" in stderr
    with av.open(str(out)) as c:
        assert c.streams.video[0].codec_context.width == 180
        assert c.streams.video[0].average_rate == 24
    data = json.loads(project.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    # and the saved project renders again
    again = tmp_path / "again.mp4"
    code, _o, stderr = run(["render", str(project), "-o", str(again), "--quality", "draft"], capsys)
    assert code == 0, stderr and again.is_file()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["make", "--text", "  ", "-o", "{tmp}/o.mp4"], "empty"),
        (
            ["make", "--text", "Hi.", "--media", "{tmp}/missing.png", "-o", "{tmp}/o.mp4"],
            "missing.png",
        ),
        (
            ["make", "--text", "Hi.", "--media", "{tmp}/onlybad", "-o", "{tmp}/o.mp4"],
            "None of the media",
        ),
        (["make", "--text", "Hi.", "-o", "{tmp}/no/dir/o.mp4"], "does not exist"),
        (
            ["make", "--text", "你好。", "--lang", "zh", "--voice", "piper", "-o", "{tmp}/o.mp4"],
            "no voice",
        ),
        (["make", "--text", "\U00013000 glyph.", "-o", "{tmp}/o.mp4"], "\U00013000"),
        (["make", "--script", "{tmp}/nope.md", "-o", "{tmp}/o.mp4"], "nope.md"),
        (["make", "--script", "{tmp}/bad.json", "-o", "{tmp}/o.mp4"], "scenes[0].narration"),
        (["render", "{tmp}/badproject.json", "-o", "{tmp}/o.mp4"], "template.width"),
        (["make", "--text", "Hi.", "--music", "{tmp}/onlybad/x.txt", "-o", "{tmp}/o.mp4"], "x.txt"),
    ],
)
def test_bad_input_exits_2_with_a_message_naming_it(args, needle, tmp_path: Path, capsys) -> None:
    (tmp_path / "onlybad").mkdir()
    (tmp_path / "onlybad" / "x.txt").write_text("not media", encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps({"scenes": [{"narration": 5}]}), encoding="utf-8")
    (tmp_path / "badproject.json").write_text(
        json.dumps({"schema_version": 1, "template": {"width": "wide"}}), encoding="utf-8"
    )
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, _out, err = run([*args, *SMALL], capsys)
    assert code == 2, err
    assert needle in err
    assert not (tmp_path / "o.mp4").exists()


def test_failed_render_never_overwrites_an_existing_output(media, tmp_path: Path, capsys) -> None:
    project = tmp_path / "p.json"
    gone = tmp_path / "gone.png"
    gone.write_bytes(media.image("cli_gone.png").read_bytes())
    code, _o, err = run(
        [
            "make",
            "--text",
            "Short one.",
            "--media",
            str(gone),
            "--save-project",
            str(project),
            "-o",
            str(tmp_path / "first.mp4"),
            *SMALL,
        ],
        capsys,
    )
    assert code == 0, err
    gone.unlink()
    out = tmp_path / "keep.mp4"
    out.write_bytes(b"earlier export")
    code, _o, err = run(["render", str(project), "-o", str(out)], capsys)
    assert code == 2 and "gone.png" in err
    assert out.read_bytes() == b"earlier export"


def test_doctor_json_reports_every_part(capsys) -> None:
    code, out, _err = run(["doctor", "--json"], capsys)
    report = json.loads(out)
    assert code == 0 and report["ok"] is True
    assert report["ffmpeg"]["ok"] and "libx264" in report["ffmpeg"]["h264_encoders"]
    assert report["fonts"]["cjk"] is True
    assert report["voices"]["offline"]["en"].startswith("piper:")
    assert report["database"]["integrity"] == "ok"
    assert "backend" in report["keyring"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "size"),
    [
        ("en", None),  # the README's first command as it is: the full 1080x1920 canvas
        ("zh", (180, 320)),  # the canvas does not depend on the language: small, to save CI time
    ],
    ids=["en", "zh"],
)
def test_demo_makes_a_full_size_video(lang: str, size, tmp_path: Path, capsys) -> None:
    """The README's first command, on the embedded defaults (draft quality to save CI time)."""
    out = tmp_path / f"demo_{lang}.mp4"
    args = ["demo", "--lang", lang, "-o", str(out), "--quality", "draft"]
    if size:
        args += ["--size", f"{size[0]}x{size[1]}"]
    code, _o, err = run(args, capsys)
    assert code == 0, err
    with av.open(str(out)) as c:
        v, a = c.streams.video[0], c.streams.audio[0]
        assert (v.codec_context.width, v.codec_context.height) == (size or (1080, 1920))
        assert v.average_rate == 30 and v.codec_context.profile == "High"
        assert a.codec_context.name == "aac"
        assert c.duration / 1e6 > 20


def test_side_outputs_and_canvas_presets(tmp_path: Path, capsys) -> None:
    out = tmp_path / "square.mp4"
    code, _o, err = run(
        [
            "make",
            "--text",
            "Square video.",
            "--aspect",
            "1:1",
            "--resolution",
            "720p",
            "--fps",
            "24",
            "--quality",
            "draft",
            "--poster",
            "--otio",
            "--subtitles",
            "-o",
            str(out),
        ],
        capsys,
    )
    assert code == 0, err
    with av.open(str(out)) as c:
        v = c.streams.video[0].codec_context
        assert (v.width, v.height) == (720, 720)
    for suffix in (".jpg", ".otio", ".srt", ".ass"):
        assert out.with_suffix(suffix).is_file(), suffix
        assert str(out.with_suffix(suffix)) in err
    import opentimelineio as otio

    timeline = otio.adapters.read_from_file(str(out.with_suffix(".otio")))
    assert {t.name for t in timeline.tracks} >= {"Video", "Voice"}


def test_unknown_encoder_falls_back_to_libx264(tmp_path: Path, capsys) -> None:
    out = tmp_path / "enc.mp4"
    code, _o, err = run(
        ["make", "--text", "Encoder test.", "--encoder", "h264_nvenc", "-o", str(out), *SMALL],
        capsys,
    )
    assert code == 0, err
    assert "libx264" in err  # no NVIDIA GPU here: the probe failed, libx264 ran
