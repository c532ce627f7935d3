"""The shuttle keys (issue 15): L plays and doubles the speed, J runs backward, K stops,
Left/Right step one frame, I/O set In and Out (shown on the ruler) and Loop keeps playback
between them. Keys are QTest key clicks on the focused timeline; a text field keeps its letters.
Clips: c1 0-2 s and c2 2-4 s (video), c3 5-6 s (audio), at 15 fps."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtTest import QTest
from qt_helpers import timeline_session, wait_jobs

from shortvid_desktop.core.timebase import frame_time

PLAYING = QMediaPlayer.PlaybackState.PlayingState


def playing(preview) -> bool:
    player = preview.player()
    return player is not None and player.playbackState() == PLAYING


@pytest.fixture
def win(make_window, media, qtbot):
    w = make_window(timeline_session(media))
    w.timeline.setFocus()
    qtbot.waitUntil(w.isActiveWindow)  # shortcuts reach the window once it is active
    yield w
    w.preview.shuttle_stop()
    wait_jobs(qtbot, w)


def key(w, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(w.focusWidget() or w.timeline, k, mods)


def test_l_plays_then_2x_then_4x_and_k_stops(win, qtbot) -> None:
    preview = win.preview
    key(win, Qt.Key.Key_L)
    assert preview.playing() and preview.rate == 1.0
    key(win, Qt.Key.Key_L)
    assert preview.rate == 2.0
    qtbot.waitUntil(lambda: playing(preview), timeout=60_000)
    assert preview.player().playbackRate() == 2.0  # the player runs at the shuttle's speed
    key(win, Qt.Key.Key_L)
    assert preview.rate == 4.0 and preview.player().playbackRate() == 4.0
    key(win, Qt.Key.Key_L)
    assert preview.rate == 4.0  # 4x is the fastest
    key(win, Qt.Key.Key_K)
    assert not preview.playing() and preview.rate == 1.0
    qtbot.waitUntil(lambda: not playing(preview), timeout=5_000)
    # the next Play starts at 1x again
    key(win, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: playing(preview), timeout=60_000)
    assert preview.player().playbackRate() == 1.0
    key(win, Qt.Key.Key_K)


def test_j_runs_the_playhead_backward_and_k_stops_it(win, qtbot) -> None:
    preview = win.preview
    win.playhead.set(3_000_000)
    key(win, Qt.Key.Key_J)
    assert preview.shuttling_backward() and preview.reverse_rate == 1.0
    qtbot.waitUntil(lambda: win.playhead.position < 2_900_000, timeout=10_000)
    key(win, Qt.Key.Key_J)
    assert preview.reverse_rate == 2.0
    key(win, Qt.Key.Key_K)
    assert not preview.shuttling_backward() and not preview.playing()
    stopped = win.playhead.position
    assert 0 < stopped < 3_000_000
    # the preview showed the frames on the way (composed, as the export)
    qtbot.waitUntil(lambda: not preview.busy(), timeout=30_000)
    assert abs(preview.shown_t - stopped) < frame_time(1, 15)  # that frame (cached frames
    # carry the time first asked of them)
    # L while running backward plays forward
    key(win, Qt.Key.Key_J)
    key(win, Qt.Key.Key_L)
    assert not preview.shuttling_backward() and preview.playing()
    key(win, Qt.Key.Key_K)


def test_left_and_right_step_exactly_one_frame(win) -> None:
    win.playhead.set(1_000_000)  # frame 15 at 15 fps
    key(win, Qt.Key.Key_Right)
    assert win.playhead.position == frame_time(16, 15)
    key(win, Qt.Key.Key_Left)
    key(win, Qt.Key.Key_Left)
    assert win.playhead.position == frame_time(14, 15)
    # from the preview too
    win.preview.setFocus()
    key(win, Qt.Key.Key_Right)
    assert win.playhead.position == frame_time(15, 15)


def test_in_out_and_loop_keep_playback_inside_the_range(win, qtbot) -> None:
    preview, ruler = win.preview, win.timeline_panel.ruler
    win.playhead.set(1_000_000)
    key(win, Qt.Key.Key_I)
    win.playhead.set(2_000_000)
    key(win, Qt.Key.Key_O)
    assert (preview.in_us, preview.out_us) == (1_000_000, 2_000_000)
    assert (ruler.in_us, ruler.out_us) == (1_000_000, 2_000_000)  # shown on the ruler
    assert "00:01.000" in ruler.toolTip() and "00:02.000" in ruler.toolTip()
    key(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Loop on
    assert win.act_loop.isChecked() and preview.loop and ruler.loop
    win.playhead.set(3_500_000)  # outside the range: Play starts at In
    seen: list[int] = []
    key(win, Qt.Key.Key_L)
    assert win.playhead.position == 1_000_000
    win.playhead.moved.connect(seen.append)
    qtbot.waitUntil(lambda: playing(preview), timeout=60_000)
    # it reaches Out and starts again at In
    qtbot.waitUntil(
        lambda: any(b < a for a, b in zip(seen, seen[1:], strict=False)), timeout=20_000
    )
    key(win, Qt.Key.Key_K)
    win.playhead.moved.disconnect(seen.append)
    assert seen and all(1_000_000 <= t < 2_000_000 for t in seen), seen
    # an In after the Out drops the Out
    win.playhead.set(3_000_000)
    key(win, Qt.Key.Key_I)
    assert (preview.in_us, preview.out_us) == (3_000_000, None)


def test_keys_typed_in_a_text_field_stay_there(win, qtbot) -> None:
    editor = win.scenes_panel.editor
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    win.playhead.set(1_000_000)
    for k in (Qt.Key.Key_J, Qt.Key.Key_K, Qt.Key.Key_L, Qt.Key.Key_I, Qt.Key.Key_O):
        QTest.keyClick(editor, k)
    QTest.keyClick(editor, Qt.Key.Key_Right)
    assert editor.toPlainText().endswith("jklio")
    assert not win.preview.playing() and not win.preview.shuttling_backward()
    assert win.preview.in_us is None and win.preview.out_us is None
    assert win.playhead.position == 1_000_000
