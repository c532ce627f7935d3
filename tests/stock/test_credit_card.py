"""The end-card credit line: `make --credit-card` draws "Video by X on Pexels" over the last
2 s (the .ass says so, and the last second's frames differ from the same video without it in
the credit area, and only there); the lines are compact and CJK author names are drawn."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from shortvid_desktop.cli import main
from shortvid_desktop.core.model import Asset, Project, Scene, Script
from shortvid_desktop.stock import end_card_text

TINY = ["--size", "180x320", "--fps", "24", "--quality", "draft", "--no-music", "--subtitles"]


def _last_frame(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    return frames[-4].astype(int)  # inside the last second


def test_credit_card_draws_the_credits_over_the_end(stock_server, keys, tmp_path, capsys):
    outs = {}
    for name, extra in (("plain", []), ("credited", ["--credit-card"])):
        out = tmp_path / f"{name}.mp4"
        code = main(
            ["make", "--text", "Red boats sail on the wide sea.", "--visuals", "pexels"]
            + ["-o", str(out), *TINY, *extra]
        )
        assert code == 0, capsys.readouterr().err
        outs[name] = out
    ass = outs["credited"].with_suffix(".ass").read_text(encoding="utf-8")
    assert "Style: Credits," in ass
    [line] = [x for x in ass.splitlines() if ",Credits," in x and x.startswith("Dialogue")]
    assert line.endswith("Video by filmer1 on Pexels")
    assert "Video by" not in outs["plain"].with_suffix(".ass").read_text(encoding="utf-8")
    plain, credited = _last_frame(outs["plain"]), _last_frame(outs["credited"])
    changed = np.abs(plain - credited).sum(axis=2) > 60
    bottom, rest = changed[240:].sum(), changed[80:240].sum()  # (the clip's timer is at the top)
    assert bottom > 200, "the credit line changed no pixels in the credit area"
    assert rest < bottom / 20  # the rest of the picture is the same
    assert (tmp_path / "credited.credits.txt").is_file()


def test_end_card_lines_are_compact_and_mark_ai_pictures() -> None:
    assets = {
        "a": Asset(id="a", path="/a.mp4", kind="video", source_provider="pexels", author="Ann"),
        "b": Asset(id="b", path="/b.jpg", kind="image", source_provider="pexels", author="Ann"),
        "c": Asset(
            id="c",
            path="/c.jpg",
            kind="image",
            source_provider="openverse",
            author="小明",
            licence="CC BY 2.0 (https://creativecommons.org/licenses/by/2.0/)",
        ),
        "d": Asset(id="d", path="/d.png", kind="image", source_provider="ai:openai"),
        "e": Asset(id="e", path="/e.mp4", kind="video", source_provider="pexels", author="Ann"),
    }
    assets["d"].ai_generated = True
    project = Project(assets=assets)
    project.script = Script(scenes=[Scene(media=list(assets))])
    assert end_card_text(project).splitlines() == [
        "Video and Photo by Ann on Pexels",
        "Photo by 小明 on Openverse (CC BY 2.0)",
        "Images: AI-generated",
    ]
    assert end_card_text(Project()) == ""
