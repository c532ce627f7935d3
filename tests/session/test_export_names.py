"""File names for exports: clean on every system, from the title or the first words, never
over an existing file; the folder a one-click export goes to."""

from __future__ import annotations

from pathlib import Path

import pytest

from shortvid_desktop.core.model import Project, Scene, Script
from shortvid_desktop.session.exports import (
    MAX_STEM_BYTES,
    SETTING_LAST_FOLDER,
    clean_file_stem,
    default_export_folder,
    export_stem,
    free_path,
    remember_export_folder,
    suggest_name,
)
from shortvid_desktop.store import Store


@pytest.mark.parametrize(
    ("text", "stem"),
    [
        # the title the offline helper makes from a long first sentence
        (
            "Three tips for better sleep that actually work…",
            "Three tips for better sleep that actually work",
        ),
        ("Wait... what?!", "Wait what"),
        ('My: "video"/1', "My video 1"),
        ("a/b\\c", "a b c"),
        ("睡个好觉的三个小技巧……", "睡个好觉的三个小技巧"),
        ("中文标题，很好！", "中文标题 很好"),
        ("🎉 Party time 🎉", "Party time"),
        ("Don’t stop", "Don't stop"),
        ("Version 2.1 notes", "Version 2.1 notes"),
        ("Top 10 tips. Really.", "Top 10 tips Really"),
        ("  -- leading and trailing --  ", "leading and trailing"),
        ("tab\there\nnewline\x00nul", "tab here newline nul"),
        ("Café crème", "Café crème"),
    ],
)
def test_clean_file_stem_keeps_words_drops_odd_punctuation(text: str, stem: str) -> None:
    assert clean_file_stem(text) == stem


@pytest.mark.parametrize("name", ["CON", "con", "Nul", "COM1", "lpt9", "aux.txt"])
def test_windows_device_names_are_never_a_stem(name: str) -> None:
    stem = clean_file_stem(name)
    # Windows refuses a name whose part before the first dot is a device ("con.mp4")
    assert (stem + ".mp4").split(".")[0].rstrip().upper() not in {
        "CON",
        "NUL",
        "COM1",
        "LPT9",
        "AUX",
    }
    assert stem.lower().startswith(name.lower()[:3])  # still says what it was


@pytest.mark.parametrize("text", ["", "   ", "...", "……", "?!*", "()", "🎉🎉"])
def test_nothing_left_gives_the_fallback(text: str) -> None:
    assert clean_file_stem(text) == "video"
    assert clean_file_stem(text, fallback="clip") == "clip"


def test_long_text_is_cut_at_a_word_and_within_bytes() -> None:
    words = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    stem = clean_file_stem(words)
    assert len(stem) <= 60 and words.startswith(stem) and not stem.endswith(" ")
    assert words[len(stem)] == " "  # a whole word, never a piece of one
    cjk = clean_file_stem("中" * 200)
    assert cjk == "中" * len(cjk) and len(cjk.encode("utf-8")) <= MAX_STEM_BYTES
    accents = clean_file_stem("é" * 200)
    assert len(accents.encode("utf-8")) <= MAX_STEM_BYTES


def test_every_cleaned_name_can_be_created_here(tmp_path: Path) -> None:
    for text in ["Wait... what?!", "a/b\\c:d*e", "中文标题，很好！", "x" * 300, "CON", "…"]:
        path = tmp_path / suggest_name(text)
        path.write_bytes(b"")
        assert path.parent == tmp_path and path.suffix == ".mp4"


def test_export_stem_title_else_script_else_first_words() -> None:
    p = Project(title="Sleep better tonight…")
    assert export_stem(p) == "Sleep better tonight"
    p = Project(title="Untitled")
    p.script = Script(
        title="",
        scenes=[
            Scene(narration="  "),
            Scene(
                narration="Ocean waves at dawn, calm and slow. More words follow to make it long."
            ),
        ],
    )
    stem = export_stem(p)
    assert stem.startswith("Ocean waves at dawn calm and slow") and len(stem) <= 40
    p.script.title = "From the script"
    assert export_stem(p) == "From the script"
    assert export_stem(Project(title="Untitled")) == "video"


def test_free_path_never_overwrites_nor_reuses_a_queued_name(tmp_path: Path) -> None:
    assert free_path(tmp_path, "a.mp4") == tmp_path / "a.mp4"
    (tmp_path / "a.mp4").write_bytes(b"")
    assert free_path(tmp_path, "a.mp4") == tmp_path / "a (2).mp4"
    queued = [tmp_path / "a (2).mp4"]
    assert free_path(tmp_path, "a.mp4", taken=queued) == tmp_path / "a (3).mp4"


def test_default_folder_remembered_else_videos_else_home(tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    assert default_export_folder() == home  # no Videos folder: home
    (home / "Videos").mkdir()
    assert default_export_folder() == home / "Videos"
    movies = tmp_path / "Movies"
    movies.mkdir()
    assert default_export_folder(movies) == movies  # the platform's, from the window
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    remember_export_folder(chosen)
    with Store() as store:
        assert store.get_setting(SETTING_LAST_FOLDER) == str(chosen)
    assert default_export_folder(movies) == chosen
    chosen.rmdir()  # a remembered folder that went away is skipped
    assert default_export_folder(movies) == movies
