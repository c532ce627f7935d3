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
RUN_MS = 120_000


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


def wait_for(qtbot, bw: BatchWindow, check, timeout: int = RUN_MS) -> None:
    """waitUntil that says what the window showed when it timed out."""
    try:
        qtbot.waitUntil(check, timeout=timeout)
    except Exception as exc:
        rows = [
            (bw.status_of(i), bw.table.item(i, STATUS_COLUMN + 2).text())
            for i in range(len(bw.rows))
        ]
        raise AssertionError(f"{bw.status_label.text()!r}; rows: {rows}") from exc


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
    message = bw.table.item(0, STATUS_COLUMN + 2)
    assert message.text() == videos[1].name and message.toolTip() == str(videos[1])


class UrlCatcher(QObject):
    """Receives the URLs QDesktopServices.openUrl is asked to open (a registered handler)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened_urls():
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    yield catcher.urls
    QDesktopServices.unsetUrlHandler("file")


def test_a_row_with_missing_media_shows_its_problem_and_is_not_run(
    qtbot, window, tmp_path, opened_urls
) -> None:
    bw = open_batch(qtbot, window)
    type_topics(bw, "Why the sea is salty", "Where rain comes from")
    edit_cell(qtbot, bw, 0, "seconds", "6")
    missing = tmp_path / "no such folder" / "picture.png"
    edit_cell(qtbot, bw, 1, "media", str(missing))
    qtbot.waitUntil(lambda: bw.status_of(1) == "invalid", timeout=10_000)
    media_cell = bw.table.item(1, CELL_COLUMNS.index("media"))
    assert "not found" in media_cell.toolTip() and str(missing) in media_cell.toolTip()
    assert media_cell.background().color().red() == 255  # marked
    message = bw.table.item(1, STATUS_COLUMN + 2).text()
    assert message.startswith("media:") and "not found" in message
    assert bw.status_of(0) == ""
    out = tmp_path / "out"
    set_folder(bw, out)
    with qtbot.waitSignal(bw.finished, timeout=RUN_MS) as finished:
        click(bw.start_button)
    assert finished.args == ["failed"]  # one row was not run
    assert [bw.status_of(i) for i in range(2)] == ["done", "invalid"]
    assert bw.table.item(1, STATUS_COLUMN).text() == "not run"
    assert "not found" in bw.table.item(1, STATUS_COLUMN + 2).text()
    assert [p.name for p in out.glob("*.mp4")] == ["Why-the-sea-is-salty.mp4"]
    summary = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    refused = [v for v in summary["videos"] if v["row"] == 2]
    assert len(refused) == 1 and "media" in refused[0]["error"]
    assert not bw.retry_button.isEnabled()  # a bad row is fixed in the table, not retried
    click(bw.open_folder_button)
    assert opened_urls == [QUrl.fromLocalFile(str(out))]


def test_cancel_all_then_a_new_window_offers_resume_and_finishes(
    qtbot, make_window, tmp_path
) -> None:
    first = make_window()
    bw = open_batch(qtbot, first)
    type_topics(bw, "Why owls hoot", "How bees dance", "Why leaves fall")
    for r in range(3):
        edit_cell(qtbot, bw, r, "seconds", "6")
    out = tmp_path / "stopped"
    set_folder(bw, out)
    click(bw.start_button)
    wait_for(qtbot, bw, lambda: bw.rows and bw.status_of(0) == "done")
    with qtbot.waitSignal(bw.finished, timeout=60_000) as finished:
        click(bw.cancel_all_button)
    assert finished.args == ["cancelled"]
    states = [bw.status_of(i) for i in range(3)]
    assert states[0] == "done" and "done" not in states[2:]
    assert bw.resume_button.isEnabled()
    made = out / "Why-owls-hoot.mp4"
    stamp = made.stat().st_mtime_ns
    pending = pending_batch(out)
    assert pending is not None and pending.done <= 2 and pending.unfinished >= 1

    second = make_window()  # the app started again: it offers to go on
    qtbot.waitUntil(
        lambda: second.notice_bar.isVisible() and bool(second.notice_bar.buttons()), timeout=10_000
    )
    assert str(out) in second.notice_bar.label.text()
    (resume,) = [b for b in second.notice_bar.buttons() if b.text() == "Resume batch"]
    click(resume)
    bw2 = second.batch_window
    assert bw2 is not None and bw2.isVisible() and bw2.busy()
    wait_for(qtbot, bw2, lambda: not bw2.busy())
    assert [bw2.table.item(r, 0).text() for r in range(3)] == [
        "Why owls hoot",
        "How bees dance",
        "Why leaves fall",
    ]
    assert [bw2.status_of(i) for i in range(3)] == ["done"] * 3
    assert made.stat().st_mtime_ns == stamp  # the finished video was not made again
    assert len(list(out.glob("*.mp4"))) == 3
    assert pending_batch(out) is None


def test_retry_failed_makes_the_failed_row_again(qtbot, window, tmp_path, media) -> None:
    from PySide6.QtWidgets import QFileDialog

    broken = tmp_path / "clip.mp4"
    broken.write_bytes(media.corrupt("retry-broken.mp4").read_bytes())
    manifest = tmp_path / "rows.csv"
    manifest.write_text(
        "name,text,media\ngood,Hello from a batch. It is short.,\n"
        "later,This row's clip is broken at first.,clip.mp4\n",
        encoding="utf-8",
    )
    bw = open_batch(qtbot, window)
    click(bw.open_button)
    dialog = bw.findChild(QFileDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(manifest))
    dialog.accept()
    qtbot.waitUntil(lambda: bw.table.rowCount() == 2, timeout=10_000)
    assert bw.table.item(1, CELL_COLUMNS.index("media")).text() == "clip.mp4"
    assert bw.table.item(1, CELL_COLUMNS.index("name")).text() == "later"
    out = tmp_path / "out"
    set_folder(bw, out)
    with qtbot.waitSignal(bw.finished, timeout=RUN_MS) as finished:
        click(bw.start_button)
    assert finished.args == ["failed"]
    assert [bw.status_of(i) for i in range(2)] == ["done", "failed"]
    assert "media" in bw.table.item(1, STATUS_COLUMN + 2).text().lower()
    good = out / "good.mp4"
    stamp = good.stat().st_mtime_ns
    broken.write_bytes(media.video("retry-good.mp4", size="160x284", seconds=1.0).read_bytes())
    with qtbot.waitSignal(bw.finished, timeout=RUN_MS) as finished:
        click(bw.retry_button)
    assert finished.args == ["done"]
    assert [bw.status_of(i) for i in range(2)] == ["done", "done"]
    assert probe(out / "later.mp4")[:2] == (180, 320)
    assert good.stat().st_mtime_ns == stamp


def select_row(bw: BatchWindow, row: int) -> None:
    rect = bw.table.visualItemRect(bw.table.item(row, STATUS_COLUMN))
    QTest.mouseClick(bw.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert {i.row() for i in bw.table.selectedIndexes()} == {row}


def test_cancel_row_stops_one_row_and_the_others_go_on(qtbot, window, tmp_path) -> None:
    bw = open_batch(qtbot, window)
    bw.add_rows([{"text": f"Row number {i}. It is tiny.", "name": f"r{i}"} for i in (1, 2, 3)])
    set_folder(bw, tmp_path / "out")
    with qtbot.waitSignal(bw.finished, timeout=RUN_MS) as finished:
        click(bw.start_button)
        wait_for(qtbot, bw, lambda: bw.status_of(0) == "running")
        select_row(bw, 0)  # running: it stops, the batch goes on without it
        click(bw.cancel_row_button)
        wait_for(qtbot, bw, lambda: bw.status_of(0) == "cancelled")
        select_row(bw, 2)
        click(bw.cancel_row_button)
    assert finished.args == ["failed"]  # not every row was made
    assert [bw.status_of(i) for i in range(3)] == ["cancelled", "done", "cancelled"]
    assert [p.name for p in (tmp_path / "out").glob("*.mp4")] == ["r2.mp4"]
    assert bw.resume_button.isEnabled() and not bw.retry_button.isEnabled()


def test_template_and_voice_for_all_fill_every_row(qtbot, window) -> None:
    bw = open_batch(qtbot, window)
    type_topics(bw, "Why cats purr", "How tea is made")
    qtbot.waitUntil(
        lambda: bw.template_combo.count() > 1 and bw.voice_combo.count() > 1, timeout=30_000
    )
    template_col, voice_col = CELL_COLUMNS.index("template"), CELL_COLUMNS.index("voice")
    QTest.keyClick(bw.template_combo, Qt.Key.Key_Down)  # the first template
    chosen = bw.template_combo.currentData()
    assert chosen and [bw.table.item(r, template_col).text() for r in range(2)] == [chosen] * 2
    QTest.keyClick(bw.voice_combo, Qt.Key.Key_Down)
    voice = bw.voice_combo.currentData()
    assert ":" in voice  # engine:voice, as a project stores it
    assert [bw.table.item(r, voice_col).text() for r in range(2)] == [voice] * 2
    edit_cell(qtbot, bw, 1, "template", "No such template")  # one row can still differ
    QTest.keyClick(bw.voice_combo, Qt.Key.Key_Up)  # back to "Each row's own": cells stay
    assert bw.voice_combo.currentData() == ""
    assert [bw.table.item(r, voice_col).text() for r in range(2)] == [voice] * 2
    assert bw.table.item(0, template_col).text() == chosen
