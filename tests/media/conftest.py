"""More real media for the media tests, made with ffmpeg/Pillow at test time (cached)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from shortvid_desktop.media.ffmpeg import run_ffmpeg


class MoreMedia:
    """Odd and broken files next to the shared ``media`` factory's output."""

    def __init__(self, media: Any) -> None:  # the MediaFactory from tests/conftest.py
        self.media = media
        self.root: Path = media.root / "more"
        self.root.mkdir(exist_ok=True)

    def _once(self, name: str, make: Callable[[Path], None]) -> Path:
        out = self.root / name
        if not out.exists():
            tmp = out.with_name("tmp-" + out.name)
            make(tmp)
            tmp.replace(out)
        return out

    def _ffmpeg(self, name: str, args: list[str], fmt: str | None = None) -> Path:
        extra = ["-f", fmt] if fmt else []
        return self._once(name, lambda out: run_ffmpeg([*args, *extra, str(out)]))

    def rotated_video(self, degrees_ccw: int) -> Path:
        """The shared 320x240 clip with a display matrix (``-display_rotation`` turns it CCW)."""
        src = self.media.video()
        name = f"rot_{'m' if degrees_ccw < 0 else ''}{abs(degrees_ccw)}.mp4"
        return self._ffmpeg(
            name, ["-display_rotation", str(degrees_ccw), "-i", str(src), "-c", "copy"]
        )

    def silent_video(self) -> Path:
        return self.media.video("silent.mp4", seconds=1.0, audio=False)

    def dark_then_bright(self, seconds: float) -> Path:
        """Dark for the first 0.3 s, bright after: tells which frame a thumbnail shows."""
        src = f"nullsrc=s=64x48:r=25:d={seconds},geq=lum='if(lt(T,0.3),30,220)':cb=128:cr=128"
        return self._ffmpeg(
            f"dark_bright_{seconds:g}.mp4",
            ["-f", "lavfi", "-i", src, "-c:v", "libx264", "-preset", "ultrafast", "-g", "250"],
        )

    def m4a(self, cover: bool = False) -> Path:
        tone = self.media.audio()
        if not cover:
            return self._ffmpeg("tone.m4a", ["-i", str(tone), "-c:a", "aac"])
        still = self.jpeg()
        return self._ffmpeg(
            "cover.m4a",
            ["-i", str(self.m4a()), "-i", str(still), "-map", "0", "-map", "1", "-c", "copy"]
            + ["-disposition:v", "attached_pic"],
        )

    def mp3(self) -> Path:
        return self._ffmpeg("tone.mp3", ["-i", str(self.media.audio())])

    def quiet_then_loud(self) -> Path:
        """2 s sine (amplitude 1/8): volume 0.1 for the first second, 0.8 after."""
        src = "sine=f=440:d=2:r=44100,volume='if(lt(t,1),0.1,0.8)':eval=frame"
        return self._ffmpeg("quiet_loud.wav", ["-f", "lavfi", "-i", src])

    def left_only_stereo(self) -> Path:
        src = "sine=f=440:d=1:r=44100,pan=stereo|c0=c0|c1=0*c0"
        return self._ffmpeg("left_only.wav", ["-f", "lavfi", "-i", src])

    def jpeg(self, size: str = "320x240") -> Path:
        return self._ffmpeg(
            f"still_{size}.jpg", ["-f", "lavfi", "-i", f"testsrc2=s={size}"] + ["-frames:v", "1"]
        )

    def exif_rotated_jpeg(self) -> Path:
        """A 320x240 JPEG whose EXIF orientation 6 says: turn 90 degrees clockwise to view."""

        def make(out: Path) -> None:
            from PIL import Image

            with Image.open(self.jpeg()) as im:
                exif = im.getexif()
                exif[0x0112] = 6
                im.save(out, format="JPEG", exif=exif)

        return self._once("exif6.jpg", make)

    def animated_gif(self) -> Path:
        return self._ffmpeg("anim.gif", ["-f", "lavfi", "-i", "testsrc2=s=160x120:r=10:d=1"])

    def single_gif(self) -> Path:
        return self._ffmpeg(
            "single.gif", ["-f", "lavfi", "-i", "testsrc2=s=160x120", "-frames:v", "1"]
        )

    def subtitles_only_mkv(self) -> Path:
        def make(out: Path) -> None:
            srt = self.root / "cues.srt"
            srt.write_text("1\n00:00:00,000 --> 00:00:01,000\nhello\n", encoding="utf-8")
            run_ffmpeg(["-i", str(srt), "-c:s", "srt", "-f", "matroska", str(out)])

        return self._once("subs_only.mkv", make)

    def faststart_video(self) -> Path:
        return self._ffmpeg(
            "faststart.mp4",
            ["-i", str(self.media.video()), "-c", "copy", "-movflags", "+faststart"],
        )

    def truncated_video(self) -> Path:
        """A faststart MP4 cut at 60%: opens and decodes its first frame, but is incomplete."""
        data = self.faststart_video().read_bytes()
        return self._once("cut.mp4", lambda out: out.write_bytes(data[: len(data) * 6 // 10]))

    def zeroed_video(self) -> Path:
        """A faststart MP4 whose first 30 kB of picture data are zeros: the index is fine."""
        data = bytearray(self.faststart_video().read_bytes())
        at = data.find(b"mdat") + 4
        data[at : at + 30_000] = bytes(30_000)
        return self._once("zeroed.mp4", lambda out: out.write_bytes(bytes(data)))

    def pdf(self, name: str = "doc.pdf") -> Path:
        body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
        return self._once(name, lambda out: out.write_bytes(body))

    def random_bytes(self, name: str = "noise.mp4", size: int = 4096) -> Path:
        import random

        rng = random.Random(7)
        data = bytes(rng.getrandbits(8) for _ in range(size))
        return self._once(name, lambda out: out.write_bytes(data))

    def empty(self, name: str = "empty.mp4") -> Path:
        return self._once(name, lambda out: out.write_bytes(b""))

    def copy_as(self, src: Path, name: str) -> Path:
        """``src`` under another name (a wrong extension, a duplicate)."""
        return self._once(name, lambda out: shutil.copyfile(src, out))


@pytest.fixture(scope="session")
def more(media: Any) -> MoreMedia:
    return MoreMedia(media)
