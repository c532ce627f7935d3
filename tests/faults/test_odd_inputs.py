"""Odd inputs get a plain message and the right exit code, never a traceback; file names in any
byte encoding work everywhere. Each case was found by a tester as a raw traceback or a silent
wrong result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
import pytest

from shortvid_desktop.cli import main

SMALL = ["--size", "180x320", "--fps", "24", "--quality", "draft"]


def _project(tmp_path: Path, capsys) -> dict:
    project = tmp_path / "p.json"
    code = main(
        [
            "make",
            "--text",
            "One. Two.",
            "-o",
            str(tmp_path / "a.mp4"),
            *SMALL,
            "--save-project",
            str(project),
        ]
    )
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    return json.loads(project.read_text(encoding="utf-8"))


def test_a_data_folder_that_is_a_file_is_named(tmp_path, monkeypatch, capsys) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SHORTVID_HOME", str(blocker))
    code = main(["make", "--text", "Hi.", "-o", str(tmp_path / "o.mp4"), *SMALL])
    err = capsys.readouterr().err
    assert code == 1
    assert str(blocker) in err and "SHORTVID_HOME" in err and "Traceback" not in err


def test_json_nested_too_deeply_is_refused(tmp_path, capsys) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    assert main(["render", str(deep), "-o", str(tmp_path / "o.mp4")]) == 2
    assert "nested more than 64 levels" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [("fps", 1000, "template.fps"), ("width", 100_000, "template.width")],
)
def test_out_of_range_project_fields_are_refused_by_name(
    tmp_path, capsys, field: str, value: int, named: str
) -> None:
    data = _project(tmp_path, capsys)
    data["template"][field] = value
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["render", str(bad), "-o", str(tmp_path / "o.mp4")]) == 2
    err = capsys.readouterr().err
    assert named in err and "at most" in err
    assert not (tmp_path / "o.mp4").exists()


def _shortvid(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "shortvid_desktop.cli", *args], capture_output=True, timeout=300
    )


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux file names may be any bytes")
def test_file_names_that_are_not_utf8_work_everywhere(media, tmp_path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    odd = os.fsdecode(b"caf\xe9")  # Latin-1 bytes, as an old camera or share writes them
    clip = folder / f"{odd}-clip.mp4"
    still = folder / f"{odd}.jpg"
    clip.write_bytes(media.video("odd_clip.mp4", seconds=1.0).read_bytes())
    still.write_bytes(media.image("odd.jpg", size="320x240").read_bytes())
    out = folder / f"{odd}-video.mp4"
    project = folder / f"{odd}.json"
    made = _shortvid(
        "make",
        "--text",
        "One picture. One clip.",
        "--media",
        str(clip),
        str(still),
        "-o",
        str(out),
        *SMALL,
        "--subtitles",
        "--poster",
        "--otio",
        "--save-project",
        str(project),
    )
    assert made.returncode == 0, made.stderr.decode(errors="replace")
    assert made.stdout == os.fsencode(out) + b"\n"  # the path, byte for byte
    for ext in (".mp4", ".srt", ".ass", ".jpg", ".otio"):
        assert out.with_suffix(ext).is_file(), ext
    again = folder / f"{odd}-again.mp4"
    rendered = _shortvid("render", str(project), "-o", str(again), *SMALL)
    assert rendered.returncode == 0, rendered.stderr.decode(errors="replace")
    for video in (out, again):
        with av.open(str(video)) as container:
            assert container.streams.video and container.streams.audio


def test_a_book_length_script_is_refused_with_a_way_through(tmp_path, capsys) -> None:
    from shortvid_desktop.session import Session

    text = " ".join(f"This is sentence number {n} of a very long text." for n in range(2000))
    code = main(["make", "--text", text, "-o", str(tmp_path / "long.mp4"), *SMALL])
    err = capsys.readouterr().err
    assert code == 2
    assert "minutes of speech" in err and "--allow-long" in err
    assert not (tmp_path / "long.mp4").exists()
    session = Session.new()  # the way through: nothing is refused with allow_long
    session.set_script_text(text)
    session.allow_long = True
    session.voice_job()  # the check happens before voicing starts; no error here


def test_sound_files_given_as_media_become_the_music_not_a_black_video(
    media, tmp_path, capsys
) -> None:
    song = media.audio("song.wav", seconds=3.0)
    out = tmp_path / "sound.mp4"
    code = main(["make", "--text", "One. Two.", "--media", str(song), "-o", str(out), *SMALL])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "song.wav is a sound file: it is used as the music" in err
    assert "bundled sample pictures" in err
    with av.open(str(out)) as container:
        frame = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert frame.mean() > 20  # pictures, not black


def test_a_file_ffmpeg_cannot_decode_is_named_in_the_error(tmp_path) -> None:
    # it once said "see the log" with no file named and no log to see
    from shortvid_desktop.core.errors import RenderError
    from shortvid_desktop.render.process import run_with_progress

    bad = tmp_path / "holiday music.m4a"
    bad.write_bytes(os.urandom(4000))
    with pytest.raises(RenderError) as caught:
        run_with_progress(["-i", str(bad), "-f", "null", "-"], cwd=tmp_path, total_us=0)
    message = str(caught.value)
    assert str(bad) in message and "damaged or not a media file" in message
    assert "see the log" not in message
