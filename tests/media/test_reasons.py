"""Rejections in plain words: each names the file, says what it is, and carries no codec or
library internals (the technical message stays in ImportResult.details)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from shortvid_desktop.media import ProbeError, probe, scan_paths
from shortvid_desktop.media.reasons import expected_kind, plain_reason

# words from FFmpeg/PyAV errors and codec names that must never reach a person
INTERNALS = ("invalid data", "moov", "atom", "ffmpeg", "pyav", "codec", "demux", "errno", "error")


def _reason(path: Path) -> str:
    with pytest.raises(ProbeError) as info:
        probe(path)
    return plain_reason(path, info.value)


def _plain(text: str, name: str) -> None:
    assert text.startswith(name), text
    low = text.lower()
    assert not [w for w in INTERNALS if w in low], text


def _random_bytes(path: Path, size: int = 6000) -> Path:
    rng = random.Random(11)
    data = bytearray(rng.getrandbits(8) for _ in range(size))
    data[:4] = b"\x13\x37\x00\x42"  # no magic number by chance
    path.write_bytes(bytes(data))
    return path


def test_expected_kind_from_the_name() -> None:
    assert expected_kind("a/B.JPG") == "picture"
    assert expected_kind("clip.mov") == "video"
    assert expected_kind("song.m4a") == "sound file"
    assert expected_kind("notes.txt") == ""


def test_random_bytes_named_jpg(tmp_path: Path) -> None:
    text = _reason(_random_bytes(tmp_path / "photo.jpg"))
    _plain(text, "photo.jpg")
    assert text == "photo.jpg is not a picture — it is damaged, or not a picture at all."


def test_a_broken_video_named_jpg(media, tmp_path: Path) -> None:
    broken = tmp_path / "photo.jpg"
    shutil.copyfile(media.corrupt("reasons_broken.mp4"), broken)
    text = _reason(broken)
    _plain(text, "photo.jpg")
    assert text == "photo.jpg is not a picture — it is a broken or misnamed video."


def test_a_text_file(media) -> None:
    text = _reason(media.text_file("notes.txt"))
    _plain(text, "notes.txt")
    assert text.startswith("notes.txt is not a picture, clip or sound file — it is a text file.")
    named_mp4 = _reason(media.text_file("readme.mp4"))
    assert named_mp4 == "readme.mp4 is not a video — it is a text file."


def test_damaged_and_cut_off_clips(media, more) -> None:
    text = _reason(media.corrupt("reasons_x.mp4"))
    _plain(text, "reasons_x.mp4")
    assert "is damaged or incomplete" in text
    cut = _reason(more.truncated_video())
    _plain(cut, "cut.mp4")
    assert "is damaged or incomplete — its end is missing" in cut


def test_empty_missing_pdf(tmp_path: Path, more) -> None:
    empty = tmp_path / "song.mp3"
    empty.write_bytes(b"")
    assert _reason(empty).startswith("song.mp3 is empty (0 bytes)")
    assert _reason(tmp_path / "gone.png").startswith("gone.png was not found")
    assert _reason(more.pdf("report.pdf")).startswith(
        "report.pdf is not a picture, clip or sound file — it is a PDF document."
    )


def test_scan_paths_reports_plain_words_and_keeps_the_detail(media, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copyfile(media.image(), folder / "ok.png")
    _random_bytes(folder / "photo.jpg")
    result = scan_paths([folder, tmp_path / "nowhere.mov"])
    assert [Path(a.path).name for a in result.added] == ["ok.png"]
    reasons = {p.name: r for p, r in result.rejected}
    assert reasons == {
        "nowhere.mov": "nowhere.mov was not found — it was moved, renamed or deleted.",
        "photo.jpg": "photo.jpg is not a picture — it is damaged, or not a picture at all.",
    }
    assert str(folder / "photo.jpg") in result.details[folder / "photo.jpg"]
