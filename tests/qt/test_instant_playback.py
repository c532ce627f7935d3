"""Instant playback (issue 15): after an edit Play starts without waiting for the pieces the edit
touched (they render in the background; only they render again) and what it shows comes from
the new project; scrubbing on the ruler shows the nearest ready small frame in the same event,
then the exact composed frame. Clips: c1 red 0-2 s, c2 blue 2-4 s, a tone 5-6 s, at 15 fps on a
180x320 canvas, the project's title over the middle (pieces [0, 30), [30, 60) and [60, 90)
frames; small frames are 90x160)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from qt_helpers import timeline_session, wait_jobs

from shortvid_desktop.edits import AssetAddCommand, ClipPropertyCommand
from shortvid_desktop.media import asset_from_path


def hue(color: QColor) -> str:
    r, g, b = color.red(), color.green(), color.blue()
    if r > 150 and g < 90 and b < 90:
        return "red"
    if g > 150 and r < 90 and b < 90:
        return "green"
    if b > 150 and r < 90 and g < 90:
        return "blue"
    return f"other{(r, g, b)}"


def image_hue(image) -> str:
    """The colour near the top-left corner of a frame (the middle holds the project's title)."""
    return hue(image.pixelColor(image.width() // 20, image.height() // 20))


def shown_hue(preview) -> str:
    """The same spot of the preview as it is on screen (a grab of the widget, where the frame
    is drawn letterboxed)."""
    view, image = preview.view, preview.view.image
    shot = view.grab().toImage()
    s = min(view.width() / image.width(), view.height() / image.height())
    w, h = image.width() * s, image.height() * s
    x0, y0 = (view.width() - w) / 2, (view.height() - h) / 2
    ratio = shot.width() / max(1, view.width())
    x, y = (x0 + w / 20 + 1) * ratio, (y0 + h / 20 + 1) * ratio
    return hue(shot.pixelColor(round(x), round(y)))


@pytest.fixture
def win(make_window, media, qtbot):
    w = make_window(timeline_session(media))
    qtbot.waitUntil(w.preview.scheduler.idle, timeout=60_000)  # pieces of the opened project
    yield w
    w.preview.shuttle_stop()
    wait_jobs(qtbot, w)


def test_play_after_an_edit_starts_at_once_and_shows_the_new_project(win, qtbot, media) -> None:
    preview, scheduler = win.preview, win.preview.scheduler
    playback = scheduler.playback
    before = list(playback.rendered)
    green = asset_from_path(media.image("ip_green.png", color="0x00FF00"))
    win.bridge.push(AssetAddCommand(green))
    win.bridge.push(ClipPropertyCommand("c1", asset_id=green.id))  # red -> green
    # Play from In to Out (c1), looping, right after the edit
    win.playhead.set(0)
    preview.set_in_point()
    win.playhead.set(2_000_000)
    preview.set_out_point()
    preview.set_loop(True)
    shown: list[str] = []
    real_set_image = preview.view.set_image

    def record(image) -> None:
        if image is not None and preview.playing():
            shown.append(image_hue(image))
        real_set_image(image)

    preview.view.set_image = record
    win.act_play.trigger()
    assert preview.playing()  # at once: the edited piece has not rendered yet
    assert not scheduler.idle() and (0, 30) not in playback.rendered[len(before) :]
    with qtbot.waitSignal(preview.playback_started, timeout=30_000):
        pass  # its first frame: a quick composed one, or the piece if it landed already
    assert preview.frames_played >= 1
    qtbot.waitUntil(lambda: (0, 30) in playback.rendered[len(before) :], timeout=60_000)
    qtbot.waitUntil(lambda: preview.play_source == "piece", timeout=30_000)
    qtbot.waitUntil(lambda: shown_hue(preview) == "green", timeout=10_000)
    assert preview.playing() and 0 <= win.playhead.position < 2_000_000
    assert shown and set(shown) == {"green"}, shown  # never a frame of the old project
    # only the piece the edit touched rendered again; the sound was kept
    qtbot.waitUntil(scheduler.idle, timeout=60_000)
    assert playback.rendered[len(before) :] == [(0, 30)]
    assert playback.sounds_rendered == 1
    win.act_play.trigger()
    assert not preview.playing()


def test_scrubbing_on_the_ruler_shows_a_frame_at_once_then_the_exact_one(win, qtbot) -> None:
    preview, ruler, view = win.preview, win.timeline_panel.ruler, win.timeline
    qtbot.waitUntil(lambda: not preview.busy(), timeout=30_000)

    def x_of(t_us: int) -> QPoint:
        x = view.x_of(t_us) - view.horizontalScrollBar().value()
        return QPoint(round(x), ruler.height() // 2)

    QTest.mousePress(
        ruler, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, x_of(3_000_000)
    )
    # in the same event: the nearest ready small frame (c2, blue), not yet the exact one
    assert abs(win.playhead.position - 3_000_000) < 100_000
    image = preview.view.image
    assert (image.width(), image.height()) == (90, 160) and image_hue(image) == "blue"
    assert shown_hue(preview) == "blue"
    # dragging back over c1: each move shows a small red frame at once
    for t in (2_500_000, 1_500_000, 1_000_000):
        QTest.mouseMove(ruler, x_of(t))
        assert preview.view.image.width() == 90 and image_hue(preview.view.image) == (
            "blue" if t >= 2_000_000 else "red"
        )
    QTest.mouseRelease(
        ruler, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, x_of(1_000_000)
    )
    # then the exact composed frame at the playhead replaces it
    qtbot.waitUntil(lambda: preview.view.image.width() == 180, timeout=30_000)
    assert preview.view.image.height() == 320 and image_hue(preview.view.image) == "red"
    assert abs(preview.shown_t - win.playhead.position) < 1_000_000 // 15
    assert shown_hue(preview) == "red"
    qtbot.waitUntil(lambda: not preview.busy(), timeout=30_000)
    assert preview.view.image.width() == 180 and image_hue(preview.view.image) == "red"


def test_an_edit_renders_in_the_background_without_play(win, qtbot, media) -> None:
    preview, scheduler = win.preview, win.preview.scheduler
    before = list(scheduler.playback.rendered)
    green = asset_from_path(media.image("ip_green.png", color="0x00FF00"))
    win.bridge.push(AssetAddCommand(green))
    win.bridge.push(ClipPropertyCommand("c2", asset_id=green.id))  # blue -> green
    assert scheduler.map is None  # the old cut is stale at once: no old small frames shown
    qtbot.waitUntil(scheduler.idle, timeout=60_000)
    assert not preview.playing()
    again = scheduler.playback.rendered[len(before) :]
    assert (30, 60) in again and (0, 30) not in again  # c2's piece, not c1's
    # the small frames are of the new project
    frame = scheduler.nearest_frame(3_000_000)
    assert frame is not None
    from shortvid_desktop.qt.playback import strip_image

    assert image_hue(strip_image(frame)) == "green"
