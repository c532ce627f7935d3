"""Instant playback without the window: a plan cut into keyed pieces, each piece rendered with its
strip of small frames, the sound track, and the frame feed (in order, across the pieces' joins,
waiting for a missing piece, seeking). Three 2 s pictures at 15 fps on a 180x320 canvas."""

from __future__ import annotations

import threading
from pathlib import Path

from test_proxies import three_scenes

from shortvid_desktop.jobs import CancelToken, Progress
from shortvid_desktop.session.playback import FrameFeed, Playback
from shortvid_desktop.session.preview import PreviewService
from shortvid_desktop.session.proxies import ProxyCache


def ready_playback(media, tmp_path: Path):
    session = three_scenes(media, tmp_path)
    key, plan = PreviewService(session).current_plan()
    playback = Playback(ProxyCache(tmp_path / "cache"))
    pmap = playback.layout_job(key, plan)(Progress(), CancelToken())
    return session, playback, pmap


def test_pieces_strips_and_sound(media, tmp_path: Path) -> None:
    _session, playback, pmap = ready_playback(media, tmp_path)
    assert [(p.f0, p.f1) for p in pmap.pieces] == [(0, 30), (30, 60), (60, 90)]
    assert not pmap.on_disk and pmap.sound_key and not pmap.sound_on_disk
    for piece in pmap.pieces:
        assert playback.piece_job(pmap, piece)(Progress(), CancelToken()) == piece.key
        assert piece.path.is_file() and playback.strips.has(piece.key)
    assert playback.rendered == [(0, 30), (30, 60), (60, 90)]
    # the nearest small frame: its own piece's, every 2nd frame (15 fps / 10), half size
    frame = playback.strips.nearest(pmap, 41)
    assert frame is not None and frame.f in (40, 42)
    assert (frame.width, frame.height) == (90, 160) and len(frame.rgb) == 90 * 160 * 3
    track = playback.sound_job(pmap)(Progress(), CancelToken())
    assert track == pmap.sound_path and track.stat().st_size > 1000
    # cached by content: the same plan again finds everything on disk
    again = playback.layout_job(pmap.plan_key, pmap.plan)(Progress(), CancelToken())
    assert again.on_disk == {p.key for p in pmap.pieces} and again.sound_on_disk
    playback.close()


def test_the_feed_plays_across_joins_waits_for_a_missing_piece_and_seeks(
    media, tmp_path: Path
) -> None:
    _session, playback, pmap = ready_playback(media, tmp_path)
    first, middle, last = pmap.pieces
    for piece in (first, last):
        playback.piece_job(pmap, piece)(Progress(), CancelToken())
    feed = FrameFeed(pmap, {first.key, last.key}, 20, queue=4)
    cancel = CancelToken()
    worker = threading.Thread(target=lambda: _run(feed, cancel))
    worker.start()
    try:
        assert frames(feed, 20, 29) == list(range(20, 30))  # to the end of the ready piece
        assert feed.take(30) is None and not feed.is_ready(35)  # the middle one is missing
        playback.piece_job(pmap, middle)(Progress(), CancelToken())
        feed.mark_ready(middle.key)  # it landed: the feed goes on with it
        assert frames(feed, 30, 65) == list(range(30, 66))  # through the join into the last
        feed.seek(10)
        assert frames(feed, 10, 12) == [10, 11, 12]
    finally:
        feed.close()
        cancel.cancel()
        worker.join(30)
    assert not worker.is_alive()
    playback.close()


def _run(feed: FrameFeed, cancel: CancelToken) -> None:
    try:
        feed.run(Progress(), cancel)
    except Exception:  # noqa: BLE001 - Cancelled when the test ends
        pass


def frames(feed: FrameFeed, first: int, last: int, timeout_s: float = 60.0) -> list[int]:
    """The frames the feed hands over when asked for each in turn (as a window ticking frame by
    frame would), from ``first`` to ``last``; polls the worker until then."""
    import time

    out: list[int] = []
    n = first
    end = time.monotonic() + timeout_s
    while n <= last and time.monotonic() < end:
        got = feed.take(n)
        if got is None:
            time.sleep(0.002)  # the worker decodes; nothing here is timed
            continue
        out.append(got[0])
        n = got[0] + 1
    return out
