"""Panels: preview (latest request wins, playback), media actions and relink, script from a
topic, re-voicing only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from qt_helpers import timeline_session, wait_jobs

from shortvid_desktop.core.timebase import frame_time


def test_preview_latest_request_wins_and_plays(make_window, qtbot, media) -> None:
    window = make_window(timeline_session(media))
    preview = window.preview
    qtbot.waitUntil(lambda: not preview.busy(), timeout=30_000)
    started = preview.jobs_started
    times = [frame_time(n, 15) for n in (3, 9, 15, 21, 27, 33)]
    with qtbot.waitSignal(preview.frame_shown, timeout=30_000):
        for t in times:  # scrubbing: six requests while the first renders
            window.playhead.set(t)
    qtbot.waitUntil(lambda: not preview.busy(), timeout=30_000)
    # only the newest: the exact frame is asked for once the playhead rests (issue 15)
    assert preview.jobs_started - started == 1
    assert preview.shown_t == times[-1]
    # Play moves the playhead on its own; Pause stops it
    window.playhead.set(0)
    window.act_play.trigger()
    assert preview.playing()
    qtbot.waitUntil(lambda: window.playhead.position > 200_000, timeout=10_000)
    window.act_play.trigger()
    assert not preview.playing()
    wait_jobs(qtbot, window)


def test_media_actions_and_relink(make_window, qtbot, media, tmp_path: Path) -> None:
    window = make_window(timeline_session(media))
    project = window.session.project
    tone = next(a for a in project.assets.values() if a.kind == "audio")
    pic = next(a for a in project.assets.values() if a.kind == "image")
    window.on_media_action("music", [tone.id])
    assert project.music_asset_id == tone.id
    window.playhead.set(6_000_000)
    window.on_media_action("timeline", [pic.id])
    # the video track is magnetic (issue 15): past its end, the picture goes in after the last
    assert [c.start_us for c in project.timeline.track("video").sorted_clips()][-1] == 4_000_000
    window.on_media_action("remove", [pic.id])  # in use: refused, and said why
    assert pic.id in project.assets and "in use" in window.messages.toPlainText()
    # a moved file is marked missing and relinked
    moved = tmp_path / "moved.png"
    shutil.copy(pic.path, moved)
    original = pic.path
    Path(original).rename(tmp_path / "gone.png")
    try:
        window._refresh()
        window.timeline.sync()
        window.media_panel.filter.setCurrentIndex(window.media_panel.filter.findData("missing"))
        assert window.media_panel.visible_ids() == [pic.id]
        assert window.timeline.clip_item("c1").missing
        assert window.relink(pic.id, str(moved))
        assert project.assets[pic.id].path == str(moved)
        assert not window.timeline.clip_item("c1").missing
        assert window.media_panel.visible_ids() == []
        window.act_undo.trigger()
        assert project.assets[pic.id].path == original
    finally:
        (tmp_path / "gone.png").rename(original)
    wait_jobs(qtbot, window)


def test_script_from_a_topic_without_a_provider(window, qtbot) -> None:
    with qtbot.waitSignal(window.build.script_ready, timeout=30_000):
        window.scenes_panel.topic.setText("Why cats purr")
        window.scenes_panel.generate_button.click()
    assert window.session.project.script.scenes
    assert "offline" in window.messages.toPlainText()  # the user is told no AI wrote it
    assert window.act_undo.text().endswith("Generate script")
    window.act_undo.trigger()
    assert not window.session.project.script.scenes


def test_revoice_changes_only_the_edited_scene(window, qtbot) -> None:
    text = (
        "First sentence here is quite long indeed. Second sentence is also rather long. "
        "Third sentence adds more. Fourth one ends it now."
    )
    with qtbot.waitSignal(window.build.built, timeout=120_000):
        window.build.split_text(text, "en", then=lambda: window.build.build())
    project = window.session.project
    voice = project.timeline.track("voice")
    assert voice is not None and len(voice.clips) >= 2
    before = {c.scene_id: project.assets[c.asset_id].path for c in voice.clips}
    video_before = [(c.id, c.start_us) for c in project.timeline.track("video").clips]
    first = project.script.scenes[0]
    model = window.scenes_panel.model
    assert model.setData(model.index(0, 0), "Short now.")
    with qtbot.waitSignal(window.build.built, timeout=120_000):
        window.scenes_panel.revoice_button.click()
    voice = project.timeline.track("voice")
    after = {c.scene_id: project.assets[c.asset_id].path for c in voice.clips}
    assert after[first.id] != before[first.id]
    others = [sid for sid in before if sid != first.id]
    assert others and all(after[s] == before[s] for s in others)
    # the rest of the timeline (the user's own edits) is untouched
    assert [(c.id, c.start_us) for c in project.timeline.track("video").clips] == video_before
    assert "Re-voiced 1 scene" in window.messages.toPlainText()
    wait_jobs(qtbot, window)
