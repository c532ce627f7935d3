"""Normalised stills (render/stills.normalized_still): a picture that already is what the render
needs is used as it is (its bytes copied into the cache); any other is turned upright, made
RGB and scaled down to just cover the size asked for."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from shortvid_desktop.render.stills import normalized_still


def _jpeg(path: Path, size: tuple[int, int], orientation: int = 1) -> Path:
    im = Image.new("RGB", size, (30, 120, 200))
    im.paste((250, 200, 20), (0, 0, size[0] // 3, size[1]))
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
    im.save(path, quality=85, exif=exif.tobytes())
    return path


def test_a_small_upright_jpeg_is_used_as_it_is(tmp_path: Path) -> None:
    src = _jpeg(tmp_path / "small.jpg", (200, 300))
    out = Path(normalized_still(str(src), 400, 600))
    assert out != src and out.read_bytes() == src.read_bytes()  # the same picture, no re-encode
    assert normalized_still(str(src), 400, 600) == str(out)  # cached


def test_a_rotated_jpeg_is_turned_upright(tmp_path: Path) -> None:
    src = _jpeg(tmp_path / "turned.jpg", (300, 200), orientation=6)  # shown 90° clockwise
    out = Path(normalized_still(str(src), 400, 600))
    assert out.read_bytes() != src.read_bytes()
    with Image.open(out) as im:
        assert im.size == (200, 300) and im.getexif().get(0x0112, 1) == 1


def test_a_large_picture_is_scaled_down_to_cover(tmp_path: Path) -> None:
    src = _jpeg(tmp_path / "large.jpg", (1200, 1800))
    with Image.open(normalized_still(str(src), 400, 500)) as im:
        assert im.size == (400, 600)


def test_a_png_is_decoded_as_before(tmp_path: Path) -> None:
    src = tmp_path / "flat.png"
    Image.new("RGB", (100, 150), (10, 20, 30)).save(src)
    out = Path(normalized_still(str(src), 200, 300))
    assert out.suffix == ".jpg" and out.read_bytes() != src.read_bytes()
