"""The visuals picker driven like a user: Find visuals on a scene, candidates from the local
stock servers with their thumbnails streamed in, a click on one in the grid, Replace (the
download runs as a job), the scene's clip on the timeline uses it, Ctrl+Z puts the old one
back, Shuffle shows other candidates, the credits list the stock asset, and a server answering
500 gives a clear message in the dialog."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtTest import QTest
from qt_helpers import tiny_session, wait_jobs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stock"))
from stock_server import PEXELS_KEY, StockServer, make_stock_server

from shortvid_desktop import secrets
from shortvid_desktop.ai.offline import script_from_text
from shortvid_desktop.core.model import Clip
from shortvid_desktop.edits import AssetAddCommand, ClipAddCommand, TrackAddCommand
from shortvid_desktop.media.importer import asset_from_path
from shortvid_desktop.qt.visuals_picker import PREVIEW_ROLE
from shortvid_desktop.session import visuals
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


EN = (
    "Red fishing boats sail slowly across the wide open sea in the morning. "
    "Green hills roll far away under a pale blue sky all day long."
)
ZH = (
    "红色的渔船在清晨缓缓驶过宽阔的大海，海鸥在船边飞翔。"
    "绿色的山丘在淡蓝色的天空下连绵起伏，一整天都很安静。"
)


def _session(media, text: str = EN):
    """Two scenes, each with its own picture on the video track (0-2 s, 2-4 s)."""
    s = tiny_session()
    s.set_script(script_from_text(text))
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


def _aside(window, picker) -> None:
    """The picker beside the main window, not over it: the offscreen platform has no stacking
    order, so a mouse move goes to the first window at that point."""
    picker.move(window.frameGeometry().right() + 40, window.frameGeometry().top())


def _open_picker(qtbot, window):
    panel = window.scenes_panel
    panel.select_row(0)
    QTest.mouseClick(panel.visuals_button, LEFT)
    picker = window.visuals_picker
    _aside(window, picker)
    qtbot.waitUntil(lambda: picker.isVisible() and picker.search_job is None, timeout=30_000)
    return picker


def _wait_thumbnails(qtbot, picker) -> None:
    qtbot.waitUntil(
        lambda: (
            picker.model.rowCount() > 0
            and all(picker.model.item(r).data(PREVIEW_ROLE) for r in range(picker.model.rowCount()))
        ),
        timeout=30_000,
    )


def _hover(picker, row: int) -> None:
    """The mouse moves onto a candidate (no button): the grid's viewport gets the move."""
    rect = picker.view.visualRect(picker.model.index(row, 0))
    QTest.mouseMove(picker.view.viewport(), rect.center())


def _shown_colour(picker):
    """The colour in the middle of the lower half of the preview pane's picture."""
    image = picker.hover_preview.pixmap().toImage()
    return image.pixelColor(image.width() // 2, image.height() * 3 // 4)


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
    _aside(window, picker)
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
    # the mouse on its way to the click shows its preview (its own download of the clip's
    # smallest file): let that end first
    _hover(picker, 0)
    qtbot.waitUntil(
        lambda: picker.preview_job is None and len(picker.preview_frames) > 1, timeout=30_000
    )
    rect = picker.view.visualRect(picker.model.index(0, 0))
    QTest.mouseClick(picker.view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, rect.center())
    chosen = picker.candidate(0)
    assert chosen.kind == "video"
    wanted = f"v{int(chosen.id) - 100}_small.mp4"  # the smallest portrait file that covers
    asked = stock.hits("media").count({"name": wanted})
    stock.fail_next("media", "slow")
    QTest.mouseClick(picker.replace_button, LEFT)
    qtbot.waitUntil(lambda: stock.hits("media").count({"name": wanted}) > asked, timeout=10_000)
    assert picker.progress.isVisible()
    QTest.mouseClick(picker.cancel_button, LEFT)
    qtbot.waitUntil(lambda: picker.download_job is None, timeout=10_000)
    assert "cancelled" in picker.status.text()
    assert [_scene_clip_asset(window, s.id).id for s in scenes] == before
    assert not window.session.stack.can_undo
    wait_jobs(qtbot, window)


RGB = {"red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0)}


def _near(colour, name: str) -> bool:
    want = RGB[name]
    got = (colour.red(), colour.green(), colour.blue())
    return all(abs(a - b) < 48 for a, b in zip(got, want, strict=True))


def test_pointing_at_a_candidate_shows_it_larger(qtbot, make_window, media, stock) -> None:
    from stock_server import COLORS

    window = make_window(_session(media))
    picker = _open_picker(qtbot, window)
    _wait_thumbnails(qtbot, picker)
    assert picker.preview_frames == []
    # a clip (Pexels video 103: blue): its poster, then frames of its smallest portrait file
    row = next(r for r in range(picker.model.rowCount()) if picker.candidate(r).id == "103")
    clip = picker.candidate(row)
    _hover(picker, row)
    qtbot.waitUntil(lambda: len(picker.preview_frames) > 1, timeout=30_000)
    assert {"name": "v3_small.mp4"} in stock.hits("media")
    assert {f.size().toTuple() for f in picker.preview_frames} == {(180, 320)}
    assert picker._frame_timer.isActive()  # a loop of its frames
    shown = picker.hover_preview.pixmap()
    assert shown.height() > 2 * picker.view.iconSize().height()  # larger than the grid's
    assert _near(_shown_colour(picker), COLORS[2]), _shown_colour(picker).name()
    assert clip.kind == "video" and picker.view.currentIndex().row() == -1  # only pointed at

    # a photo (Pexels photo 202: green): the larger picture, not the grid's small one
    row = next(r for r in range(picker.model.rowCount()) if picker.candidate(r).key == "pexels:202")
    _hover(picker, row)
    qtbot.waitUntil(
        lambda: [f.size() for f in picker.preview_frames] == [QSize(360, 640)], timeout=30_000
    )
    assert not picker._frame_timer.isActive()
    assert picker.hover_preview.pixmap().height() > 2 * picker.view.iconSize().height()
    assert _near(_shown_colour(picker), "green"), _shown_colour(picker).name()
    # back to the clip: from the memory cache at once, no new request
    asked = len(stock.hits("media"))
    _hover(picker, next(r for r in range(picker.model.rowCount()) if picker.candidate(r) == clip))
    assert len(picker.preview_frames) > 1 and len(stock.hits("media")) == asked
    wait_jobs(qtbot, window)


def _ai_provider(stock, budget: float) -> None:
    """The openai provider's images endpoint is the local server's; a monthly budget."""
    secrets.set_key("openai", "sk-test-images-Zq8vK2mW9xR4")
    with Store() as store:
        store.set_setting("ai.providers", {"openai": {"base_url": stock.openai_url}})
        store.set_setting("usage.budgets", {"openai": budget})


def test_an_ai_image_is_generated_replaces_and_is_credited(qtbot, make_window, media, stock):
    _ai_provider(stock, 1.0)
    window = make_window(_session(media))
    scene = window.session.project.script.scenes[0]
    before = _scene_clip_asset(window, scene.id)
    picker = _open_picker(qtbot, window)
    rows = picker.model.rowCount()
    QTest.mouseClick(picker.ai_button, LEFT)
    assert picker.download_job is not None and picker.cancel_button.isEnabled()
    assert picker.progress.isVisible() and not picker.ai_button.isEnabled()
    qtbot.waitUntil(lambda: picker.download_job is None, timeout=60_000)
    [body] = stock.hits("images")
    assert "fishing boats" in body["prompt"] and "vertical 9:16" in body["prompt"]
    assert body["size"] == "1024x1536"
    assert picker.model.rowCount() == rows + 1 and picker.view.currentIndex().row() == 0
    made = picker.candidate(0)
    assert made.ai_generated and picker.model.item(0).data(PREVIEW_ROLE)
    assert "AI image" in picker.model.item(0).text() and "ready" in picker.status.text()
    assert not window.session.stack.can_undo  # drawn, not used yet

    _hover(picker, 0)  # its preview is its own file, larger
    qtbot.waitUntil(
        lambda: [f.size() for f in picker.preview_frames] == [QSize(360, 540)], timeout=30_000
    )
    QTest.mouseClick(picker.replace_button, LEFT)
    now = _scene_clip_asset(window, scene.id)
    assert now.ai_generated and now.source_provider == "ai:openai"
    assert (now.width, now.height) == (1024, 1536) and scene.media == [now.id]
    assert len(stock.hits("images")) == 1  # Replace used the picture drawn, not a new one
    assert picker.credits.rowCount() == 1
    assert picker.credits.item(0, 0).text().startswith("AI-generated")
    text = visuals.credits_text(window.session.project)
    assert "AI-generated" in text and "gpt-image-1" in text
    window.session.stack.undo()
    assert _scene_clip_asset(window, scene.id).id == before.id
    wait_jobs(qtbot, window)


def test_an_ai_image_over_the_budget_is_refused_in_the_dialog(qtbot, make_window, media, stock):
    _ai_provider(stock, 0.01)  # a picture is about $0.06
    window = make_window(_session(media))
    scene = window.session.project.script.scenes[0]
    before = _scene_clip_asset(window, scene.id)
    picker = _open_picker(qtbot, window)
    keys = _keys(picker)
    QTest.mouseClick(picker.ai_button, LEFT)
    qtbot.waitUntil(lambda: picker.download_job is None, timeout=60_000)
    text = picker.status.text()
    assert text.startswith("No AI image") and "Refused before sending" in text, text
    assert "monthly budget" in text and "shortvid usage --budget openai" in text
    assert stock.hits("images") == []  # nothing sent
    assert _keys(picker) == keys and not picker.progress.isVisible()
    assert _scene_clip_asset(window, scene.id).id == before.id
    assert not window.session.stack.can_undo and picker.credits.rowCount() == 0
    assert picker.ai_button.isEnabled()
    wait_jobs(qtbot, window)


@pytest.fixture
def llm(openai_server):
    """An AI provider set: the openai provider's chat answered by the local LLM server."""
    import json

    from servers.fixtures import TEST_KEY

    secrets.set_key("openai", TEST_KEY)
    with Store() as store:
        store.set_setting("ai.provider", "openai")
        store.set_setting("ai.providers", {"openai": {"base_url": openai_server.url}})

    def reply(body: dict) -> str:
        n = body["messages"][-1]["content"].count("\nScene ")
        scenes = [{"scene": i + 1, "queries": [f"llm shot {i + 1}", "llm wide"]} for i in range(n)]
        return json.dumps({"scenes": scenes})

    openai_server.reply = reply
    return openai_server


def test_the_search_box_starts_with_the_llms_query(qtbot, make_window, media, stock, llm):
    window = make_window(_session(media, ZH))  # a Chinese script: English queries (en-US)
    scenes = window.session.project.script.scenes
    assert len(scenes) == 2 and window.session.project.script.language.startswith("zh")
    QTest.mouseClick(window.scenes_panel.visuals_button, LEFT)  # every scene
    picker = window.visuals_picker
    qtbot.waitUntil(
        lambda: (
            picker.queries_job is None
            and picker.search_job is None
            and picker.query.text() == "llm shot 1"
        ),
        timeout=30_000,
    )
    assert len(llm.calls("chat")) == 1  # one call for the whole script
    last = stock.hits("pexels_videos")[-1]
    assert last["query"] == "llm shot 1" and last["locale"] == "en-US"
    assert picker.model.rowCount() > 0
    picker.scene_box.setFocus()
    QTest.keyClick(picker.scene_box, Qt.Key.Key_Down)
    assert picker.scene_id() == scenes[1].id and picker.query.text() == "llm shot 2"
    qtbot.waitUntil(lambda: picker.search_job is None, timeout=30_000)
    assert stock.hits("pexels_videos")[-1]["query"] == "llm shot 2"
    picker.close()
    window.visuals_picker.open_for([scenes[0].id])  # the same dialog again: not asked again
    qtbot.waitUntil(lambda: picker.search_job is None, timeout=30_000)
    assert len(llm.calls("chat")) == 1 and picker.queries_job is None
    wait_jobs(qtbot, window)


def test_a_failing_llm_leaves_the_offline_keywords(qtbot, make_window, media, stock, llm):
    llm.fail_next("chat", "500", "500", "500", "500")
    window = make_window(_session(media))
    scene = window.session.project.script.scenes[0]
    offline = visuals.scene_query(window.session.project, scene.id)
    picker = _open_picker(qtbot, window)
    qtbot.waitUntil(lambda: picker.queries_job is None, timeout=60_000)
    qtbot.waitUntil(lambda: picker.search_job is None, timeout=30_000)
    assert llm.calls("chat") and picker.query.text() == offline
    asked = [q["query"] for q in stock.hits("pexels_videos")]
    assert asked and not any(q.startswith("llm") for q in asked)
    assert "could not write them" in picker.query.toolTip()
    wait_jobs(qtbot, window)


def test_drawing_an_ai_image_can_be_cancelled(qtbot, make_window, media, stock):
    _ai_provider(stock, 1.0)
    stock.fail_next("images", "slow")
    window = make_window(_session(media))
    picker = _open_picker(qtbot, window)
    keys = _keys(picker)
    QTest.mouseClick(picker.ai_button, LEFT)
    qtbot.waitUntil(lambda: len(stock.hits("images")) == 1, timeout=30_000)
    assert picker.cancel_button.isEnabled()
    QTest.mouseClick(picker.cancel_button, LEFT)
    qtbot.waitUntil(lambda: picker.download_job is None, timeout=10_000)
    assert picker.status.text() == "AI image cancelled; nothing changed."
    assert _keys(picker) == keys and not window.session.stack.can_undo
    assert picker.ai_button.isEnabled() and not picker.progress.isVisible()
    wait_jobs(qtbot, window)
