"""The caption font's subset: made once however many renders ask at the same moment, in a
child interpreter (fontTools would hold the GIL and stall the window), or in-process in a frozen
bundle, with the same glyphs either way."""

from __future__ import annotations

import sys
import threading

import pytest
from fontTools.ttLib import TTFont

from shortvid_desktop.render import export
from shortvid_desktop.render.fonts import choose_font

TEXT = "Sleep better tonight 今晚睡个好觉"


def _cmap(path) -> set[int]:
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
    real = export._subset_in_child

    def counting(*args):
        made.append("child")
        return real(*args)

    monkeypatch.setattr(export, "_subset_in_child", counting)
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
    assert made == ["child"]  # one subset for the three
    assert {ord(c) for c in TEXT if not c.isspace()} <= _cmap(results[0])
    assert sorted(p.name for p in results[0].parent.iterdir()) == [results[0].name]


def test_a_frozen_bundle_subsets_in_process_alike(face, monkeypatch, tmp_path) -> None:
    chars = "".join(sorted(set(TEXT)))
    child = tmp_path / "child.otf"
    assert export._subset_in_child(face, chars, child)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    here = tmp_path / "here.otf"
    assert not export._subset_in_child(face, chars, here)
    path = export.subset_font(face, TEXT)
    assert path is not None and _cmap(path) >= _cmap(child) - {10}
