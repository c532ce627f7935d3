"""The Session front door: script in, voices, timeline layout as one undo step, export, files."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.core.serial import to_dict
from shortvid_desktop.edits import TemplatePropertyCommand
from shortvid_desktop.session import Session, sample_music, sample_visuals


def tiny(session: Session) -> Session:
    with session.stack.transaction("Tiny canvas"):
        for path, value in (("width", 180), ("height", 320), ("fps", 15), ("quality", "draft")):
            session.stack.push(TemplatePropertyCommand(path, value))
    return session


def test_text_becomes_scenes_voices_and_a_timeline(media) -> None:
    s = Session.new()
    s.set_script_text(
        "Morning light fills the room. Coffee steams on the table. A quiet street waits outside.",
        language="en",
    )
    assert len(s.project.script.scenes) >= 1
    s.import_media([media.image("p1.png"), media.video("c1.mp4", seconds=3)])
    before = to_dict(s.project)
    depth = s.stack.index
    report = s.build_timeline()
    assert s.stack.index == depth + 1, "the whole layout is one undo step"
    tl = s.project.timeline
    voice = tl.track("voice")
    video = tl.track("video")
    assert voice is not None and video is not None
    assert len(voice.clips) == len([sc for sc in s.project.script.scenes if sc.narration])
    assert all(c.words for c in voice.clips), "voice clips carry word timings"
    assert set(report.voices.values()) == {"piper:en_US-joe-medium"}
    # visuals cover the timeline without gaps
    clips = video.sorted_clips()
    assert clips[0].start_us == 0
    for a, b in zip(clips, clips[1:], strict=False):
        assert b.start_us <= a.end_us
    assert clips[-1].end_us == tl.duration_us
    s.stack.undo()
    assert to_dict(s.project) == before


def test_import_mixed_folder_uses_good_files_and_lists_bad(media, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.png").write_bytes(media.image("m1.png").read_bytes())
    (folder / "copy.png").write_bytes(media.image("m1.png").read_bytes())  # duplicate content
    (folder / "clip.mp4").write_bytes(media.video("m2.mp4").read_bytes())
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    (folder / "broken.mp4").write_bytes(media.corrupt("m3.mp4").read_bytes())
    s = Session.new()
    result = s.import_media([folder])
    kinds = sorted(a.kind for a in s.project.assets.values())
    assert kinds == ["image", "video"]
    assert len(result.reused) == 1
    rejected = {p.name: reason for p, reason in result.rejected}
    assert set(rejected) == {"notes.txt", "broken.mp4"}
    assert all(reason for reason in rejected.values())
    s.stack.undo()
    assert s.project.assets == {}


def test_make_exports_a_small_video_and_records_history(tmp_path: Path) -> None:
    s = tiny(Session.new(title="Tiny"))
    s.set_script_text("Small test. Second sentence here.", language="en")
    s.use_samples()
    out = tmp_path / "tiny.mp4"
    result = s.make(out)
    assert result.path == out
    with av.open(str(out)) as c:
        assert c.streams.video[0].codec_context.width == 180
        assert c.streams.audio
    from shortvid_desktop.store import Store

    with Store() as store:
        rows = store.exports()
    assert rows and rows[0].status == "done" and rows[0].output_path == str(out)


def test_project_file_round_trip_and_bad_json(tmp_path: Path) -> None:
    s = Session.new(title="Round trip")
    s.set_script_text("One sentence only.", language="en")
    path = s.save_file(tmp_path / "p.json")
    assert s.stack.is_clean
    again = Session.load_file(path)
    assert to_dict(again.project) == to_dict(s.project)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["template"]["fps"] = "thirty"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BadInputError, match=r"template\.fps"):
        Session.load_file(bad)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(BadInputError, match="line 1"):
        Session.load_file(broken)


def test_empty_script_and_unknown_voice_are_bad_input() -> None:
    s = Session.new()
    with pytest.raises(BadInputError, match="empty"):
        s.set_script_text("   \n ")
    s.set_script_text("你好。今天天气很好。", language="zh")
    with pytest.raises(BadInputError, match="no voice"):
        s.voice_for("zh", "piper")
    with pytest.raises(BadInputError, match="nope"):
        s.voice_for("en", "nope:x")


def test_samples_exist() -> None:
    assert len(sample_visuals()) >= 5
    assert sample_music() is not None
