"""The caption font read and cut by HarfBuzz: its faces named as fontTools names them, its
subset made once however many renders ask at the same moment, with every glyph the text needs,
drawn by libass as fontTools' subset draws it; a font HarfBuzz cannot cut leaves the whole font
in use."""

from __future__ import annotations

import hashlib
import subprocess
import threading
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from shortvid_desktop.media.ffmpeg import ffmpeg_exe
from shortvid_desktop.paths import cache_dir
from shortvid_desktop.render import export
from shortvid_desktop.render.fonts import FontFace, _cmap, choose_font

TEXT = "Sleep better tonight 今晚睡个好觉，好吗？ 100% “quoted”"


def _font_cmap(path) -> set[int]:
    with TTFont(str(path), fontNumber=0) as font:
        return set(font.getBestCmap())


@pytest.fixture
def face():
    face = choose_font(TEXT)
    if face is None:
        pytest.skip("no font covering the text")
    return face


def test_asked_at_once_made_once_with_every_glyph(face, monkeypatch) -> None:
    made: list[str] = []
    real = export._subset

    def counting(*args):
        made.append("subset")
        return real(*args)

    monkeypatch.setattr(export, "_subset", counting)
    results: list = []
    threads = [
        threading.Thread(target=lambda: results.append(export.subset_font(face, TEXT)))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and results[0] is not None
    assert made == ["subset"]  # one subset for the three
    assert {ord(c) for c in TEXT if not c.isspace()} <= _font_cmap(results[0])
    assert sorted(p.name for p in results[0].parent.iterdir()) == [results[0].name]
    # kilobytes, not the collection's megabytes
    assert results[0].stat().st_size < Path(face.path).stat().st_size / 50
    # the family libass asks for by name is kept
    with TTFont(str(results[0])) as font:
        assert font["name"].getDebugName(1) == face.family


def _drawn(folder: Path, font_file: Path, family: str, text: str = TEXT) -> str:
    """The frames libass draws of ``text`` in ``family`` with only ``font_file`` in its fonts
    folder: a hash of every frame's pixels."""
    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    (fonts / font_file.name).write_bytes(font_file.read_bytes())
    (folder / "t.ass").write_text(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 360\nPlayResY: 640\n\n"
        "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, OutlineColour, Bold, "
        "Outline, Alignment\n"
        f"Style: Default,{family},42,&H00FFFFFF,&H00000000,1,3,5\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Text\n"
        f"Dialogue: 0,0:00:00.00,0:00:00.20,Default,{text}\n"
        r"Dialogue: 0,0:00:00.20,0:00:00.40,Default,{\fscx120\bord1}" + text + "\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "color=black:s=360x640:r=10:d=0.4"]
        + ["-vf", "subtitles=filename=t.ass:fontsdir=fonts", "-f", "framemd5", "-"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    frames = [line for line in out.splitlines() if line and not line.startswith("#")]
    assert len(frames) == 4
    return hashlib.sha1("\n".join(frames).encode()).hexdigest()


PROBE = "ShortVid Probe Face"  # a family no system has: libass cannot fall back to the real one


def _renamed(font_file: Path, out: Path) -> Path:
    with TTFont(str(font_file)) as font:
        name = font["name"]
        name.names = [n for n in name.names if n.nameID not in (1, 4, 6, 16, 17)]
        for name_id, value in ((1, PROBE), (4, f"{PROBE} Bold"), (6, "ShortVidProbe-Bold")):
            name.setName(value, name_id, 3, 1, 0x409)
        font.save(str(out))
    return out


def _fonttools_subset(face: FontFace, out: Path) -> Path:
    """The subset as fontTools cuts it (what the captions used before HarfBuzz)."""
    from fontTools import subset

    opts = subset.Options()
    opts.font_number = face.index
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.layout_features = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    font = subset.load_font(face.path, opts, dontLoadGlyphNames=True)
    cut = subset.Subsetter(opts)
    cut.populate(text="".join(sorted(set(TEXT) | set(export._BASE_CHARS))))
    cut.subset(font)
    subset.save_font(font, str(out), opts)
    return out


def test_libass_draws_the_subset_as_fonttools_subset(face, tmp_path) -> None:
    subset = export.subset_font(face, TEXT)
    assert subset is not None
    ours = _renamed(subset, tmp_path / "hb.otf")
    theirs = _renamed(_fonttools_subset(face, tmp_path / "ft-src.otf"), tmp_path / "ft.otf")
    drawn = _drawn(tmp_path / "hb", ours, PROBE)
    assert drawn == _drawn(tmp_path / "ft", theirs, PROBE)
    assert drawn != _drawn(tmp_path / "blank", ours, PROBE, text="")  # drawn at all
    # and with this face, not a fallback: another family draws other pixels
    assert drawn != _drawn(tmp_path / "other", ours, "DejaVu Sans")


def test_the_character_map_is_the_fonts_own(face) -> None:
    assert set(_cmap(face.path, face.index)) == _font_cmap_of_face(face)


def _font_cmap_of_face(face: FontFace) -> set[int]:
    from fontTools.ttLib import TTCollection

    if face.path.lower().endswith((".ttc", ".otc")):
        return set(TTCollection(face.path, lazy=True).fonts[face.index].getBestCmap())
    return _font_cmap(face.path)


def test_a_font_harfbuzz_cannot_cut_leaves_the_whole_font(tmp_path) -> None:
    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00" + b"not a font" * 100)
    face = FontFace(str(broken), 0, "Broken", "Regular")
    assert export.subset_font(face, TEXT) is None
    assert list(cache_dir("fonts").iterdir()) == []  # nothing half-written left


def test_faces_are_named_as_fonttools_names_them() -> None:
    from shortvid_desktop.render.fonts import _faces_fonttools, _faces_hb, candidate_files

    files = candidate_files()
    assert files
    for path in files:
        assert _faces_hb(path) == _faces_fonttools(path), path


def test_a_file_that_is_no_font_has_no_faces(tmp_path) -> None:
    from shortvid_desktop.render.fonts import _faces

    junk = tmp_path / "junk.ttc"
    junk.write_bytes(b"ttcf\x00\x01\x00\x00\x00\x00\x00\x02" + b"\x00" * 64)
    assert _faces(str(junk)) == ()
