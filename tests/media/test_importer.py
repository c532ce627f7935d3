"""Import: assets from files, folder expansion, de-duplication, rejections, progress and cancel."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from shortvid_desktop.core.errors import MediaError
from shortvid_desktop.core.model import Asset
from shortvid_desktop.jobs import Cancelled, CancelToken, Progress, ProgressReport
from shortvid_desktop.media import (
    ImportResult,
    asset_from_path,
    content_hash,
    expand_paths,
    scan_paths,
)
from shortvid_desktop.media.hashing import CHUNK_SIZE


def blake2b_of(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- hashing
def test_content_hash_matches_blake2b_and_streams_in_chunks(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(CHUNK_SIZE * 2 + 123))
    seen: list[int] = []
    digest = content_hash(big, on_chunk=seen.append)
    assert digest == blake2b_of(big)
    assert len(digest) == 128
    assert seen == [CHUNK_SIZE, CHUNK_SIZE * 2, CHUNK_SIZE * 2 + 123]


def test_content_hash_follows_changes(tmp_path: Path) -> None:
    f = tmp_path / "a.bin"
    f.write_bytes(b"one")
    first = content_hash(f)
    assert content_hash(f) == first
    f.write_bytes(b"other content")
    assert content_hash(f) == blake2b_of(f) != first


# --------------------------------------------------------------------------- one file
def test_asset_from_path_video(media, monkeypatch: pytest.MonkeyPatch) -> None:
    clip = media.video()
    monkeypatch.chdir(clip.parent)
    asset = asset_from_path(clip.name)  # a relative path becomes absolute
    assert isinstance(asset, Asset)
    assert Path(asset.path).is_absolute()
    assert asset.path == str(clip.absolute())
    assert asset.kind == "video"
    assert asset.content_hash == blake2b_of(clip)
    assert (asset.width, asset.height) == (320, 240)
    assert abs(asset.duration_us - 2_000_000) <= 40_000
    assert (asset.fps_num, asset.fps_den) == (25, 1)
    assert asset.has_audio is True
    assert (asset.video_codec, asset.audio_codec) == ("h264", "aac")
    assert asset.generated is False
    asset.validate("asset")


def test_asset_from_path_uses_display_size_of_rotated_video(more) -> None:
    asset = asset_from_path(more.rotated_video(-90))
    assert asset.rotation == 90
    assert (asset.width, asset.height) == (240, 320)


def test_asset_from_path_image_and_audio(media) -> None:
    image = asset_from_path(media.image())
    assert (image.kind, image.width, image.height, image.duration_us) == ("image", 320, 240, 0)
    audio = asset_from_path(media.audio())
    assert (audio.kind, audio.width, audio.has_audio) == ("audio", 0, True)


def test_asset_from_path_rejects_with_media_error(media) -> None:
    bad = media.text_file("readme.mov")
    with pytest.raises(MediaError, match="readme.mov"):
        asset_from_path(bad)


# --------------------------------------------------------------------------- folders
@pytest.fixture
def mixed_folder(media, more, tmp_path: Path) -> Path:
    """A folder of good, bad, duplicate and hidden files, with a nested and a hidden folder."""
    root = tmp_path / "drop"
    (root / "b_sub").mkdir(parents=True)
    (root / ".cache").mkdir()
    shutil.copyfile(media.image(), root / "a_picture.png")
    shutil.copyfile(media.video(), root / "b_sub" / "clip.mp4")
    shutil.copyfile(media.video(), root / "c_same_clip.mov")  # same bytes as b_sub/clip.mp4
    shutil.copyfile(media.audio(), root / "d_tone.wav")
    shutil.copyfile(more.jpeg(), root / "e_photo.png")  # a JPEG behind a .png name
    (root / "f_notes.mp4").write_text("hello", encoding="utf-8")
    (root / "g_empty.png").write_bytes(b"")
    shutil.copyfile(more.truncated_video(), root / "h_cut.mp4")
    shutil.copyfile(media.image(), root / ".hidden.png")
    shutil.copyfile(media.audio(), root / ".cache" / "secret.wav")
    (root / "Thumbs.db").write_bytes(b"\x00junk")
    return root


def test_expand_paths_sorted_recursive_without_hidden(mixed_folder: Path) -> None:
    files, problems = expand_paths([mixed_folder])
    names = [f.relative_to(mixed_folder).as_posix() for f in files]
    assert names == [
        "a_picture.png",
        "c_same_clip.mov",
        "d_tone.wav",
        "e_photo.png",
        "f_notes.mp4",
        "g_empty.png",
        "h_cut.mp4",
        "b_sub/clip.mp4",
    ]
    assert problems == []
    assert all(f.is_absolute() for f in files)


def test_expand_paths_keeps_each_file_once_and_reports_missing(
    mixed_folder: Path, tmp_path: Path
) -> None:
    picture = mixed_folder / "a_picture.png"
    hidden = mixed_folder / ".hidden.png"
    files, problems = expand_paths([picture, mixed_folder, hidden, tmp_path / "nowhere.mp4"])
    assert files[0] == picture
    assert files.count(picture) == 1
    assert hidden in files  # named directly: tried even though hidden
    assert [p.name for p, _ in problems] == ["nowhere.mp4"]
    assert "nowhere.mp4" in problems[0][1]


def test_scan_mixed_folder(mixed_folder: Path) -> None:
    result = scan_paths([mixed_folder])
    added = {Path(a.path).name: a for a in result.added}
    assert set(added) == {"a_picture.png", "c_same_clip.mov", "d_tone.wav", "e_photo.png"}
    assert added["a_picture.png"].kind == "image"
    assert added["c_same_clip.mov"].kind == "video"
    assert added["d_tone.wav"].kind == "audio"
    assert added["e_photo.png"].kind == "image"
    assert added["e_photo.png"].video_codec == "mjpeg"

    # b_sub/clip.mp4 has the same bytes as c_same_clip.mov, which came first in the walk
    assert [(p.name, a.id) for p, a in result.reused] == [("clip.mp4", added["c_same_clip.mov"].id)]

    rejected = {p.name: reason for p, reason in result.rejected}
    assert set(rejected) == {"f_notes.mp4", "g_empty.png", "h_cut.mp4"}
    for name, reason in rejected.items():
        assert name in reason
    assert "text file" in rejected["f_notes.mp4"]
    assert "empty" in rejected["g_empty.png"]
    assert "damaged or incomplete" in rejected["h_cut.mp4"]
    assert "truncated" in result.details[mixed_folder / "h_cut.mp4"]  # the technical message
    assert not result.ok
    assert len(result.assets) == 4


def test_scan_reuses_existing_assets(media, tmp_path: Path) -> None:
    known = asset_from_path(media.image())
    copy = tmp_path / "again.png"
    shutil.copyfile(media.image(), copy)
    result = scan_paths([copy, media.audio()], existing={known.id: known})
    assert result.reused == [(copy, known)]
    assert [a.kind for a in result.added] == ["audio"]
    assert result.assets == [result.added[0], known]


def test_same_file_twice_in_one_batch(media) -> None:
    result = scan_paths([media.image(), media.image()])
    assert len(result.added) == 1
    assert result.reused == []


def test_summary(mixed_folder: Path) -> None:
    text = scan_paths([mixed_folder]).summary()
    first, *rest = text.splitlines()
    assert first == "4 files imported; 1 duplicate reused; 3 files could not be used."
    assert len(rest) == 3
    assert any("f_notes.mp4" in line for line in rest)
    assert ImportResult().summary() == "0 files imported."


def test_progress_reports_each_file_and_ends_at_one(mixed_folder: Path) -> None:
    calls: list[tuple[float, str]] = []
    scan_paths([mixed_folder], progress=lambda f, m: calls.append((f, m)))
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert any("e_photo.png" in m and "of 8" in m for _, m in calls)
    assert calls[-1][1].startswith("4 files imported")


def test_progress_accepts_a_jobs_progress(media) -> None:
    reports: list[ProgressReport] = []
    scan_paths([media.image()], progress=Progress(reports.append))
    assert reports[-1].fraction == 1.0


def test_cancel_before_start(media) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        scan_paths([media.image()], cancel=token)


def test_cancel_between_files(mixed_folder: Path) -> None:
    token = CancelToken()
    started: list[str] = []

    def progress(fraction: float, message: str) -> None:
        if message.startswith("Checking"):
            started.append(message)
            if len(started) == 2:
                token.cancel()

    with pytest.raises(Cancelled):
        scan_paths([mixed_folder], progress=progress, cancel=token)
    assert len(started) == 2


def test_cancel_while_hashing_a_big_file(tmp_path: Path) -> None:
    big = tmp_path / "big.mp4"
    big.write_bytes(os.urandom(CHUNK_SIZE * 3))
    token = CancelToken()

    def progress(fraction: float, message: str) -> None:
        if message.startswith("Checking"):
            token.cancel()  # set during the file: the hashing loop notices it

    with pytest.raises(Cancelled):
        scan_paths([big], progress=progress, cancel=token)


def test_bundled_samples_are_known_without_probing(tmp_path: Path, monkeypatch) -> None:
    """A bundled sample (its content in resources/samples/probes.json) is not probed again;
    the same file changed by one byte is."""
    from shortvid_desktop.media import importer
    from shortvid_desktop.media.probe import probe
    from shortvid_desktop.paths import resource

    samples = resource("samples")
    still = samples / "stills" / "04_city_dusk_landscape.jpg"
    clip = samples / "clips" / "sample_clip.mp4"
    changed = tmp_path / "changed.jpg"
    data = bytearray(still.read_bytes())
    data[-3] ^= 0x01  # inside the picture's data, before its end marker
    changed.write_bytes(bytes(data))
    expected = {p: probe(p) for p in (still, clip)}

    probed: list[Path] = []
    monkeypatch.setattr(importer, "probe", lambda p: probed.append(Path(p)) or probe(p))
    result = scan_paths([still, clip, changed])
    assert probed == [changed]
    music = importer.asset_from_path(samples / "music" / "loop.m4a")  # (make's music: one file)
    assert probed == [changed] and music.kind == "audio" and music.duration_us > 0
    by_path = {Path(a.path): a for a in result.added}
    for p, info in expected.items():
        made = importer.asset_from_info(info, by_path[p].content_hash)
        assert by_path[p] == dataclasses.replace(made, id=by_path[p].id)  # (ids are new)
