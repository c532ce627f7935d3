"""Text items through the real window: Text > Add <preset> puts a text at the playhead and
selects it; the inspector's Text box (style combo, animation combos and length spins, driven
with the keyboard) changes it, one undo step each."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from qt_helpers import assert_undo_redo, clip, snapshot, tiny_session, wait_jobs

from shortvid_desktop.core.model import Clip
from shortvid_desktop.edits import AssetAddCommand, ClipAddCommand, TrackAddCommand
from shortvid_desktop.media import asset_from_path

S = 1_000_000


@pytest.fixture
def win(make_window, media, qtbot):
    s = tiny_session()
    a = asset_from_path(media.image("tx_a.png", color="blue"))
    with s.stack.transaction("Set up"):
        s.stack.push(AssetAddCommand(a))
        s.stack.push(TrackAddCommand("video", "Video", track_id="tr_v"))
        s.stack.push(ClipAddCommand("tr_v", Clip(id="p1", asset_id=a.id, duration_us=4 * S)))
    s.stack.clear()
    w = make_window(s)
    yield w
    wait_jobs(qtbot, w)


def the_text(w) -> Clip:
    texts = [c for t in w.session.project.timeline.tracks for c in t.clips if c.text_style]
    assert len(texts) == 1
    return texts[0]


def test_add_text_in_a_preset_at_the_playhead(win) -> None:
    win.playhead.set(2 * S)
    before = snapshot(win)
    action = next(a for a in win.text_actions if a.objectName() == "addText.callout")
    action.trigger()  # Text > Add Callout
    c = the_text(win)
    assert c.start_us == win.playhead.position == 2 * S and c.text_style == "callout" and c.text
    assert win.timeline.selected == [c.id]
    assert win.inspector.text_box.isVisibleTo(win.inspector)
    assert win.inspector.text_box.style_combo.currentData() == "callout"
    assert_undo_redo(win, before, snapshot(win))


def test_the_text_box_changes_style_and_animations(win) -> None:
    next(a for a in win.text_actions if a.objectName() == "addText.title").trigger()
    box = win.inspector.text_box
    cid = the_text(win).id
    before = snapshot(win)
    box.style_combo.setFocus()
    QTest.keyClick(box.style_combo, Qt.Key.Key_Down)  # title -> subtitle
    assert clip(win, cid).text_style == "subtitle"
    assert_undo_redo(win, before, snapshot(win))

    before = snapshot(win)
    box.in_kind.setFocus()
    i = box.in_kind.findData("typewriter")
    while box.in_kind.currentIndex() != i:
        QTest.keyClick(
            box.in_kind, Qt.Key.Key_Down if box.in_kind.currentIndex() < i else Qt.Key.Key_Up
        )
    assert clip(win, cid).anim_in.kind == "typewriter"
    box.in_len.setFocus()
    for _ in range(3):
        QTest.keyClick(box.in_len, Qt.Key.Key_Up)  # 0.4 s -> 0.7 s
    assert clip(win, cid).anim_in.duration_us == 700_000
    n = win.session.stack.count
    box.out_kind.setFocus()
    QTest.keyClick(box.out_kind, Qt.Key.Key_Down)  # fade -> pop
    assert clip(win, cid).anim_out.kind == "pop"
    assert win.session.stack.count == n + 1
    win.act_undo.trigger()
    assert clip(win, cid).anim_out.kind == "fade"
    assert box.out_kind.currentData() == "fade"  # the box follows the model
    win.act_undo.trigger()  # the way in: kind and length steps were one step
    assert snapshot(win) == before


def test_the_box_hides_for_pictures(win) -> None:
    win.timeline.set_selection(["p1"])
    assert not win.inspector.text_box.isVisibleTo(win.inspector)


def test_add_an_emoji_sticker_and_a_gif_from_the_picker(win, qtbot, tmp_path) -> None:
    from PIL import Image

    win.playhead.set(S)
    before = snapshot(win)
    win.act_add_sticker.trigger()  # Text > Add sticker…
    picker = win.sticker_picker
    usable = [b for b in picker.buttons.values() if b.isEnabled()]
    assert usable, "no font draws any emoji"
    if not picker.font_info.colour:  # this machine has no colour emoji font: said so
        assert picker.findChild(QLabel, "stickerMonoNote") is not None
    QTest.mouseClick(usable[0], Qt.MouseButton.LeftButton)
    [cid] = win.timeline.selected
    c = clip(win, cid)
    asset = win.session.project.assets[c.asset_id]
    assert asset.kind == "image" and asset.path.endswith(".png")
    assert c.start_us == S and c.anim_in.kind == "pop" and c.transform.scale < 1
    with Image.open(asset.path) as im:
        assert im.mode == "RGBA" and im.getextrema()[3][0] == 0  # transparent around it
    assert win.inspector.text_box.isVisibleTo(win.inspector)
    assert not win.inspector.text_box.style_combo.isEnabled()
    assert_undo_redo(win, before, snapshot(win))

    gif = tmp_path / "blink.gif"
    red, blue = Image.new("RGB", (40, 40), (255, 0, 0)), Image.new("RGB", (40, 40), (0, 0, 255))
    red.save(gif, save_all=True, append_images=[blue], duration=100, loop=0)
    win.act_add_sticker.trigger()
    assert win.sticker_picker.add_file(gif)
    [cid] = win.timeline.selected
    assert win.session.project.assets[clip(win, cid).asset_id].kind == "video"
    win.act_add_sticker.trigger()
    assert not win.sticker_picker.add_file(tmp_path / "notes.txt")  # refused, named
    assert "notes.txt" in win.messages.toPlainText()
    still_open = win.sticker_picker  # it stays open for another pick; its window takes it along
    assert still_open.isVisible()
    win.close()
    assert not shiboken6.isValid(still_open) or not still_open.isVisible()


def test_a_preset_text_is_picked_where_its_preset_puts_it_and_moved(win) -> None:
    import numpy as np
    from PySide6.QtCore import QPoint

    from shortvid_desktop.render.plan import compile_plan
    from shortvid_desktop.render.window import FrameRenderer

    win.resize(900, 900)
    win.playhead.set(S)
    next(a for a in win.text_actions if a.objectName() == "addText.callout").trigger()
    cid = the_text(win).id
    c = win.preview.canvas
    tpl = win.session.project.template
    item = next(i for i in c.items() if i.kind == "text")
    assert item.clip_id == cid and abs(item.cy - 0.62 * tpl.height) < 3  # a callout sits low
    a = c.to_widget(item.cx, item.cy)
    a = QPoint(round(a.x()), round(a.y()))
    b = a + QPoint(0, 40)  # (clear of the centre line it would snap to)
    QTest.mousePress(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, 6):
        QTest.mouseMove(c, a + (b - a) * i / 5)
    QTest.mouseRelease(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    t = clip(win, cid).transform
    s, _l, _t = c.mapping()
    assert t.y * tpl.height == pytest.approx(item.cy + 40 / s, abs=1.0)
    with FrameRenderer(compile_plan(win.session.project)) as r:  # its yellow box moved
        img = r.frame(2 * S, scale=1.0)
    f = np.frombuffer(img.rgb, np.uint8).reshape(img.height, img.width, 3).astype(int)
    yellow = (f[..., 0] > 150) & (f[..., 1] > 150) & (f[..., 2] < 90)
    assert yellow.sum() > 50
    assert abs(np.nonzero(yellow)[0].mean() - t.y * tpl.height) < 6


def test_the_template_editor_starts_captions_from_a_text_style(win, qtbot) -> None:
    editor = win.show_templates()
    editor.duplicate_current()
    assert editor.current is not None and not editor.current.builtin
    combo = editor.text_style
    combo.setFocus()
    while combo.currentData() != "callout":
        QTest.keyClick(combo, Qt.Key.Key_Down)
    cap = editor.current.caption
    assert (cap.size, cap.bold, cap.box) == (60, True, True)
    assert cap.box_color.upper() == "#FFD400FF" and cap.color.upper() == "#111111"
    editor.confirm_discard = False  # (no question box: leave the edit unsaved)
    editor.reject()
