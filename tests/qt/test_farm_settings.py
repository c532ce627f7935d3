"""Settings > Rendering > Farm in the window, against a real farm on 127.0.0.1 (redis-server with
a password, two `shortvid worker` processes, file:// storage): Test connection lists the live
workers or says what is wrong; the choice is saved (the password in the keyring, never in the
settings) and read back; a window export then renders on the farm."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "farm"))

from farm_cluster import REDIS, Cluster, tiny_project
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from qt_helpers import wait_jobs

from shortvid_desktop.qt.settings_dialog import SettingsDialog
from shortvid_desktop.session import Session
from shortvid_desktop.session import farm as farm_session
from shortvid_desktop.session.exports import SETTING_LAST_FOLDER
from shortvid_desktop.session.settings import (
    SETTING_FARM_BROKER,
    SETTING_FARM_MODE,
    SETTING_FARM_STORAGE,
    Store,
)

pytest.importorskip("celery")
pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed")


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    cluster = Cluster(tmp_path_factory.mktemp("farm"), ["w1", "w2"])
    try:
        yield cluster
    finally:
        cluster.close()


def _click(widget, pos: QPoint | None = None) -> None:
    QTest.mouseClick(
        widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        pos or widget.rect().center(),
    )  # fmt: skip


def _retype(widget, text: str) -> None:
    _click(widget)
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        QTest.keyClicks(widget, text)
    else:
        QTest.keyClick(widget, Qt.Key.Key_Delete)


def _open_rendering(window, qtbot) -> SettingsDialog:
    window.act_settings.trigger()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.farm_password_state.text() != "", timeout=30_000)  # loaded
    bar = dialog.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == "Rendering")
    _click(bar, bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index
    return dialog


def _test_connection(dialog, qtbot) -> str:
    _click(dialog.farm_test_button)
    qtbot.waitUntil(lambda: dialog.farm_result.text()[:1] in ("✓", "✗"), timeout=30_000)
    return dialog.farm_result.text()


def _choose_farm(window, qtbot, farm: Cluster) -> SettingsDialog:
    """Rendering page: Farm, the broker without its password, the password, the storage."""
    dialog = _open_rendering(window, qtbot)
    host = farm.redis.url.rsplit("@", 1)[1]
    _click(dialog.render_farm)
    assert dialog.render_farm.isChecked()
    _retype(dialog.farm_broker, f"redis://{host}")
    _retype(dialog.farm_storage, farm.storage)
    return dialog


def test_test_connection_lists_the_workers_and_wrong_password_says_so(
    window, qtbot, farm: Cluster
) -> None:
    dialog = _choose_farm(window, qtbot, farm)
    _retype(dialog.farm_password, "not-the-password")
    text = _test_connection(dialog, qtbot)
    assert text.startswith("✗"), text
    assert "password" in text.lower() or "auth" in text.lower(), text
    assert "not-the-password" not in text
    assert dialog.farm_workers.count() == 0

    _retype(dialog.farm_password, farm.redis.password)
    text = _test_connection(dialog, qtbot)
    assert text.startswith("✓"), text
    rows = [dialog.farm_workers.item(i).text() for i in range(dialog.farm_workers.count())]
    assert len(rows) == 2, rows
    assert {r.split("-")[0] for r in rows} == {"w1", "w2"}
    from shortvid_desktop import __version__

    assert all(f"version {__version__}" in r and "of 1 busy" in r for r in rows), rows
    wait_jobs(qtbot, window)


def test_the_choice_is_saved_and_read_back_and_exports_render_on_the_farm(
    window, make_window, qtbot, farm: Cluster, media, tmp_path: Path
) -> None:
    import av

    dialog = _choose_farm(window, qtbot, farm)
    _retype(dialog.farm_password, farm.redis.password)
    assert _test_connection(dialog, qtbot).startswith("✓")
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox)
    _click(box.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: farm_session.broker_password() == farm.redis.password, timeout=30_000)
    with Store() as store:
        assert store.get_setting(SETTING_FARM_MODE) == "farm"
        assert store.get_setting(SETTING_FARM_STORAGE) == farm.storage
        broker = store.get_setting(SETTING_FARM_BROKER)
        assert broker and farm.redis.password not in broker  # the password is in the keyring
    # a new dialog reads it all back
    again = SettingsDialog(window.runner, window)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.farm_broker.text() == broker, timeout=30_000)
    assert again.render_farm.isChecked() and not again.render_here.isChecked()
    assert again.farm_storage.text() == farm.storage
    assert again.farm_password.text() == ""
    assert "keyring" in again.farm_password_state.text()

    # an export from the window now renders on the farm
    folder = tmp_path / "exports"
    folder.mkdir()
    with Store() as store:
        store.set_setting(SETTING_LAST_FOLDER, str(folder))
    session = Session(tiny_project(media, tmp_path, seconds=2.0))
    win = make_window(session)
    qtbot.waitUntil(win.isActiveWindow)
    with qtbot.waitSignal(win.export_finished, timeout=240_000) as blocker:
        QTest.keyClick(win, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    out = Path(blocker.args[0])
    assert out.parent == folder and out.is_file()
    with av.open(str(out)) as c:
        frames = sum(1 for _ in c.decode(video=0))
    assert frames == 30  # 2 s at 15 fps
    from shortvid_desktop.store.farm_jobs import FarmJobStore

    jobs = FarmJobStore(farm_session.farm_jobs_path())
    try:
        done = [j for j in jobs.jobs("done") if j.out_path == str(out)]
    finally:
        jobs.close()
    assert len(done) == 1 and done[0].digest
    wait_jobs(qtbot, win)
    wait_jobs(qtbot, window)


def test_upload_and_copy_link_after_an_export(make_window, qtbot, media, tmp_path: Path) -> None:
    """Exported here (This computer), then "Upload and copy link" with a 1-day link: the
    clipboard holds a link that downloads the same bytes."""
    import urllib.request

    from PySide6.QtGui import QGuiApplication

    share = tmp_path / "share"
    share.mkdir()
    folder = tmp_path / "exports"
    folder.mkdir()
    with Store() as store:
        store.set_setting(SETTING_FARM_STORAGE, share.as_uri())
        store.set_setting(SETTING_LAST_FOLDER, str(folder))
    window = make_window(Session(tiny_project(media, tmp_path, seconds=1.0)))
    QGuiApplication.clipboard().setText("nothing yet")
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.export_finished, timeout=120_000) as blocker:
        QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    out = Path(blocker.args[0])
    assert out.parent == folder and out.is_file()
    assert not any(share.rglob("*.mp4")) and not list(share.rglob("*"))  # rendered here
    dialog = window.exporter.show_dialog()
    qtbot.waitExposed(dialog)
    assert dialog.share_button.isEnabled()
    combo = dialog.share_expiry
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    assert combo.currentData() == 86400
    _click(dialog.share_button)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() != "nothing yet", timeout=30_000)
    link = QGuiApplication.clipboard().text()
    assert link.startswith("file://"), link
    assert "Link copied" in dialog.share_label.text()
    with urllib.request.urlopen(link) as resp:
        assert resp.read() == out.read_bytes()
    wait_jobs(qtbot, window)


def test_upload_without_storage_says_what_to_set(make_window, qtbot, media, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with Store() as store:
        store.set_setting(SETTING_LAST_FOLDER, str(folder))
    window = make_window(Session(tiny_project(media, tmp_path, seconds=1.0)))
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.export_finished, timeout=120_000):
        QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.exporter.show_dialog()
    qtbot.waitExposed(dialog)
    _click(dialog.share_button)
    qtbot.waitUntil(lambda: "failed" in dialog.share_label.text(), timeout=30_000)
    assert "farm.storage_url" in dialog.share_label.text()
    assert dialog.share_button.isEnabled()
    wait_jobs(qtbot, window)


def test_cancel_a_farm_export_from_the_window_leaves_nothing(
    make_window, qtbot, farm: Cluster, media, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    host = farm.redis.url.rsplit("@", 1)[1]
    farm_session.set_broker_password(farm.redis.password)
    with Store() as store:
        store.set_setting(SETTING_LAST_FOLDER, str(folder))
        store.set_setting(SETTING_FARM_MODE, "farm")
        store.set_setting(SETTING_FARM_BROKER, f"redis://{host}")
        store.set_setting(SETTING_FARM_STORAGE, farm.storage)
    win = make_window(Session(tiny_project(media, tmp_path, seconds=3.0)))
    qtbot.waitUntil(win.isActiveWindow)
    with qtbot.waitSignal(win.export_cancelled, timeout=120_000):
        with qtbot.waitSignal(win.export_queue.started, timeout=60_000):
            QTest.keyClick(win, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        dialog = win.exporter.show_dialog()
        qtbot.waitUntil(dialog.cancel_button.isEnabled, timeout=30_000)
        _click(dialog.cancel_button)
    assert list(folder.iterdir()) == []  # no MP4, no partial file
    from shortvid_desktop.store.farm_jobs import FarmJobStore

    jobs = FarmJobStore(farm_session.farm_jobs_path())
    try:
        assert jobs.jobs("done") == []
    finally:
        jobs.close()
    wait_jobs(qtbot, win)


def test_a_farm_export_with_no_worker_ends_with_a_clear_message(
    make_window, qtbot, media, tmp_path: Path
) -> None:
    """Settings choose the farm, but no `shortvid worker` runs: with farm.worker_wait_s = 1 the
    window's export ends within seconds, the notice bar saying no worker answered (instead of
    "Waiting for a farm worker" for ever); nothing is written, the job's record says why."""
    from farm_cluster import RedisServer

    from shortvid_desktop.session.settings import SETTING_FARM_WORKER_WAIT
    from shortvid_desktop.store.farm_jobs import FarmJobStore

    root = tmp_path / "lonely"
    root.mkdir()
    server = RedisServer(root)
    server.start()
    try:
        folder = tmp_path / "exports"
        folder.mkdir()
        share = tmp_path / "share"
        share.mkdir()
        farm_session.set_broker_password(server.password)
        with Store() as store:
            store.set_setting(SETTING_LAST_FOLDER, str(folder))
            store.set_setting(SETTING_FARM_MODE, "farm")
            store.set_setting(SETTING_FARM_BROKER, f"redis://127.0.0.1:{server.port}/0")
            store.set_setting(SETTING_FARM_STORAGE, share.as_uri())
            store.set_setting(SETTING_FARM_WORKER_WAIT, 1)
        win = make_window(Session(tiny_project(media, tmp_path, seconds=2.0)))
        qtbot.waitUntil(win.isActiveWindow)
        with qtbot.waitSignal(win.export_failed, timeout=60_000) as blocker:
            QTest.keyClick(win, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        message = blocker.args[0]
        assert "No farm worker answered in 1 s" in message and "shortvid worker" in message
        assert server.password not in message
        qtbot.waitUntil(lambda: "No farm worker answered" in win.notice_bar.label.text())
        assert list(folder.iterdir()) == []
        jobs = FarmJobStore(farm_session.farm_jobs_path())
        try:
            row = jobs.jobs()[-1]
        finally:
            jobs.close()
        assert row.state == "failed" and "No farm worker answered" in row.error
        wait_jobs(qtbot, win)
    finally:
        server.kill()


def test_the_farm_waits_are_set_in_settings_and_read_back(window, qtbot) -> None:
    """Rendering page: "Wait for a worker" and "Longest farm export", typed into their spin
    boxes, are what a farm job then waits (session.farm.farm_waits), and a new dialog shows them."""
    dialog = _open_rendering(window, qtbot)
    assert dialog.farm_worker_wait.value() == 60 and dialog.farm_deadline.value() == 6
    for box, text in ((dialog.farm_worker_wait, "90"), (dialog.farm_deadline, "12")):
        editor = box.lineEdit()
        _click(editor)
        QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(editor, text)
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox)
    _click(box.button(QDialogButtonBox.StandardButton.Ok))
    waits = farm_session.farm_waits()
    assert (waits.worker_wait_s, waits.deadline_s) == (90.0, 12 * 3600.0)
    again = SettingsDialog(window.runner, window)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.farm_password_state.text() != "", timeout=30_000)  # loaded
    assert again.farm_worker_wait.value() == 90 and again.farm_deadline.value() == 12
