"""On-canvas editing (issue 15): mouse gestures on the preview's canvas overlay (the widget
that receives them) move, scale and turn an overlay picture, snap it to the centre line, move
the watermark, and a double-clicked caption takes new words; each gesture is one undo step."""

from __future__ import annotations

import math

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from qt_helpers import timeline_session, wait_jobs

from shortvid_desktop.core.model import Clip, Transform, WordTiming
from shortvid_desktop.edits.commands import AssetAddCommand, ClipAddCommand, TrackAddCommand
from shortvid_desktop.media.importer import asset_from_path
from shortvid_desktop.qt.canvas import SAFE_AREA


@pytest.fixture
def win(make_window, media, qtbot):
    s = timeline_session(media)
    pic = asset_from_path(media.image("cv_pic.png", "80x80", color="white"))
    voice = asset_from_path(media.audio("cv_voice.wav", seconds=2.0))
    with s.stack.transaction("Set up"):
        s.stack.push(AssetAddCommand(pic))
        s.stack.push(AssetAddCommand(voice))
        s.stack.push(TrackAddCommand("overlay", "Overlay", track_id="tr_o"))
        s.stack.push(TrackAddCommand("voice", "Voice", track_id="tr_vo"))
        s.stack.push(
            ClipAddCommand(
                "tr_o",
                Clip(
                    id="ov",
                    asset_id=pic.id,
                    duration_us=2_000_000,
                    transform=Transform(x=0.3, y=0.3, scale=0.3),
                ),
            )
        )
        words = [WordTiming("hello", 0, 800_000), WordTiming("there", 900_000, 1_800_000)]
        s.stack.push(
            ClipAddCommand(
                "tr_vo",
                Clip(
                    id="vo",
                    asset_id=voice.id,
                    duration_us=2_000_000,
                    text="hello there",
                    words=words,
                ),
            )
        )
    s.stack.clear()
    s.project.template.title_card = False
    w = make_window(s)
    w.resize(900, 900)
    yield w
    wait_jobs(qtbot, w)


def canvas(w):
    return w.preview.canvas


def pt(p) -> QPoint:
    return QPoint(round(p.x()), round(p.y()))


def drag(widget, a: QPoint, b: QPoint, steps: int = 5) -> None:
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, steps + 1):
        QTest.mouseMove(widget, a + (b - a) * i / steps)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def overlay_clip(w) -> Clip:
    return w.session.project.timeline.find_clip("ov")[1]


def undo(w) -> None:
    QTest.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_drag_an_overlay_picture_moves_it_by_the_right_fraction(win) -> None:
    c = canvas(win)
    s, _l, _t = c.mapping()
    W = win.session.project.template.width
    start = pt(c.to_widget(0.3 * W, 0.3 * win.session.project.template.height))
    before = win.session.stack.count
    drag(c, start, start + QPoint(100, 0))
    t = overlay_clip(win).transform
    assert t.x == pytest.approx(0.3 + 100 / s / W, abs=0.002)
    assert t.y == pytest.approx(0.3, abs=0.002)
    assert win.session.stack.count == before + 1  # one undo step for the whole drag
    assert c.selected == "ov"
    undo(win)
    assert overlay_clip(win).transform.x == pytest.approx(0.3)


def test_scale_with_a_corner_handle_and_rotate(win) -> None:
    c = canvas(win)
    drag(c, pt(c.to_widget(*_centre(win))), pt(c.to_widget(*_centre(win))))  # select
    item = c.selected_item()
    centre = c.to_widget(item.cx, item.cy)
    corner = c.handles(item)["br"]
    far = centre + (corner - centre) * 2  # twice as far from the centre: twice the size
    drag(c, pt(corner), pt(far))
    assert overlay_clip(win).transform.scale == pytest.approx(0.6, rel=0.03)
    item = c.selected_item()
    centre = c.to_widget(item.cx, item.cy)
    handle = c.handles(item)["rotate"]
    r = math.hypot(handle.x() - centre.x(), handle.y() - centre.y())
    to_right = centre + type(centre)(r, 0)  # from straight up to the right: +90 degrees
    drag(c, pt(handle), pt(to_right))
    assert overlay_clip(win).transform.rotation == pytest.approx(90, abs=1.5)
    assert win.session.stack.undo_text == "Rotate on canvas"
    undo(win)
    assert overlay_clip(win).transform.rotation == 0


def _centre(win) -> tuple[float, float]:
    tpl = win.session.project.template
    t = overlay_clip(win).transform
    return t.x * tpl.width, t.y * tpl.height


def test_a_drag_near_the_centre_line_snaps_to_it(win) -> None:
    c = canvas(win)
    tpl = win.session.project.template
    start = pt(c.to_widget(*_centre(win)))
    target = c.to_widget(tpl.width / 2, 0)
    drag(c, start, QPoint(round(target.x()) + 4, start.y()))  # 4 px off the line
    assert overlay_clip(win).transform.x == pytest.approx(0.5, abs=1e-6)


def test_guides_toggle_from_the_view_menu_and_snap_to_the_safe_area(win) -> None:
    c = canvas(win)
    assert not c.guides
    win.act_safe_guides.trigger()  # View > Safe-area guides
    assert c.guides and win.act_safe_guides in win.view_menu.actions()
    plain = canvas(win).grab().toImage()
    # with guides on, a picture dragged near the safe area's left edge lines up with it
    tpl = win.session.project.template
    item = c.items()[-1]
    assert item.clip_id == "ov"
    edge = SAFE_AREA.left() * tpl.width + item.w / 2  # the centre where its side meets it
    start = pt(c.to_widget(item.cx, item.cy))
    target = c.to_widget(edge, item.cy)
    drag(c, start, QPoint(round(target.x()) + 3, start.y()))
    assert overlay_clip(win).transform.x * tpl.width == pytest.approx(edge, abs=0.01)
    win.act_safe_guides.trigger()
    assert not c.guides
    assert canvas(win).grab().toImage() != plain  # the zones are painted only when on


def test_the_watermark_moves(win, media) -> None:
    tpl = win.session.project.template
    tpl.watermark_image = str(media.image("cv_logo.png", "100x50", color="yellow"))
    c = canvas(win)
    item = c._watermark_item()
    start = pt(c.to_widget(item.cx, item.cy))
    drag(c, start, start + QPoint(-60, 80))
    s, _l, _t = c.mapping()
    assert tpl.watermark_x == pytest.approx((item.cx - 60 / s) / tpl.width, abs=0.003)
    assert tpl.watermark_y == pytest.approx((item.cy + 80 / s) / tpl.height, abs=0.003)
    assert win.session.stack.undo_text == "Move watermark"
    undo(win)
    assert tpl.watermark_x is None


def test_double_click_a_caption_type_enter_changes_the_words(win, qtbot) -> None:
    c = canvas(win)
    win.playhead.set(300_000)
    boxes = win.preview.text_boxes(300_000)
    kind, top, bottom, clip_id = boxes[0][:4]
    assert kind == "caption" and clip_id == "vo"
    tpl = win.session.project.template
    p = pt(c.to_widget(tpl.width / 2, (top + bottom) / 2))
    QTest.mouseDClick(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)
    assert c.editor is not None and c.editor.text() == "hello there"
    before = win.session.stack.count
    c.editor.selectAll()
    QTest.keyClicks(c.editor, "good night")
    QTest.keyClick(c.editor, Qt.Key.Key_Return)
    words = [w.word for w in win.session.project.timeline.find_clip("vo")[1].words]
    assert words == ["good", "night"]
    assert win.session.stack.count == before + 1
    assert c.editor is None
    undo(win)
    assert [w.word for w in win.session.project.timeline.find_clip("vo")[1].words] == [
        "hello",
        "there",
    ]
    # Esc cancels
    index = win.session.stack.index
    QTest.mouseDClick(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)
    QTest.keyClicks(c.editor, "x")
    QTest.keyClick(c.editor, Qt.Key.Key_Escape)
    assert c.editor is None and win.session.stack.index == index
    assert [w.word for w in win.session.project.timeline.find_clip("vo")[1].words][0] == "hello"


def test_moving_at_another_time_keys_the_picture(win) -> None:
    from shortvid_desktop.edits.commands.transform import KeyframeAddCommand

    win.bridge.push(KeyframeAddCommand("ov", 0))
    win.playhead.set(1_000_000)
    c = canvas(win)
    start = pt(c.to_widget(*_centre(win)))
    drag(c, start, start + QPoint(0, 60))
    keys = overlay_clip(win).keyframes
    assert [k.time_us for k in keys] == [0, 1_000_000]
    assert keys[0].y == pytest.approx(0.3) and keys[1].y > 0.35


def test_after_a_move_the_export_frame_equals_the_preview_frame(win, qtbot, tmp_path) -> None:
    import av
    import numpy as np

    from shortvid_desktop.core.serial import clone
    from shortvid_desktop.render.export import export
    from shortvid_desktop.render.plan import compile_plan

    c = canvas(win)
    win.playhead.set(500_000)
    start = pt(c.to_widget(*_centre(win)))
    drag(c, start, start + QPoint(70, 40))
    item = c.selected_item()
    drag(c, pt(c.handles(item)["rotate"]), pt(c.handles(item)["tr"]) + QPoint(30, 0))
    assert overlay_clip(win).transform.rotation != 0
    with qtbot.waitSignal(win.preview.frame_shown, timeout=60_000):
        pass  # the frame of the moved picture (the edit's refresh)
    qtbot.waitUntil(
        lambda: not win.preview.busy() and not win.preview._refresh_timer.isActive(),
        timeout=60_000,
    )
    assert win.preview.last_error == ""
    img = win.preview.view.image.convertToFormat(win.preview.view.image.Format.Format_RGB888)
    shown = np.frombuffer(bytes(img.constBits()), np.uint8)
    shown = shown.reshape(img.height(), img.bytesPerLine())[:, : img.width() * 3]
    shown = shown.reshape(img.height(), img.width(), 3)
    out = tmp_path / "moved.mp4"
    plan = compile_plan(clone(win.session.project))
    export(plan, out)
    f = (win.preview.shown_t + 1) * plan.fps // 1_000_000
    with av.open(str(out)) as container:
        frames = [fr.to_ndarray(format="rgb24") for fr in container.decode(video=0)]
    exported = frames[f]
    assert shown.shape == exported.shape
    mse = float(np.mean((shown.astype(float) - exported.astype(float)) ** 2))
    psnr = 99.0 if mse == 0 else 10 * np.log10(255**2 / mse)
    assert psnr >= 40, f"{psnr:.1f} dB"


def test_inspector_keyframe_buttons(win, qtbot) -> None:
    box = win.inspector.transform_box
    win.inspector.set_clips(["ov"])
    assert box.isVisible() and box.x.value() == pytest.approx(30)
    win.playhead.set(0)
    QTest.mouseClick(box.add_key, Qt.MouseButton.LeftButton)
    assert [k.time_us for k in overlay_clip(win).keyframes] == [0]
    assert not box.add_key.isEnabled() and box.remove_key.isEnabled()
    win.playhead.set(1_000_000)
    box.x.setFocus()
    box.x.lineEdit().selectAll()
    QTest.keyClicks(box.x.lineEdit(), "70")
    QTest.keyClick(box.x.lineEdit(), Qt.Key.Key_Return)
    keys = overlay_clip(win).keyframes
    assert [k.time_us for k in keys] == [0, 1_000_000] and keys[1].x == pytest.approx(0.7)
    win.playhead.set(500_000)
    mid = win.playhead.position / 1_000_000  # (on a frame)
    assert box.x.value() == pytest.approx(30 + 40 * mid, abs=0.06)  # interpolated there
    QTest.mouseClick(box.next_key, Qt.MouseButton.LeftButton)
    assert win.playhead.position == 1_000_000
    QTest.mouseClick(box.prev_key, Qt.MouseButton.LeftButton)
    assert win.playhead.position == 0
    assert box.easing.isEnabled()  # on a keyframe: how it runs on to the next
    box.easing.setFocus()
    QTest.keyClick(box.easing, Qt.Key.Key_Down)
    assert overlay_clip(win).keyframes[0].easing == "ease_in_out"
    assert win.session.stack.undo_text == "Change keyframe easing"
    QTest.mouseClick(box.remove_key, Qt.MouseButton.LeftButton)
    assert [k.time_us for k in overlay_clip(win).keyframes] == [1_000_000]
    undo(win)
    assert [k.time_us for k in overlay_clip(win).keyframes] == [0, 1_000_000]


def test_a_text_item_moves_and_takes_new_words(win, qtbot) -> None:
    from shortvid_desktop.edits.commands import ClipAddCommand

    win.bridge.push(
        ClipAddCommand("tr_o", Clip(id="tx", start_us=2_000_000, duration_us=1_000_000, text="Hi"))
    )
    win.playhead.set(2_500_000)
    c = canvas(win)
    item = next(i for i in c.items() if i.kind == "text")
    assert item.clip_id == "tx"
    start = pt(c.to_widget(item.cx, item.cy))
    before = win.session.stack.count
    drag(c, start, start + QPoint(-40, 50))
    s, _l, _t = c.mapping()
    tpl = win.session.project.template
    t = win.session.project.timeline.find_clip("tx")[1].transform
    assert t.x * tpl.width == pytest.approx(item.cx - 40 / s, abs=0.5)
    assert t.y * tpl.height == pytest.approx(item.cy + 50 / s, abs=0.5)
    assert win.session.stack.count == before + 1
    moved = next(i for i in c.items() if i.kind == "text")
    p = pt(c.to_widget(moved.cx, moved.cy))
    QTest.mouseDClick(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)
    assert c.editor is not None and c.editor.text() == "Hi"
    c.editor.selectAll()
    QTest.keyClicks(c.editor, "Hello")
    QTest.keyClick(c.editor, Qt.Key.Key_Enter)
    assert win.session.project.timeline.find_clip("tx")[1].text == "Hello"
    undo(win)
    assert win.session.project.timeline.find_clip("tx")[1].text == "Hi"


def test_picking_on_the_canvas_selects_the_clip_in_the_timeline(win) -> None:
    c = canvas(win)
    start = pt(c.to_widget(*_centre(win)))
    QTest.mouseClick(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    assert c.selected == "ov"
    assert win.timeline.selected == ["ov"]
    assert win.inspector.clip_ids == ["ov"]  # the inspector shows it
    win.timeline.set_selection(["c1"])  # and the timeline's pick shows on the canvas
    assert c.selected == "c1"
    item = c.selected_item()
    assert item is not None and item.w == win.session.project.template.width


def test_a_text_watermark_moves(win) -> None:
    tpl = win.session.project.template
    tpl.watermark_text = "@me"
    c = canvas(win)
    item = c._watermark_item()
    start = pt(c.to_widget(item.cx, item.cy))
    drag(c, start, start + QPoint(-30, 40))
    assert c.selected == "watermark"
    s, _l, _t = c.mapping()
    assert tpl.watermark_x * tpl.width == pytest.approx(item.cx - 30 / s, abs=0.5)
    assert tpl.watermark_y * tpl.height == pytest.approx(item.cy + 40 / s, abs=0.5)


def _shown(win):
    import numpy as np

    img = win.preview.view.image.convertToFormat(win.preview.view.image.Format.Format_RGB888)
    a = np.frombuffer(bytes(img.constBits()), np.uint8)
    a = a.reshape(img.height(), img.bytesPerLine())[:, : img.width() * 3]
    return a.reshape(img.height(), img.width(), 3)


def test_keyframes_set_on_the_canvas_animate_the_preview(win, qtbot) -> None:
    import numpy as np

    box = win.inspector.transform_box
    win.inspector.set_clips(["ov"])
    win.playhead.set(0)
    QTest.mouseClick(box.add_key, Qt.MouseButton.LeftButton)  # a keyframe where it is now
    c = canvas(win)
    win.playhead.set(1_000_000)  # another time: moving it there keys it there
    start = pt(c.to_widget(*_centre(win)))
    s, _l, _t = c.mapping()
    drag(c, start, start + QPoint(round(0.35 * win.session.project.template.width * s), 0))
    keys = overlay_clip(win).keyframes
    assert [k.time_us for k in keys] == [0, 1_000_000]
    tpl = win.session.project.template
    xs, at = [], []
    for t in (0, 500_000, 1_000_000):
        with qtbot.waitSignal(win.preview.frame_shown, timeout=60_000):
            win.playhead.set(t)
        qtbot.waitUntil(lambda: not win.preview.busy(), timeout=60_000)
        rgb = _shown(win)
        white = (rgb.min(axis=2) > 200).nonzero()
        xs.append(float(np.mean(white[1])) * tpl.width / rgb.shape[1])
        at.append(win.playhead.position)
    x0, x1 = keys[0].x * tpl.width, keys[1].x * tpl.width
    assert abs(xs[0] - x0) < 2 and abs(xs[2] - x1) < 2
    p = at[1] / 1_000_000  # the middle frame's share of the way (linear)
    assert abs(xs[1] - (x0 + (x1 - x0) * p)) < 2
