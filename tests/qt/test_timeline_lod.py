"""The timeline at many clips: zoomed out to fit, every clip still shows (the far-out look draws
plain bars), and after a zoom, which lays out only the clips near the screen, every clip is
where it belongs wherever the view is scrolled (no clip drawn where the model has a gap)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage

from shortvid_desktop.core.model import Clip, Project, Timeline, Track
from shortvid_desktop.session import Session, default_template

N = 300
D = 2_000_000  # each clip 2 s, then a 2 s gap (fit: 1.2 px a second, the slowest zoom is 1)


def _panel_of(qtbot, clips: list[Clip]):
    """A 1600x300 timeline panel on a project of ``clips`` on one video track."""
    from shortvid_desktop.qt.state import Playhead
    from shortvid_desktop.qt.timeline import TimelinePanel
    from shortvid_desktop.qt.undo import UndoBridge

    video = Track(kind="video", name="Video")
    video.clips = clips
    project = Project(title="many clips", template=default_template())
    project.timeline = Timeline(tracks=[video])
    session = Session(project)
    p = TimelinePanel(lambda: session.project, UndoBridge(session.stack), Playhead())
    qtbot.addWidget(p)
    p.resize(1600, 300)
    p.show()
    qtbot.waitExposed(p)
    return p


@pytest.fixture
def panel(qtbot):
    return _panel_of(qtbot, [Clip(id=f"k{i}", start_us=2 * i * D, duration_us=D) for i in range(N)])


def _is_clip(c: QColor) -> bool:  # the video clips are blue; the lanes are grey
    return c.blue() - c.red() > 40


def _grab(view) -> QImage:
    return view.viewport().grab().toImage()


def _lane_y(view) -> int:
    lane = next(lane for lane in view.lanes if lane.kind == "video")
    return round(view.mapFromScene(QPointF(0, lane.y + lane.h / 2)).y())


def _screen_x(view, t_us: int) -> float:
    return view.mapFromScene(QPointF(view.x_of(t_us), 0)).x()


def _check_visible(view, gaps: bool) -> int:
    """Every clip whose span is on screen shows its colour there; with ``gaps`` the middle of
    each gap after a clip shows none. Returns how many clips were on screen."""
    img, y, width = _grab(view), _lane_y(view), view.viewport().width()
    seen = 0
    for i in range(N):
        x0, x1 = _screen_x(view, 2 * i * D), _screen_x(view, (2 * i + 1) * D)
        if x1 < 0 or x0 >= width - 1:
            continue
        cols = range(max(0, int(x0)), min(width, int(x1) + 1))
        assert any(_is_clip(img.pixelColor(x, y)) for x in cols), f"clip k{i} not drawn"
        seen += 1
        if gaps:
            g = int((_screen_x(view, (2 * i + 1) * D) + _screen_x(view, (2 * i + 2) * D)) / 2)
            if 0 <= g < width:
                assert not _is_clip(img.pixelColor(g, y)), f"a clip drawn in the gap after k{i}"
    return seen


def test_fit_all_shows_every_clip(panel) -> None:
    view = panel.view
    view.zoom_fit()
    assert view.x_of(D) < 4  # the far-out look (plain bars)
    assert _check_visible(view, gaps=False) == N


def test_zoom_in_and_scroll_every_clip_in_place(panel) -> None:
    view = panel.view
    view.zoom_fit()
    view.set_zoom(60.0, anchor_x=view.viewport().width() / 2)
    bar = view.horizontalScrollBar()
    seen = 0
    for value in (0, bar.maximum() // 3, bar.maximum() // 3 + 500, bar.maximum()):
        bar.setValue(value)
        seen += _check_visible(view, gaps=True)
    assert seen > 10
    view.set_zoom(20.0)  # out again, from the far end
    assert _check_visible(view, gaps=True) > 10
    view.zoom_fit()
    assert _check_visible(view, gaps=False) == N


def test_zoom_leaves_the_rest_to_idle_time_then_every_clip_in_place(panel, qtbot) -> None:
    """A zoom lays out only what is near the screen; the event loop lays out the rest in
    slices while idle, so a later scroll far away finds every clip already in place."""
    view = panel.view
    view.zoom_fit()
    view.set_zoom(60.0, anchor_x=view.viewport().width() / 2)
    assert view.layout_pending()  # most clips are far away: left for idle time
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=10_000)
    for i in (0, N // 2, N - 1):  # laid out where they belong (no layout_all on the way)
        item = view._clips[f"k{i}"]
        assert item.x() == pytest.approx(view.x_of(2 * i * D))
        assert item.boundingRect().width() == pytest.approx(view.x_of(D))
    bar = view.horizontalScrollBar()
    for value in (0, bar.maximum() // 2, bar.maximum()):
        bar.setValue(value)
        assert _check_visible(view, gaps=True) > 3


def test_transition_handles_hidden_far_out_and_placed_when_zoomed_in(qtbot) -> None:
    # 3 s clips, each starting 0.5 s before the last one ends (a crossfade each)
    clips = [Clip(id=f"c{i}", start_us=i * 2_500_000, duration_us=3_000_000) for i in range(N)]
    for c in clips[1:]:
        c.transition_in.kind = "fade"
    p = _panel_of(qtbot, clips)
    view = p.view
    view.zoom_fit()
    handles = [view._transitions[f"c{i}"] for i in range(1, N)]
    # too small to grab at fit: none shows on the screen at once (those far away from it are
    # hidden in idle time, as they are not seen before)
    screen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert not any(h.isVisible() and h.sceneBoundingRect().intersects(screen) for h in handles)
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=10_000)
    assert not any(h.isVisible() for h in handles)
    view.set_zoom(60.0, anchor_x=0)
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=10_000)
    for i in (1, N // 2, N - 1):
        h = view._transitions[f"c{i}"]
        assert h.isVisible() and h.kind == "fade"
        assert h.x() == pytest.approx(view.x_of(i * 2_500_000))  # over the overlap
        assert h.boundingRect().width() == pytest.approx(view.x_of(500_000))


# ----------------------------------------------------------------------------- tiny bars
def _tiny_items(view):
    return [it for it in view._clips.values() if it.tiny]


def test_tiny_bars_drawn_in_one_pass_where_the_items_would_draw_them(panel, qtbot) -> None:
    """Zoomed out to fit, the clips are tiny: the BarsItem draws them all, the items draw
    nothing (Qt never calls their paint). The picture is the one the items would make."""
    from PySide6.QtWidgets import QGraphicsItem

    view = panel.view
    view.zoom_fit()
    view.set_selection(["k7", "k150"])
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=10_000)
    tiny = _tiny_items(view)
    assert len(tiny) == N
    no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    assert all(it.flags() & no_contents for it in tiny)
    view.viewport().repaint()
    ours = _grab(view)
    # the same view with every clip drawing its own bar
    view.bars.setVisible(False)
    for it in tiny:
        it.setFlag(no_contents, False)
    view.viewport().repaint()
    theirs = _grab(view)
    assert ours == theirs
    # and the selected ones are yellow
    y = _lane_y(view)
    for i in (7, 150):
        x = int((_screen_x(view, 2 * i * D) + _screen_x(view, (2 * i + 1) * D)) / 2)
        c = ours.pixelColor(x, y)
        assert (c.red(), c.green(), c.blue()) == (0xFF, 0xD4, 0x00), f"k{i} not drawn selected"


def test_click_on_a_tiny_bar_selects_its_clip_right_after_the_zoom(panel, qtbot) -> None:
    """A press through the viewport on a bar (the zoom has left most items where they were:
    idle time has not run) selects that clip, and its bar turns yellow."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    view = panel.view
    view.set_zoom(60.0)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    view.zoom_fit()
    assert view.layout_pending()  # far items not laid out yet
    y = _lane_y(view)
    for i in (3, 200, N - 2):
        x = round((_screen_x(view, 2 * i * D) + _screen_x(view, (2 * i + 1) * D)) / 2)
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        assert view.selected == [f"k{i}"]
        qtbot.wait(30)  # the event loop repaints the bar
        c = _on_screen(view).pixelColor(x, y)
        assert (c.red(), c.green(), c.blue()) == (0xFF, 0xD4, 0x00)
    # a click in a gap selects nothing
    g = round((_screen_x(view, 201 * D) + _screen_x(view, 202 * D)) / 2)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(g, y))
    assert view.selected == []


def test_hover_over_a_tiny_bar_finds_its_clip(panel, qtbot) -> None:
    """The mouse over a bar right after a zoom: the item under it is that clip's (the bars'
    own item is never under the mouse), as tooltips and the edge cursor need."""
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from shortvid_desktop.qt.timeline.items import ClipItem

    view = panel.view
    view.zoom_fit()
    y = _lane_y(view)
    for i in (0, 123, N - 1):
        x = round((_screen_x(view, 2 * i * D) + _screen_x(view, (2 * i + 1) * D)) / 2)
        # the move as an event to the viewport itself: QTest.mouseMove goes through the
        # window system's pointer, which a window an earlier test left open can take
        point = QPointF(x, y)
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            point,
            view.viewport().mapToGlobal(point),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(view.viewport(), move)
        assert not view.layout_pending()
        under = [it for it in view.items(QPoint(x, y)) if it is not None]
        assert view.bars not in under
        assert [it.clip_id for it in under if isinstance(it, ClipItem)] == [f"k{i}"]
        assert view.itemAt(QPoint(x, y)).clip_id == f"k{i}"


def _on_screen(view) -> QImage:
    """What the window shows (its backing store), not a fresh rendering as ``grab()`` makes:
    a region the view failed to repaint shows there as it was."""
    from PySide6.QtCore import QPoint

    vp = view.viewport()
    top = vp.mapTo(vp.window(), QPoint(0, 0))
    screen = vp.window().windowHandle().screen()
    shot = screen.grabWindow(vp.window().winId(), top.x(), top.y(), vp.width(), vp.height())
    return shot.toImage()


def test_an_edit_repaints_the_clip_where_it_was_and_is(panel, qtbot) -> None:
    """A sync after an edit repaints only what changed (no whole repaint): on screen the moved
    clip shows at its new place and nothing at its old one, zoomed in and zoomed out to bars."""
    from shortvid_desktop.edits import ClipMoveCommand

    view = panel.view
    bridge = view.bridge
    y = _lane_y(view)
    for zoom in (60.0, None):
        if zoom is None:
            view.zoom_fit()
        else:
            view.set_zoom(zoom)
            view.horizontalScrollBar().setValue(0)
        qtbot.waitUntil(lambda: not view.layout_pending(), timeout=10_000)
        view.viewport().repaint()
        qtbot.wait(20)
        clip = view.clip_model("k2")
        was = clip.start_us
        assert bridge.push(ClipMoveCommand("k2", was + D))  # into the gap after it
        qtbot.wait(50)  # the event loop paints what changed
        img = _on_screen(view)
        old_x = round(_screen_x(view, was + D // 4))
        new_x = round(_screen_x(view, was + D + D * 3 // 4))
        assert not _is_clip(img.pixelColor(old_x, y)), "the clip still drawn where it was"
        assert _is_clip(img.pixelColor(new_x, y)), "the clip not drawn where it is"
        assert bridge.push(ClipMoveCommand("k2", was))
        qtbot.wait(50)
        img = _on_screen(view)
        assert _is_clip(img.pixelColor(old_x, y)) and not _is_clip(img.pixelColor(new_x, y))


def test_selection_from_elsewhere_repaints_the_tiny_bar(panel, qtbot) -> None:
    """A clip selected from outside the timeline (the scene list, the inspector): its bar turns
    yellow on screen, and back when it is deselected."""
    view = panel.view
    view.zoom_fit()
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=10_000)
    view.viewport().repaint()
    y = _lane_y(view)
    x = round((_screen_x(view, 2 * 40 * D) + _screen_x(view, (2 * 40 + 1) * D)) / 2)
    for chosen, yellow in ((["k40"], True), ([], False)):
        view.set_selection(chosen)
        qtbot.wait(30)
        c = _on_screen(view).pixelColor(x, y)
        assert ((c.red(), c.green(), c.blue()) == (0xFF, 0xD4, 0x00)) == yellow
        assert _is_clip(c) != yellow


def test_an_edit_syncs_the_view_once_even_when_the_saved_state_flips(panel, qtbot) -> None:
    """The first edit after a save also flips the saved state (a 'clean' event of its own):
    the view reads the project once for it, not twice (each sync walks every clip)."""
    from shortvid_desktop.edits import ClipMoveCommand

    view = panel.view
    view.bridge.stack.set_clean()
    before = view.sync_count
    assert view.bridge.push(ClipMoveCommand("k5", view.clip_model("k5").start_us + D // 2))
    assert not view.bridge.stack.is_clean
    assert view.sync_count == before + 1
    x = round(_screen_x(view, view.clip_model("k5").start_us + D // 4))
    qtbot.wait(30)
    assert _is_clip(_on_screen(view).pixelColor(x, _lane_y(view)))


def test_items_away_from_the_screen_have_no_contents_until_scrolled_near(panel, qtbot) -> None:
    """Zoomed in, only the items near the screen draw (Qt passes over the others at every
    paint); a scroll there gives them contents before they show, and they are drawn."""
    from PySide6.QtWidgets import QGraphicsItem

    view = panel.view
    no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    view.set_zoom(60.0)
    view.horizontalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=10_000)
    far = view._clips[f"k{N - 1}"]
    assert far.flags() & no_contents and not far.tiny
    drawing = [it for it in view._clips.values() if not it.flags() & no_contents]
    assert 0 < len(drawing) < N // 4
    bar = view.horizontalScrollBar()
    for value in range(0, bar.maximum() + 1, 700):  # scroll steps a person makes
        bar.setValue(value)
    bar.setValue(bar.maximum())
    assert not far.flags() & no_contents
    assert _check_visible(view, gaps=True) > 3
    assert view._clips["k0"].flags() & no_contents  # the start is away now


def test_after_edits_the_screen_shows_what_a_fresh_paint_would(qtbot) -> None:
    """A sync repaints only what changed: after each edit (a move across a scene boundary, a
    transition added, a clip removed, undo), zoomed in and zoomed out to bars, what the window
    shows is what painting it all afresh shows (scene boundary lines included)."""
    from shortvid_desktop.edits import ClipMoveCommand, ClipRemoveCommand

    n = 120
    clips = [
        Clip(id=f"s{i}", start_us=i * D, duration_us=D, scene_id=f"sc{i // 3}") for i in range(n)
    ]
    p = _panel_of(qtbot, clips)
    view = p.view
    bridge = view.bridge

    def check(what: str) -> None:
        qtbot.wait(40)  # the event loop paints what changed
        shown = _on_screen(view)
        view.resetCachedContent()  # (the background afresh too)
        view.viewport().repaint()
        fresh = _on_screen(view)
        assert shown == fresh, f"{what}: the screen differs from a fresh paint"

    for zoom in (60.0, None):
        if zoom is None:
            view.zoom_fit()
        else:
            view.set_zoom(zoom)
            view.horizontalScrollBar().setValue(0)
        qtbot.waitUntil(lambda: not view.layout_pending(), timeout=10_000)
        view.viewport().repaint()
        at = view.clip_model("s5").start_us
        assert bridge.push(ClipMoveCommand("s5", at + D // 2))  # over s6, scene sc1's end moves
        check("move")
        assert view.set_transition("s7", "fade", D // 4)
        check("transition")
        assert bridge.push(ClipRemoveCommand("s2"))
        check("remove")
        for _ in range(3):
            bridge.undo()
            check("undo")


def test_after_gestures_the_screen_shows_what_a_fresh_paint_would(qtbot) -> None:
    """Scrolls, zooms, a click and a drag of a clip through the viewport (mid-drag too), zoomed
    in and out to bars: the window shows what painting it all afresh shows, and every clip on
    screen is drawn."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    clips = [Clip(id=f"k{i}", start_us=2 * i * D, duration_us=D) for i in range(N)]
    p = _panel_of(qtbot, clips)
    view = p.view
    vp = view.viewport()

    def check(what: str) -> None:
        qtbot.wait(40)
        shown = _on_screen(view)
        view.resetCachedContent()
        vp.repaint()
        assert shown == _on_screen(view), f"{what}: the screen differs from a fresh paint"

    y = _lane_y(view)
    for zoom in (60.0, None):
        if zoom is None:
            view.zoom_fit()
        else:
            view.set_zoom(zoom)
        check("zoom")
        bar = view.horizontalScrollBar()
        for value in (bar.maximum() // 3, bar.maximum() // 3 + 400, 0):
            bar.setValue(value)
            check("scroll")
        x = round((_screen_x(view, 2 * 4 * D) + _screen_x(view, 9 * D)) / 2)
        QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        assert view.selected == ["k4"]
        check("click")
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        for dx in (10, 40, 80):
            QTest.mouseMove(vp, QPoint(x + dx, y))
        check("mid-drag")
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(x + 80, y))
        check("drop")
        view.bridge.undo()
        check("undo")
        view.set_selection([])  # (a selected bar is yellow)
        check("deselect")
        assert _check_visible(view, gaps=True) > 3


def test_rubber_band_over_tiny_bars_selects_their_clips(panel, qtbot) -> None:
    """Zoomed out to bars, right after the zoom: a band dragged through the viewport from an
    empty lane over the video lane selects the clips under it, and their bars turn yellow."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    view = panel.view
    vp = view.viewport()
    view.zoom_fit()
    lane = next(ln for ln in view.lanes if ln.kind == "overlay")
    y0 = round(view.mapFromScene(QPointF(0, lane.y + lane.h / 2)).y())
    y1 = _lane_y(view)
    x0, x1 = round(_screen_x(view, 2 * 10 * D) - 1), round(_screen_x(view, 2 * 20 * D) - 1)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(x0, y0))
    QTest.mouseMove(vp, QPoint((x0 + x1) // 2, y1))
    QTest.mouseMove(vp, QPoint(x1, y1))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(x1, y1))
    assert sorted(view.selected, key=lambda c: int(c[1:])) == [f"k{i}" for i in range(10, 20)]
    qtbot.wait(30)
    img = _on_screen(view)
    for i in (10, 15, 19, 20):
        x = round((_screen_x(view, 2 * i * D) + _screen_x(view, (2 * i + 1) * D)) / 2)
        c = img.pixelColor(x, y1)
        assert ((c.red(), c.green(), c.blue()) == (0xFF, 0xD4, 0x00)) == (i < 20), f"k{i}"


def _wave_reference(item, r, wave, src_us, step, span):
    """The waveform's lines as the timeline drew them one by one (before numpy)."""
    import math

    from PySide6.QtCore import QLineF

    from shortvid_desktop.qt.timeline.audio import music_source_at

    px = item.view.px_per_us
    mid, amp, loud, n = r.center().y() + 5, (r.height() - 16) / 2, max(max(wave), 1e-3), len(wave)
    x0, x1 = max(r.left(), span.left()), min(r.right(), span.right())
    x = r.left() + math.floor((x0 - r.left()) / step) * step
    song = None
    if item.kind == "music":
        song = music_source_at(item.view, item.source_in_us, src_us, item.duration_us)
    lines = []
    while x <= x1:
        t = item.source_in_us + (x - r.left()) / px
        if song is not None:
            t = song(int((x - r.left()) / px))
            if t is None:
                break
        i = int(t / src_us * n)
        if 0 <= i < n:
            h = wave[i] / loud * amp
            lines.append(QLineF(x, mid - h, x, mid + h))
        x += step
    return lines


@pytest.mark.parametrize("fit", ["loop", "trim"])
def test_waveform_lines_are_those_drawn_one_by_one(qtbot, fit: str) -> None:
    """The waveform chunks (worked out with numpy) hold the very lines the one-by-one loop
    drew, for a voice clip and for the music (looped or trimmed to the video), at any zoom and
    from any point of the clip."""
    import random

    from PySide6.QtCore import QRectF

    from shortvid_desktop.core.model import Asset

    song = Asset(path="song.wav", kind="audio", duration_us=7_300_000)
    video = [Clip(id=f"v{i}", start_us=i * D, duration_us=D) for i in range(40)]
    p = _panel_of(qtbot, video)
    view = p.view
    project = view.project()
    project.assets[song.id] = song
    project.music_fit = fit
    music = Track(kind="music", name="Music")
    music.clips = [Clip(id="m", asset_id=song.id, duration_us=40 * D, source_in_us=300_000)]
    voice = Track(kind="voice", name="Voice")
    voice.clips = [Clip(id="vo", asset_id=song.id, start_us=D, duration_us=5 * D // 2)]
    project.timeline.tracks += [voice, music]
    view.sync()
    rng = random.Random(16)
    wave = [rng.random() for _ in range(731)]
    checked = 0
    for px_per_s in (1.3, 7.0, 60.0, 333.0):
        view.set_zoom(px_per_s)
        for cid in ("m", "vo"):
            item = view._clips[cid]
            r = QRectF(0.5, 2.5, item.boundingRect().width() - 1, item.boundingRect().height() - 5)
            for step in (1.0, 2.0):
                for _ in range(6):
                    a = rng.uniform(0, r.width())
                    span = QRectF(a, 0, rng.uniform(5, 2500), 10)
                    got = item._wave(r, wave, song.duration_us, step, span)
                    want = _wave_reference(item, r, wave, song.duration_us, step, span)
                    assert [ln.toTuple() for ln in got] == [ln.toTuple() for ln in want]
                    checked += len(want)
    assert checked > 1000
