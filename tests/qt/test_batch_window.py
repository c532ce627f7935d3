"""The Batch window: rows typed or edited in the table, a real batch run (tiny renders, offline
voice and script), per-row status, cancel, resume after a restart, retry failed, open folder."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView

from shortvid_desktop.qt.batch_window import CELL_COLUMNS, STATUS_COLUMN, BatchWindow
from shortvid_desktop.session.batch.control import pending_batch
from shortvid_desktop.session.batch.runner import BatchOptions

TINY = BatchOptions(size=(180, 320), fps=15, quality="draft", backoff_s=0.01)
RUN_MS = 240_000


def click(button) -> None:
    assert button.isEnabled(), button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def open_batch(qtbot, window) -> BatchWindow:
    window.act_batch.trigger()  # File > Batch…
    bw = window.batch_window
    assert bw is not None and bw.isVisible()
    qtbot.waitExposed(bw)
    bw.options = TINY
    return bw


def type_topics(bw: BatchWindow, *topics: str) -> None:
    bw.topics_edit.setFocus()
    for i, topic in enumerate(topics):
        if i:
            QTest.keyClick(bw.topics_edit, Qt.Key.Key_Return)
        QTest.keyClicks(bw.topics_edit, topic)
    click(bw.add_button)


def edit_cell(qtbot, bw: BatchWindow, row: int, column: str, text: str) -> None:
    """Double-click the cell, type, Enter: as a person edits the table."""
    table = bw.table
    col = CELL_COLUMNS.index(column)
    table.scrollToItem(table.item(row, col), QAbstractItemView.ScrollHint.PositionAtCenter)
    rect = table.visualItemRect(table.item(row, col))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = table.indexWidget(table.model().index(row, col))
    assert editor is not None, "the cell did not open for editing"
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn
    qtbot.waitUntil(lambda: table.item(row, col).text() == text, timeout=5000)


def set_folder(bw: BatchWindow, folder: Path) -> None:
    bw.folder_edit.clear()
    QTest.keyClicks(bw.folder_edit, str(folder))


def status_texts(bw: BatchWindow) -> list[str]:
    return [bw.table.item(r, STATUS_COLUMN).text() for r in range(bw.table.rowCount())]


def probe(path: Path) -> tuple[int, int, float]:
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        assert c.streams.audio
        return v.codec_context.width, v.codec_context.height, float(c.duration or 0) / 1e6


def wait_idle(qtbot, bw: BatchWindow, timeout: int = RUN_MS) -> None:
    qtbot.waitUntil(lambda: not bw.busy(), timeout=timeout)


def test_two_typed_topics_become_two_videos_with_sidecars(qtbot, window, tmp_path) -> None:
    bw = open_batch(qtbot, window)
    type_topics(bw, "Why cats purr", "How tea is made")
    assert bw.table.rowCount() == 2
    assert [bw.table.item(r, 0).text() for r in range(2)] == ["Why cats purr", "How tea is made"]
    for r in range(2):
        edit_cell(qtbot, bw, r, "seconds", "6")
    out = tmp_path / "batch out"
    set_folder(bw, out)
    with qtbot.waitSignal(bw.finished, timeout=RUN_MS) as finished:
        click(bw.start_button)
        qtbot.waitUntil(lambda: "running" in [bw.status_of(i) for i in range(2)], timeout=60_000)
        assert bw.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert finished.args == ["done"]
    assert [bw.status_of(i) for i in range(2)] == ["done", "done"]
    videos = sorted(out.glob("*.mp4"))
    assert [p.name for p in videos] == ["How-tea-is-made.mp4", "Why-cats-purr.mp4"]
    for video in videos:
        w, h, seconds = probe(video)
        assert (w, h) == (180, 320) and seconds > 2
        meta = json.loads(video.with_suffix(".json").read_text(encoding="utf-8"))
        assert meta["title"] and 3 <= len(meta["hashtags"]) <= 8
    summary = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert summary["counts"] == {"done": 2}
    assert bw.progress.value() == 1000
    assert str(videos[1]) in bw.table.item(0, STATUS_COLUMN + 2).text()
