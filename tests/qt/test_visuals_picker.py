"""The visuals picker driven like a user: Find visuals on a scene, candidates from the local
stock servers with their thumbnails streamed in, a click on one in the grid, Replace (the
download runs as a job), the scene's clip on the timeline uses it, Ctrl+Z puts the old one
back, Shuffle shows other candidates, the credits list the stock asset, and a server answering
500 gives a clear message in the dialog."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from qt_helpers import tiny_session, wait_jobs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stock"))
from stock_server import PEXELS_KEY, StockServer, make_stock_server

from shortvid_desktop.ai.offline import script_from_text
from shortvid_desktop.core.model import Clip
from shortvid_desktop.edits import AssetAddCommand, ClipAddCommand, TrackAddCommand
from shortvid_desktop.media.importer import asset_from_path
from shortvid_desktop.qt.visuals_picker import PREVIEW_ROLE
from shortvid_desktop.store import Store

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def _server(tmp_path_factory: pytest.TempPathFactory):
    server = make_stock_server(tmp_path_factory.mktemp("picker-media"))
    yield server
    server.stop()


@pytest.fixture
def stock(_server: StockServer, monkeypatch: pytest.MonkeyPatch) -> StockServer:
    """Pexels (with a key) and Openverse pointed at the local server; no Pixabay key."""
    _server.reset()
    monkeypatch.setenv("SHORTVID_PEXELS_URL", _server.pexels_url)
    monkeypatch.setenv("SHORTVID_OPENVERSE_URL", _server.openverse_url)
    monkeypatch.setenv("PEXELS_API_KEY", PEXELS_KEY)
    monkeypatch.delenv("PIXABAY_API_KEY", raising=False)
    with Store() as store:
        store.set_setting("net.rate_limits", {"*": 0})
        store.set_setting("net.max_retries", 1)
    yield _server
    _server.reset()


def _session(media):
    """Two scenes, each with its own picture on the video track (0-2 s, 2-4 s)."""
    s = tiny_session()
    s.set_script(
        script_from_text(
            "Red fishing boats sail slowly across the wide open sea in the morning. "
            "Green hills roll far away under a pale blue sky all day long."
        )
    )
    first, second = s.project.script.scenes
    a = asset_from_path(media.image("pk_a.png", size="180x320", color="white"))
    b = asset_from_path(media.image("pk_b.png", size="180x320", color="black"))
    with s.stack.transaction("Set up"):
        for asset in (a, b):
            s.stack.push(AssetAddCommand(asset))
        s.stack.push(TrackAddCommand("video", "Video", track_id="tr_v"))
        for cid, asset, start, scene in (("c1", a, 0, first), ("c2", b, 2_000_000, second)):
            clip = Clip(
                id=cid, asset_id=asset.id, start_us=start, duration_us=2_000_000, scene_id=scene.id
            )
            s.stack.push(ClipAddCommand("tr_v", clip))
    s.stack.clear()
    return s


def _scene_clip_asset(window, scene_id: str):
    clips = [c for c in window.session.project.timeline.track("video").clips]
    [clip] = [c for c in clips if c.scene_id == scene_id]
    return window.session.project.assets[clip.asset_id]


def _open_picker(qtbot, window):
    panel = window.scenes_panel
    panel.select_row(0)
    QTest.mouseClick(panel.visuals_button, LEFT)
    picker = window.visuals_picker
    qtbot.waitUntil(lambda: picker.isVisible() and picker.search_job is None, timeout=30_000)
    return picker


def _keys(picker) -> list[str]:
    return [picker.candidate(r).key for r in range(picker.model.rowCount())]


def test_find_replace_undo_shuffle_and_credits(qtbot, make_window, media, stock) -> None:
    window = make_window(_session(media))
    scene = window.session.project.script.scenes[0]
    before = _scene_clip_asset(window, scene.id)
    picker = _open_picker(qtbot, window)
    assert picker.scene_id() == scene.id and picker.scene_box.count() == 1
    assert picker.query.text() and stock.hits("pexels_videos")[0]["query"] == picker.query.text()
    first_page = _keys(picker)
    # pexels videos and photos, openverse photos: 4 + 4 + 4, only portrait-capable ones
    assert len(first_page) == 12 and {k.split(":")[0] for k in first_page} == {
        "pexels",
        "openverse",
    }
    qtbot.waitUntil(  # thumbnails stream in as their jobs finish
        lambda: all(
            picker.model.item(r).data(PREVIEW_ROLE) for r in range(picker.model.rowCount())
        ),
        timeout=30_000,
    )
    assert "Pexels · video 12 s" in picker.model.item(0).text()

    row = 1
    rect = picker.view.visualRect(picker.model.index(row, 0))
    QTest.mouseClick(picker.view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, rect.center())
    assert picker.view.currentIndex().row() == row
    chosen = picker.candidate(row)
    assert chosen.author in picker.details.text() and "Pexels License" in picker.details.text()
    assert picker.replace_button.isEnabled()
    QTest.mouseClick(picker.replace_button, LEFT)
    assert picker.download_job is not None and picker.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: picker.download_job is None, timeout=60_000)
    now = _scene_clip_asset(window, scene.id)
    assert now.source_provider == "pexels" and now.source_id == chosen.id
    assert (now.width, now.height) == (180, 320)  # the smallest portrait file that covers
    assert scene.media == [now.id]
    assert _scene_clip_asset(window, window.session.project.script.scenes[1].id).id != now.id
    assert picker.credits.rowCount() == 1
    cells = [picker.credits.item(0, c).text() for c in range(4)]
    assert cells[0] == "Pexels" and cells[1] == chosen.author
    assert cells[3] == chosen.page_url and "Pexels License" in cells[2]

    picker.activateWindow()
    qtbot.waitUntil(picker.isActiveWindow, timeout=5_000)
    QTest.keyClick(picker.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _scene_clip_asset(window, scene.id).id == before.id
    assert picker.credits.rowCount() == 0

    picker.per_page = 3
    picker.search(page=1)
    qtbot.waitUntil(
        lambda: picker.search_job is None and picker.model.rowCount() > 0, timeout=30_000
    )
    page_one = _keys(picker)
    QTest.mouseClick(picker.shuffle_button, LEFT)
    qtbot.waitUntil(
        lambda: picker.search_job is None and picker.model.rowCount() > 0, timeout=30_000
    )
    page_two = _keys(picker)
    assert page_two and not set(page_two) & set(page_one)  # other candidates
    assert stock.hits("pexels_videos")[-1]["page"] == "2"
    wait_jobs(qtbot, window)


def test_a_server_error_is_a_clear_message_not_a_crash(qtbot, make_window, media, stock):
    for endpoint in ("pexels_videos", "pexels_photos", "openverse"):
        stock.fail_next(endpoint, "500", "500", "500", "500")
    window = make_window(_session(media))
    picker = _open_picker(qtbot, window)
    text = picker.status.text()
    assert picker.model.rowCount() == 0 and picker.isVisible()
    assert "Nothing found for" in text and "500" in text and "pexels" in text, text
    assert not picker.replace_button.isEnabled()
    wait_jobs(qtbot, window)


def test_the_export_dialogs_credit_box_reaches_the_export(qtbot, make_window, media, tmp_path):
    from shortvid_desktop.session import exports as ex

    window = make_window(_session(media))
    dialog = window.exporter.show_dialog()
    box = dialog.credits_box
    qtbot.waitUntil(lambda: window.runner.visible_jobs() == [], timeout=10_000)
    assert not box.isChecked()  # off by default
    QTest.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))  # on the box itself
    assert box.isChecked()
    qtbot.waitUntil(lambda: ex.get_setting(ex.SETTING_CREDITS_CARD, False) is True, timeout=10_000)
    entry = window.exporter._entry(window.session, str(tmp_path / "v.mp4"), credits_end_card=True)
    assert entry.pending.settings["credits_end_card"] is True
    entry.pending.discard()
    queued = window.exporter.queue_current(str(tmp_path / "w.mp4"))
    assert queued is not None and queued.pending.settings["credits_end_card"] is True
    window.exporter.queue.cancel_current()
    wait_jobs(qtbot, window)


def test_all_scenes_and_a_cancelled_download_changes_nothing(qtbot, make_window, media, stock):
    window = make_window(_session(media))
    scenes = window.session.project.script.scenes
    before = [_scene_clip_asset(window, s.id).id for s in scenes]
    panel = window.scenes_panel
    assert panel.current_row() == -1  # nothing selected: the picker takes every scene
    QTest.mouseClick(panel.visuals_button, LEFT)
    picker = window.visuals_picker
    qtbot.waitUntil(lambda: picker.search_job is None and picker.model.rowCount() > 0)
    assert picker.scene_box.count() == 2 and picker.scene_id() == scenes[0].id
    first_query = picker.query.text()
    picker.scene_box.setFocus()
    QTest.keyClick(picker.scene_box, Qt.Key.Key_Down)
    assert picker.scene_id() == scenes[1].id
    qtbot.waitUntil(lambda: picker.search_job is None and picker.model.rowCount() > 0)
    assert picker.query.text() != first_query
    assert stock.hits("pexels_videos")[-1]["query"] == picker.query.text()

    qtbot.waitUntil(  # every preview in: the next file asked for is the chosen one
        lambda: all(
            picker.model.item(r).data(PREVIEW_ROLE) for r in range(picker.model.rowCount())
        ),
        timeout=30_000,
    )
    stock.fail_next("media", "slow")
    rect = picker.view.visualRect(picker.model.index(0, 0))
    QTest.mouseClick(picker.view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, rect.center())
    QTest.mouseClick(picker.replace_button, LEFT)
    chosen = picker.candidate(0)
    assert chosen.kind == "video"
    wanted = f"v{int(chosen.id) - 100}_small.mp4"  # the smallest portrait file that covers
    qtbot.waitUntil(lambda: {"name": wanted} in stock.hits("media"), timeout=10_000)
    assert picker.progress.isVisible()
    QTest.mouseClick(picker.cancel_button, LEFT)
    qtbot.waitUntil(lambda: picker.download_job is None, timeout=10_000)
    assert "cancelled" in picker.status.text()
    assert [_scene_clip_asset(window, s.id).id for s in scenes] == before
    assert not window.session.stack.can_undo
    wait_jobs(qtbot, window)
