"""Drag and drop as the desktop does it: real drags under Xvfb, for every drop target.

A private X server (Xvfb) runs the editor window (tests/qt/drop_harness.py, its own process on
the xcb platform) and a stand-in for a file manager (tests/qt/drag_source.py: a small window that
drags file URLs with Copy and Move allowed and Move proposed, as file managers do on one disk).
xdotool presses on the source, moves the pointer in steps onto the target and releases, so the
drag goes through the X server's drag-and-drop protocol like a person's.

Each test checks that the files were imported, that the drop was answered as *copy* (what the
source's ``QDrag.exec()`` returned: a file manager told "move" deletes the originals), and that a
broken file is explained in plain words in the Messages panel and the notice bar.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from xdrag import HERE, Peer, XServer, missing_tools

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=missing_tools() or "ok")

APP_AT = (200, 0)  # the window's top-left corner on the X screen
SOURCE_AT = (10, 300)  # the file manager's, left of the window


@pytest.fixture(scope="module")
def xserver():
    server = XServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def app(xserver: XServer, tmp_path_factory: pytest.TempPathFactory):
    """The editor window in its own process on the X server (one for the module)."""
    home = tmp_path_factory.mktemp("drop_home")
    peer = Peer(
        [str(HERE / "drop_harness.py"), *map(str, APP_AT)],
        xserver.env(SHORTVID_HOME=str(home)),
        "the window",
    )
    try:
        peer.expect("ready", timeout=90)
    except AssertionError:
        if any('platform plugin "xcb"' in line for line in peer.stderr):
            peer.close()
            pytest.skip("Qt's xcb platform plugin cannot load here (apt-get install libxcb-*)")
        raise
    yield peer
    peer.close()


@pytest.fixture
def fresh(app: Peer) -> Peer:
    app.ask("reset")
    return app


def _random_jpg(path: Path) -> Path:
    """Random bytes behind a .jpg name (no magic number by chance)."""
    rng = random.Random(5)
    data = bytearray(rng.getrandbits(8) for _ in range(5000))
    data[:4] = b"\x13\x37\x00\x42"
    path.write_bytes(bytes(data))
    return path


def _drag_from_file_manager(
    xserver: XServer, app: Peer, paths: list[Path], target: str
) -> tuple[str, dict]:
    """Drag ``paths`` from the stand-in file manager onto ``target`` of the window and drop
    them. Returns the drop action the source was given and the window's import report."""
    where = app.ask("where", target=target)
    assert where["visible"], f"{target} is not on the screen"
    source = Peer(
        [str(HERE / "drag_source.py"), *map(str, SOURCE_AT), *map(str, paths)],
        xserver.env(),
        "the file manager",
    )
    try:
        at = source.expect("ready")
        start = (at["x"], at["y"])
        xserver.xdotool("mousemove", "--sync", *start)
        xserver.xdotool("mousedown", 1)
        xserver.xdotool("mousemove", "--sync", start[0] + 20, start[1] + 4)
        source.expect("started", timeout=15)
        end = (where["x"], where["y"])
        steps = 10
        for i in range(1, steps + 1):
            xserver.xdotool(
                "mousemove",
                "--sync",
                start[0] + (end[0] - start[0]) * i // steps,
                start[1] + (end[1] - start[1]) * i // steps,
            )
        _release_over(xserver, app, target, end)
        result = source.expect("result", timeout=15)
        assert result["action"] != "ignore", f"the {target} refused the drop: {source.seen}"
        report = app.expect("import_finished", timeout=60)
    finally:
        source.close()
    return result["action"], report


def _release_over(xserver: XServer, app: Peer, target: str, end: tuple[int, int]) -> None:
    """Release the button once ``target`` has answered the drag where the pointer is.

    A drag source sends the pointer's position only after the answer to the previous one, so a
    move made while it waits is not sent: nudge the pointer until the answer is for where it is
    (a release before that would drop on the answer to an earlier point)."""
    for nudge in range(1, 8):
        here = (end[0] + nudge, end[1] + nudge % 2)
        xserver.xdotool("mousemove", "--sync", *here)
        try:
            app.expect(
                "drag_over",
                timeout=5,
                where=lambda m, h=here: m["target"] == target and (m["x"], m["y"]) == h,
            )
        except AssertionError:
            continue
        xserver.xdotool("mouseup", 1)
        return
    xserver.xdotool("mouseup", 1)
    raise AssertionError(f"the {target} never answered the drag: {app.seen[-12:]}")


def _media_folder(media, tmp_path: Path) -> Path:
    folder = tmp_path / "holiday"
    (folder / "day two").mkdir(parents=True)
    shutil.copyfile(media.image("drop_a.png", color="red"), folder / "beach.png")
    shutil.copyfile(media.video("drop_clip.mp4", seconds=1.0), folder / "day two" / "waves.mp4")
    _random_jpg(folder / "photo.jpg")
    return folder


def test_a_folder_dragged_onto_the_library_is_imported_as_a_copy(
    xserver, fresh, media, tmp_path: Path
) -> None:
    folder = _media_folder(media, tmp_path)
    action, report = _drag_from_file_manager(xserver, fresh, [folder], "library")
    assert action == "copy"
    assert sorted(report["added"]) == ["beach.png", "waves.mp4"]
    state = fresh.ask("state")
    assert state["assets"] == ["beach.png", "waves.mp4"]
    plain = "photo.jpg is not a picture — it is damaged, or not a picture at all."
    assert plain in state["messages"]
    assert "photo.jpg" in state["notice"] and "not a picture" in state["notice"]
    assert any(plain in p for p in state["problems"])
    # the status bar said what ran (the folder, then its 3 files), and no longer does
    assert "Importing the folder holiday…" in state["status"]
    assert "Importing 3 files…" in state["status"]
    assert "Importing" not in state["status_now"]
    assert all(p.exists() for p in (folder / "beach.png", folder / "day two" / "waves.mp4"))
    assert state["can_undo"]


def test_files_dragged_onto_the_empty_library_hint(xserver, fresh, media, tmp_path: Path) -> None:
    broken = tmp_path / "snapshot.jpg"  # a damaged video behind a picture's name
    shutil.copyfile(media.corrupt("drop_broken.mp4"), broken)
    picture = media.image("drop_hint.png", color="green")
    action, report = _drag_from_file_manager(xserver, fresh, [picture, broken], "hint")
    assert action == "copy"
    assert report["added"] == ["drop_hint.png"]
    state = fresh.ask("state")
    assert state["assets"] == ["drop_hint.png"]
    plain = "snapshot.jpg is not a picture — it is a broken or misnamed video."
    assert plain in state["messages"]
    assert state["notice"] == f"Not imported: {plain}"


def test_files_and_a_folder_dragged_onto_the_timeline(
    xserver, fresh, media, tmp_path: Path
) -> None:
    folder = _media_folder(media, tmp_path)
    notes = media.text_file("drop_notes.txt")
    action, report = _drag_from_file_manager(xserver, fresh, [folder, notes], "timeline")
    assert action == "copy"
    assert sorted(report["added"]) == ["beach.png", "waves.mp4"]
    state = fresh.ask("state")
    (video,) = [t for t in state["tracks"] if t["kind"] == "video"]
    (a_start, a_end), (b_start, _b_end) = video["clips"]
    # the video track is magnetic (issue 15): an empty one starts at 0, one after another
    assert a_start == 0 and b_start == a_end
    assert (
        "drop_notes.txt is not a picture, clip or sound file — it is a text file."
        in (state["messages"])
    )
    assert "photo.jpg" in state["messages"]
    undone = fresh.ask("undo")  # importing and placing were one step
    assert undone["assets"] == [] and undone["tracks"] == []


def test_a_clip_dragged_onto_the_preview_goes_in_at_the_playhead(
    xserver, fresh, media, tmp_path: Path
) -> None:
    clip = tmp_path / "interview.mp4"
    shutil.copyfile(media.video("drop_preview.mp4", seconds=1.0), clip)
    action, report = _drag_from_file_manager(xserver, fresh, [clip], "preview")
    assert action == "copy"
    assert report["added"] == ["interview.mp4"]
    state = fresh.ask("state")
    assert state["assets"] == ["interview.mp4"]
    (video,) = [t for t in state["tracks"] if t["kind"] == "video"]
    assert video["clips"][0][0] == state["playhead"]
    assert clip.exists()


def test_a_library_item_dragged_onto_the_timeline(xserver, fresh, media) -> None:
    picture = media.image("drop_item.png", color="yellow")
    _drag_from_file_manager(xserver, fresh, [picture], "library")
    item = fresh.ask("where", target="library_item")
    end = fresh.ask("where", target="timeline")
    assert fresh.ask("state")["tracks"] == []
    # press on the item and drag it across the window
    xserver.xdotool("mousemove", "--sync", item["x"], item["y"])
    xserver.xdotool("mousedown", 1)
    steps = 12
    for i in range(1, steps + 1):
        xserver.xdotool(
            "mousemove",
            "--sync",
            item["x"] + (end["x"] - item["x"]) * i // steps,
            item["y"] + (end["y"] - item["y"]) * i // steps,
        )
    _release_over(xserver, fresh, "timeline", (end["x"], end["y"]))
    fresh.expect("edit", timeout=30)
    state = fresh.ask("state")
    (video,) = [t for t in state["tracks"] if t["kind"] == "video"]
    assert len(video["clips"]) == 1 and video["clips"][0][0] == 0  # magnetic: from the start
    assert state["assets"] == ["drop_item.png"]
