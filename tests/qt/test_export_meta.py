"""The export dialog's "Title and hashtags": suggested offline from the script (no provider
set), copied with Copy, edited, and written beside the exported MP4 when the box is ticked (the
box is remembered)."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from qt_helpers import tiny_session, wait_jobs

from shortvid_desktop.session import settings as st

LEFT = Qt.MouseButton.LeftButton
TEXT = (
    "Cats purr when they feel safe. Purring also helps their bones heal. "
    "Big cats like lions cannot purr at all."
)


def _session():
    s = tiny_session()
    s.set_script_text(TEXT, language="en")
    s.stack.clear()
    return s


def test_title_and_hashtags_fill_offline_and_the_sidecar_is_written(
    qtbot, make_window, tmp_path
) -> None:
    window = make_window(_session())
    window.act_export_queue.trigger()  # File > Export queue and history…
    dialog = window.exporter.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.meta_title.text() != "", timeout=30_000)
    tags = dialog.meta_hashtags.text().split()
    assert 3 <= len(tags) <= 8 and all(t.startswith("#") for t in tags)
    assert any(t.lower() in ("#cats", "#purr", "#purring", "#cat") for t in tags), tags
    assert dialog.meta_description.toPlainText().startswith("Cats purr when they feel safe.")
    assert "offline" in dialog.meta_note.text()
    assert len(dialog.meta_title.text()) <= 100

    QTest.mouseClick(dialog.meta_copy_buttons["hashtags"], LEFT)
    assert QGuiApplication.clipboard().text() == " ".join(tags)
    QTest.mouseClick(dialog.meta_copy_buttons["title"], LEFT)
    assert QGuiApplication.clipboard().text() == dialog.meta_title.text()

    # the user's own title goes into the file
    dialog.meta_title.selectAll()
    QTest.keyClicks(dialog.meta_title, "Why cats purr")
    box = dialog.meta_sidecar_box
    qtbot.waitUntil(lambda: window.runner.visible_jobs() == [], timeout=10_000)
    assert not box.isChecked()  # off by default
    QTest.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    qtbot.waitUntil(lambda: st.get_value(st.SETTING_META_SIDECAR) is True, timeout=10_000)

    out = tmp_path / "purr.mp4"
    with qtbot.waitSignal(window.export_finished, timeout=180_000) as done:
        assert window.start_export(str(out))
    assert done.args == [str(out)]
    sidecar = tmp_path / "purr.json"
    qtbot.waitUntil(sidecar.exists, timeout=30_000)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    assert data["title"] == "Why cats purr"
    assert data["hashtags"] == tags
    assert data["description"].startswith("Cats purr when they feel safe.")
    assert data["source"] == "offline" and data["lang"] == "en"
    wait_jobs(qtbot, window)

    # remembered: the next window's dialog has the box ticked
    again = make_window(_session())
    dialog2 = again.exporter.show_dialog()
    qtbot.waitUntil(dialog2.meta_sidecar_box.isChecked, timeout=10_000)
    wait_jobs(qtbot, again)


def test_without_the_box_no_sidecar_is_written(qtbot, make_window, tmp_path) -> None:
    window = make_window(_session())
    dialog = window.exporter.show_dialog()
    qtbot.waitUntil(lambda: dialog.meta_title.text() != "", timeout=30_000)
    suggested = dialog.meta_title.text()
    dialog.meta_title.selectAll()
    QTest.keyClicks(dialog.meta_title, "scratch")
    assert dialog.meta_title.text() == "scratch"
    QTest.mouseClick(dialog.meta_suggest, LEFT)  # Suggest again
    qtbot.waitUntil(lambda: dialog.meta_title.text() == suggested, timeout=30_000)
    assert not dialog.meta_sidecar_box.isChecked()
    out = tmp_path / "plain.mp4"
    with qtbot.waitSignal(window.export_finished, timeout=180_000):
        assert window.start_export(str(out))
    wait_jobs(qtbot, window)
    assert out.exists() and not (tmp_path / "plain.json").exists()
