"""Headless helpers behind the window: OTIO, templates, subtitles, autosave and recovery."""

from __future__ import annotations

import json

import pytest

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.core.model import Asset, Clip, Template, Timeline, Track, Transition
from shortvid_desktop.edits import ProjectPropertyCommand
from shortvid_desktop.render.otio_export import write_otio
from shortvid_desktop.session import Session, builtin_templates
from shortvid_desktop.session.autosave import discard, recover, recoverable, save_revision
from shortvid_desktop.session.exports import free_path, subtitles_text, suggest_name
from shortvid_desktop.session.templates import (
    duplicate,
    import_template,
    load_templates,
    sample_project,
    template_from_json,
    template_to_json,
    unique_name,
)
from shortvid_desktop.store import Store


def _crossfade_project(tmp_path) -> Session:
    s = Session.new(title="Otio")
    s.project.template.fps = 25
    a = tmp_path / "a.png"
    b = tmp_path / "b.png"
    a.write_bytes(b"a")
    b.write_bytes(b"b")
    s.project.assets = {
        "as_a": Asset(id="as_a", path=str(a), kind="image"),
        "as_b": Asset(id="as_b", path=str(b), kind="image"),
    }
    s.project.timeline = Timeline(
        tracks=[
            Track(
                id="tv",
                kind="video",
                name="Video",
                clips=[
                    Clip(id="c1", asset_id="as_a", start_us=0, duration_us=2_400_000),
                    Clip(
                        id="c2",
                        asset_id="as_b",
                        start_us=2_000_000,
                        duration_us=2_000_000,
                        transition_in=Transition("fade", 400_000),
                    ),
                    Clip(id="c3", asset_id="as_a", start_us=5_000_000, duration_us=1_000_000),
                ],
            ),
            Track(
                id="to",
                kind="overlay",
                name="Text",
                clips=[Clip(id="t", start_us=1_000_000, text="Hi")],
            ),
        ]
    )
    return s


def test_otio_document_describes_clips_gaps_and_transitions(tmp_path) -> None:
    otio = pytest.importorskip("opentimelineio")
    s = _crossfade_project(tmp_path)
    out = write_otio(s.project, tmp_path / "t.otio")
    tl = otio.adapters.read_from_file(str(out))
    video = tl.tracks[0]
    assert [type(c).__name__ for c in video] == ["Clip", "Transition", "Clip", "Gap", "Clip"]
    first, trans, second, gap, _third = video
    assert first.source_range.duration.value == 55  # 2.2 s at 25 fps: cut mid-overlap
    assert trans.in_offset.value == 5 and trans.out_offset.value == 5
    assert second.source_range.start_time.value == 5
    assert gap.source_range.duration.value == 25
    text = tl.tracks[1]
    assert type(text[0]).__name__ == "Gap" and text[1].metadata["shortvid"]["text"] == "Hi"
    assert video.duration().to_seconds() == pytest.approx(6.0)
    assert first.media_reference.target_url.startswith("file://")


def test_template_json_names_and_sample(tmp_path) -> None:
    builtin = builtin_templates()[0]
    assert unique_name("A", {"A", "A copy"}) == "A copy 2"
    copy = duplicate(builtin, [builtin.name])
    assert not copy.builtin and copy.name == f"{builtin.name} copy"
    text = template_to_json(copy)
    assert template_from_json(text).name == copy.name
    with pytest.raises(BadInputError, match="caption.size"):
        data = json.loads(text)
        data["caption"]["size"] = 1
        template_from_json(json.dumps(data), "t.json")
    with pytest.raises(BadInputError, match="width"):
        data = json.loads(text)
        data["width"] = 181
        template_from_json(json.dumps(data))
    with pytest.raises(BadInputError, match="not valid JSON"):
        template_from_json("{", "bad.json")
    f = tmp_path / "mine.json"
    f.write_text(text, encoding="utf-8")
    with Store() as store:
        names = [t.name for t in load_templates(store)]
        assert builtin.name in names
        a = import_template(f, store)
        b = import_template(f, store)
        assert a.name == copy.name and b.name == f"{copy.name} imported"
    sample = sample_project(Template(width=180, height=320))
    assert sample.timeline.duration_us > 0 and sample.template.width == 180


def test_subtitles_names_and_paths(tmp_path) -> None:
    assert suggest_name('My: "video"/1') == "My video 1.mp4"
    assert suggest_name("  ") == "video.mp4"
    assert suggest_name("中文 标题") == "中文 标题.mp4"
    (tmp_path / "a.mp4").write_bytes(b"")
    assert free_path(tmp_path, "a.mp4").name == "a (2).mp4"
    s = _crossfade_project(tmp_path)
    with pytest.raises(BadInputError, match="no captions"):
        subtitles_text(s.project, "srt")


def test_autosave_then_recover_or_discard() -> None:
    s = Session.new(title="Draft")
    s.stack.push(ProjectPropertyCommand(title="Edited"))
    save_revision(s.project)
    items = recoverable()
    assert [i.title for i in items] == ["Edited"]
    back = recover(items[0])
    assert back.project.title == "Edited" and not back.stack.is_clean
    assert discard(items[0]) == 1
    assert recoverable() == []
