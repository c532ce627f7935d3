"""Inputs are sacred: no output (the MP4, its side outputs, a saved project) may be a file the
work reads. Found by a tester: ``make --media clip.mp4 -o clip.mp4`` exited 0 and replaced the
user's clip with the render. Files are compared by inode, not by spelling."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from shortvid_desktop.cli import main
from shortvid_desktop.core.outputs import same_file

SMALL = ["--size", "180x320", "--fps", "24", "--quality", "draft"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def own_media(media, tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "mine"
    folder.mkdir()
    clip = folder / "clip.mp4"
    photo = folder / "photo.jpg"
    clip.write_bytes(media.video("sacred_clip.mp4", seconds=1.0).read_bytes())
    photo.write_bytes(media.image("sacred.jpg", size="320x240").read_bytes())
    return {"clip": clip, "photo": photo, "folder": folder}


def _make(media_args: list[str], out: str, capsys, *extra: str) -> tuple[int, str]:
    code = main(
        [
            "make",
            "--text",
            "One line. Two lines.",
            "--media",
            *media_args,
            "-o",
            out,
            *SMALL,
            *extra,
        ]
    )
    return code, capsys.readouterr().err


def test_output_naming_an_input_clip_is_refused_and_the_clip_kept(own_media, capsys) -> None:
    clip, photo = own_media["clip"], own_media["photo"]
    before = _digest(clip)
    code, err = _make([str(clip), str(photo)], str(clip), capsys)
    assert code == 2
    assert "clip.mp4" in err and "destroy" in err
    assert _digest(clip) == before


def test_other_spellings_and_links_of_an_input_are_the_same_file(own_media, capsys) -> None:
    clip, photo, folder = own_media["clip"], own_media["photo"], own_media["folder"]
    before = _digest(clip)
    (folder / "sub").mkdir()
    spelled = folder / "sub" / ".." / "clip.mp4"
    hard = folder / "hard.mp4"
    os.link(clip, hard)
    soft = folder / "soft.mp4"
    soft.symlink_to(clip)
    for out in (spelled, hard, soft):
        code, err = _make([str(clip), str(photo)], str(out), capsys)
        assert code == 2, out
        assert "destroy" in err
    assert _digest(clip) == before
    assert same_file(hard, clip) and same_file(soft, clip)


def test_a_side_output_naming_an_input_is_refused(own_media, capsys) -> None:
    # -o photo.mp4 --poster would write photo.jpg: the user's picture
    clip, photo = own_media["clip"], own_media["photo"]
    before = _digest(photo)
    out = photo.with_suffix(".mp4")
    code, err = _make([str(clip), str(photo)], str(out), capsys, "--poster")
    assert code == 2
    assert "photo.jpg" in err
    assert _digest(photo) == before
    assert not out.exists()


def test_render_refuses_an_asset_of_the_project_and_the_project_file(
    own_media, tmp_path, capsys
) -> None:
    clip, photo = own_media["clip"], own_media["photo"]
    project = tmp_path / "p.json"
    code, err = _make(
        [str(photo)], str(tmp_path / "first.mp4"), capsys, "--save-project", str(project)
    )
    assert code == 0, err
    before = _digest(photo)
    fake = photo.with_suffix(".mp4")  # an .mp4 hard link to the project's picture
    os.link(photo, fake)
    code = main(["render", str(project), "-o", str(fake), *SMALL])
    assert code == 2
    assert "picture of the project" in capsys.readouterr().err
    assert _digest(photo) == before
    assert clip.exists()


def test_saving_the_project_over_one_of_its_media_is_refused(own_media, tmp_path, capsys) -> None:
    clip, photo = own_media["clip"], own_media["photo"]
    before = _digest(clip)
    code, err = _make(
        [str(clip), str(photo)], str(tmp_path / "ok.mp4"), capsys, "--save-project", str(clip)
    )
    assert code == 2
    assert "clip.mp4" in err
    assert _digest(clip) == before
