"""probe(): kind by content, real sizes/durations/rates, rotation, a clear reason per rejection."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

import pytest

from shortvid_desktop.core.errors import BadInputError, MediaError
from shortvid_desktop.media import ProbeError, probe
from shortvid_desktop.media.probe import sniff

# The package exports the function ``probe``, which shadows the module attribute of that name.
probe_module = importlib.import_module("shortvid_desktop.media.probe")

FRAME_25 = 40_000  # one frame at 25 fps, in microseconds


def rejection(path: Path) -> ProbeError:
    with pytest.raises(ProbeError) as info:
        probe(path)
    err = info.value
    assert isinstance(err, MediaError) and isinstance(err, BadInputError)
    assert path.name in str(err), "the message must name the file"
    assert err.path == str(path.absolute())
    return err


# --------------------------------------------------------------------------- good files
def test_png_image(media) -> None:
    info = probe(media.image())
    assert info.kind == "image"
    assert (info.width, info.height) == (320, 240)
    assert (info.display_width, info.display_height) == (320, 240)
    assert info.duration_us == 0
    assert (info.fps_num, info.fps_den) == (0, 1)
    assert info.has_audio is False
    assert info.video_codec == "png"
    assert info.rotation == 0
    assert info.path == str(media.image().absolute())


def test_video_with_sound(media) -> None:
    info = probe(media.video())
    assert info.kind == "video"
    assert (info.width, info.height) == (320, 240)
    assert abs(info.duration_us - 2_000_000) <= FRAME_25
    assert (info.fps_num, info.fps_den) == (25, 1)
    assert info.fps == 25.0
    assert info.has_audio is True
    assert (info.video_codec, info.audio_codec) == ("h264", "aac")
    assert info.sample_rate == 48_000
    assert "mp4" in info.format_name


def test_video_without_sound(more) -> None:
    info = probe(more.silent_video())
    assert info.kind == "video"
    assert abs(info.duration_us - 1_000_000) <= FRAME_25
    assert info.has_audio is False
    assert info.audio_codec == ""


def test_wav_audio(media) -> None:
    info = probe(media.audio(seconds=2.0))
    assert info.kind == "audio"
    assert abs(info.duration_us - 2_000_000) <= 1_000
    assert info.has_audio is True
    assert (info.width, info.height, info.fps_num) == (0, 0, 0)
    assert info.audio_codec == "pcm_s16le"
    assert (info.sample_rate, info.channels) == (44_100, 1)


def test_m4a_audio_only(more) -> None:
    info = probe(more.m4a())
    assert info.kind == "audio"
    assert info.audio_codec == "aac"
    assert abs(info.duration_us - 2_000_000) <= 30_000


def test_cover_art_does_not_make_audio_a_picture(more) -> None:
    info = probe(more.m4a(cover=True))
    assert info.kind == "audio"
    assert info.video_codec == ""


@pytest.mark.parametrize(
    ("make", "name", "kind", "codec"),
    [
        (lambda media, more: more.jpeg(), "photo.png", "image", "mjpeg"),
        (lambda media, more: media.image(), "picture.mp4", "image", "png"),
        (lambda media, more: media.video(), "movie.png", "video", "h264"),
        (lambda media, more: more.mp3(), "song.jpg", "audio", ""),
        (lambda media, more: media.audio(), "noext", "audio", ""),
    ],
)
def test_kind_comes_from_content_not_extension(media, more, make, name, kind, codec) -> None:
    info = probe(more.copy_as(make(media, more), name))
    assert info.kind == kind
    assert info.video_codec == codec


@pytest.mark.parametrize(("ccw", "clockwise"), [(90, 270), (-90, 90), (180, 180)])
def test_rotated_video_reports_display_size(more, ccw: int, clockwise: int) -> None:
    info = probe(more.rotated_video(ccw))
    assert info.rotation == clockwise
    assert (info.width, info.height) == (320, 240)
    if clockwise in (90, 270):
        assert (info.display_width, info.display_height) == (240, 320)
    else:
        assert (info.display_width, info.display_height) == (320, 240)


def test_exif_orientation_of_a_jpeg(more) -> None:
    info = probe(more.exif_rotated_jpeg())
    assert info.kind == "image"
    assert info.rotation == 90
    assert (info.display_width, info.display_height) == (240, 320)


def test_animated_gif_is_a_video_single_gif_an_image(more) -> None:
    anim = probe(more.animated_gif())
    assert anim.kind == "video"
    assert (anim.fps_num, anim.fps_den) == (10, 1)
    assert abs(anim.duration_us - 1_000_000) <= 100_000
    still = probe(more.single_gif())
    assert still.kind == "image"
    assert still.duration_us == 0


# --------------------------------------------------------------------------- rejections
def test_missing_file(tmp_path: Path) -> None:
    err = rejection(tmp_path / "gone.mp4")
    assert err.reason == "missing"
    assert "not found" in str(err)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "clips.mp4"
    folder.mkdir()
    err = rejection(folder)
    assert err.reason == "directory"
    assert "folder" in str(err)


def test_empty_file(more) -> None:
    err = rejection(more.empty())
    assert err.reason == "empty"
    assert "0 bytes" in str(err)


def test_unreadable_file(media, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.png"
    locked.write_bytes(media.image().read_bytes())
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # running as root: permissions do not stop us
            real_open = open

            def deny(file: str | os.PathLike[str], *args: Any, **kwargs: Any) -> Any:
                if Path(file) == locked:
                    raise PermissionError(13, "Permission denied", str(file))
                return real_open(file, *args, **kwargs)

            monkeypatch.setattr(probe_module, "open", deny, raising=False)
        err = rejection(locked)
    finally:
        locked.chmod(0o644)
    assert err.reason == "unreadable"
    assert "permission denied" in str(err)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda media, more: media.text_file("notes.mp4"), "text file"),
        (lambda media, more: more.pdf("report.mp4"), "PDF"),
        (lambda media, more: more.random_bytes("noise.mp4"), "not a format ffmpeg can read"),
    ],
)
def test_unsupported_content(media, more, make, words: str) -> None:
    err = rejection(make(media, more))
    assert err.reason == "unsupported"
    assert "not a picture, video or sound file" in str(err)
    assert words in str(err)


def test_subtitles_only(more) -> None:
    err = rejection(more.subtitles_only_mkv())
    assert err.reason == "no_media"
    assert "subtitle" in str(err)


def test_corrupt_mp4_from_fixture(media) -> None:
    err = rejection(media.corrupt())
    assert err.reason in ("corrupt", "truncated")
    assert "MP4" in str(err)
    assert "again" in str(err)


def test_truncated_mp4_whose_first_frame_decodes(more) -> None:
    err = rejection(more.truncated_video())
    assert err.reason == "truncated"
    assert "missing" in str(err)


def test_damaged_picture_data_is_caught_by_decoding(more) -> None:
    err = rejection(more.zeroed_video())
    assert err.reason == "corrupt"
    assert "cannot be decoded" in str(err)


def test_reasons_are_distinct(media, more, tmp_path: Path) -> None:
    folder = tmp_path / "dir"
    folder.mkdir()
    files = [
        tmp_path / "nope.png",
        folder,
        more.empty("e.mp4"),
        media.text_file("t.mp4"),
        more.subtitles_only_mkv(),
        more.zeroed_video(),
        more.truncated_video(),
    ]
    reasons = [rejection(f).reason for f in files]
    assert len(set(reasons)) == len(reasons)
    messages = {str(rejection(f)).split(": ", 1)[-1] for f in files}
    assert len(messages) == len(files)


# --------------------------------------------------------------------------- sniffing
@pytest.mark.parametrize(
    ("head", "what", "is_media"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(8), "PNG", True),
        (b"\x00\x00\x00\x20ftypisom" + bytes(8), "MP4", True),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "WAV", True),
        (b"%PDF-1.7\n", "PDF", False),
        (b"<?xml version='1.0'?>\n<svg xmlns='x'/>", "SVG", False),
        ("字幕 subtitles\n".encode(), "text", False),
        (bytes([0x80, 0x00, 0x13, 0x37]), "", False),
    ],
)
def test_sniff(head: bytes, what: str, is_media: bool) -> None:
    found, media_sig = sniff(head)
    assert what in found
    assert media_sig is is_media


def test_padding_after_a_complete_mp4_is_not_truncation(more, tmp_path: Path) -> None:
    data = more.faststart_video().read_bytes()
    padded = tmp_path / "padded.mp4"
    padded.write_bytes(data + bytes(64) + b"\x13\x37" * 50)
    assert probe(padded).kind == "video"


def test_percent_in_a_name_is_not_an_image_sequence(media, tmp_path: Path) -> None:
    """FFmpeg would read 'shot%03d.png' as the sequence shot001.png, ... - a different file."""
    (tmp_path / "shot001.png").write_bytes(media.image("other.png", size="64x48").read_bytes())
    odd = tmp_path / "shot%03d.png"
    odd.write_bytes(media.image().read_bytes())
    info = probe(odd)
    assert (info.width, info.height) == (320, 240)
