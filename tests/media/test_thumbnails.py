"""Thumbnails (pictures, video frames, waveform pictures) and waveforms, cached by content hash."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from shortvid_desktop import paths
from shortvid_desktop.core.errors import MediaError
from shortvid_desktop.jobs import Cancelled, CancelToken
from shortvid_desktop.media import ProbeError, content_hash, thumbnail, waveform
from shortvid_desktop.media.ffmpeg import run_ffmpeg

thumbs_module = importlib.import_module("shortvid_desktop.media.thumbnails")


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"), dtype=np.float64)


def no_more_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("should have come from the cache")

    monkeypatch.setattr(thumbs_module, "probe", fail)


# --------------------------------------------------------------------------- thumbnails
def test_image_thumbnail_is_a_cached_jpeg(media, monkeypatch: pytest.MonkeyPatch) -> None:
    src = media.image("big.png", size="640x480")
    out = thumbnail(src)
    assert out.parent == paths.cache_dir("thumbs")
    assert out.name.startswith(content_hash(src)[:32])
    assert out.read_bytes()[:3] == b"\xff\xd8\xff"
    with Image.open(out) as im:
        assert im.format == "JPEG"
        assert im.size == (320, 240)
    no_more_decoding(monkeypatch)
    assert thumbnail(src) == out


def test_small_image_is_not_enlarged_and_size_is_part_of_the_key(media) -> None:
    src = media.image()
    small = thumbnail(src, max_size=(100, 100))
    default = thumbnail(src)
    assert small != default
    with Image.open(small) as a, Image.open(default) as b:
        assert a.size == (100, 75)
        assert b.size == (320, 240)


def test_thumbnail_of_a_moved_file_reuses_the_cache(media, tmp_path: Path, monkeypatch) -> None:
    first = thumbnail(media.image())
    moved = tmp_path / "renamed.png"
    moved.write_bytes(media.image().read_bytes())
    no_more_decoding(monkeypatch)
    assert thumbnail(moved) == first


def test_exif_rotated_jpeg_thumbnail_is_upright(more) -> None:
    with Image.open(thumbnail(more.exif_rotated_jpeg())) as im:
        assert im.size == (240, 320)


def test_video_thumbnail_first_frame_matches_ffmpeg(media, tmp_path: Path) -> None:
    src = media.video()
    out = thumbnail(src)
    ref = tmp_path / "ref.png"
    run_ffmpeg(["-i", str(src), "-frames:v", "1", str(ref)])
    got, want = pixels(out), pixels(ref)
    assert got.shape == want.shape == (240, 320, 3)
    assert np.abs(got - want).mean() < 8


@pytest.mark.parametrize("ccw", [90, -90])
def test_rotated_video_thumbnail_is_turned_like_ffmpeg(more, tmp_path: Path, ccw: int) -> None:
    src = more.rotated_video(ccw)
    ref = tmp_path / "ref.png"
    run_ffmpeg(["-i", str(src), "-frames:v", "1", str(ref)])  # ffmpeg autorotates
    got, want = pixels(thumbnail(src)), pixels(ref)
    assert got.shape == want.shape == (320, 240, 3)
    upside_down = got[::-1, ::-1]
    assert np.abs(got - want).mean() < 8 < np.abs(upside_down - want).mean()


def test_short_video_shows_first_frame_long_video_a_frame_near_ten_percent(more) -> None:
    short = pixels(thumbnail(more.dark_then_bright(2.0)))  # <= 2 s: first frame (dark)
    long = pixels(thumbnail(more.dark_then_bright(4.0)))  # 10% = 0.4 s: bright
    assert short.mean() < 60
    assert long.mean() > 180


def test_audio_thumbnail_is_a_waveform_picture(more) -> None:
    out = thumbnail(more.quiet_then_loud())
    img = pixels(out)
    assert img.shape == (180, 320, 3)
    column_ink = (np.abs(img - img[0, 0]).sum(axis=2) > 60).sum(axis=0)
    assert column_ink[200:300].mean() > 3 * column_ink[20:120].mean()  # louder second half


def test_thumbnail_of_bad_files_raises_media_error(media, more) -> None:
    with pytest.raises(MediaError, match="notes.txt"):
        thumbnail(media.text_file())
    with pytest.raises(MediaError, match="empty"):
        thumbnail(more.empty())


# --------------------------------------------------------------------------- waveforms
def test_waveform_of_a_sine(media, monkeypatch: pytest.MonkeyPatch) -> None:
    src = media.audio()
    peaks = waveform(src, points=50)
    assert len(peaks) == 50
    assert all(abs(p - 0.125) < 0.01 for p in peaks)  # ffmpeg's sine has amplitude 1/8
    cached = paths.cache_dir("thumbs") / f"{content_hash(src)[:32]}_wave50.json"
    assert json.loads(cached.read_text()) == pytest.approx(peaks, abs=1e-4)
    no_more_decoding(monkeypatch)
    assert waveform(src, points=50) == pytest.approx(peaks, abs=1e-4)


def test_waveform_follows_the_level(more) -> None:
    peaks = waveform(more.quiet_then_loud(), points=20)
    quiet, loud = peaks[1:9], peaks[11:19]
    assert all(abs(p - 0.0125) < 0.004 for p in quiet)
    assert all(abs(p - 0.1) < 0.01 for p in loud)


def test_waveform_mixes_to_mono(more) -> None:
    peaks = waveform(more.left_only_stereo(), points=10)
    assert all(abs(p - 0.0625) < 0.005 for p in peaks)  # (left + silent right) / 2


def test_waveform_of_a_video_with_sound(media) -> None:
    peaks = waveform(media.video(), points=40)
    assert len(peaks) == 40
    assert min(peaks[2:-2]) > 0.1


def test_waveform_of_a_silent_video_is_refused(more) -> None:
    with pytest.raises(ProbeError) as info:
        waveform(more.silent_video())
    assert info.value.reason == "no_audio"
    assert "silent.mp4" in str(info.value)


def test_waveform_cancel(more) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        waveform(more.quiet_then_loud(), points=33, cancel=token)
