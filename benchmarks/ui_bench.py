"""UI benchmark: does the window stay responsive? (docs/architecture.md, Benchmarks: no
event-loop stall over 50 ms during an export; a 1,000-clip timeline smooth to scroll and zoom.)

    python benchmarks/ui_bench.py                 # both parts, 1080x1920 export of the sample
    python benchmarks/ui_bench.py --quick         # 360x640, fewer repeats
    python benchmarks/ui_bench.py --part timeline
    python benchmarks/ui_bench.py --part export --trace   # what each thread ran in each stall

Part 1, export stall: the sample script and pictures are voiced and laid out (as a user would,
from the window), then exported from the window while a 5 ms QTimer runs on the GUI thread; the
gaps between its ticks are the event loop's stalls. Reported: the longest stall, p99, and how
many exceeded 50 ms, for the export phase and for the voicing/layout phase before it.

Part 3, play (``--part play``; issue 15, instant playback): see ``bench_play``.

Part 2, timeline: a project with 1,000 picture clips (and 250 voice clips, music under all) in
the timeline view: building the items from the model, a full repaint zoomed to fit (every clip
visible), a repaint at normal zoom, a scroll step, a zoom step (re-layout + repaint), zoom to
fit and back to 60 px/s, and a model change (an edit pushed, the view re-synced and repainted).
Medians and maxima in ms, wall time and the GUI thread's own CPU time (the machine's load is
printed: on a loaded machine the wall time is mostly the wait for a core).

Runs offscreen (QT_QPA_PLATFORM=offscreen) unless a display is set; SHORTVID_HOME defaults to a
temporary folder so your own data is untouched.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SHORTVID_HOME", tempfile.mkdtemp(prefix="shortvid-uibench-"))


def _runqueue_wait_s() -> float:
    """Seconds this thread has waited on a run queue for a core (Linux schedstat; else 0)."""
    try:
        with open("/proc/thread-self/schedstat") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def _stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    values = sorted(values)
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p99_ms": round(p99, 2),
        "max_ms": round(values[-1], 2),
    }


class StackSampler:
    """``--trace``: a thread sampling every thread's Python stack every 2 ms, so a stall can be
    laid beside what each thread was doing during it. A stall with no samples inside means the
    sampler could not get the interpreter either (a C call holding the GIL, or the process
    not scheduled at all: compare with the machine's load)."""

    def __init__(self, period_s: float = 0.002) -> None:
        import collections
        import threading

        self.period = period_s
        self.samples: collections.deque = collections.deque(maxlen=20_000)
        self.main_id = threading.get_ident()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stack-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    @staticmethod
    def _summary(frame) -> str:
        out = []
        while frame is not None and len(out) < 4:
            code = frame.f_code
            name = Path(code.co_filename).name
            if "threading" not in name and "ui_bench" not in name:
                out.append(f"{name}:{frame.f_lineno} {code.co_name}")
            frame = frame.f_back
        return " < ".join(out)

    def _run(self) -> None:
        import threading

        me = threading.get_ident()
        names = {}
        while not self._stop.is_set():
            t = time.perf_counter()
            stacks = {}
            for tid, frame in sys._current_frames().items():
                if tid == me:
                    continue
                if tid not in names:
                    th = next((x for x in threading.enumerate() if x.ident == tid), None)
                    names[tid] = "GUI" if tid == self.main_id else (th.name if th else str(tid))
                stacks[names[tid]] = self._summary(frame)
            self.samples.append((t, stacks))
            time.sleep(self.period)

    def between(self, t0: float, t1: float) -> list[tuple[float, dict]]:
        """Samples taken in [t0, t1], and the first one after (where the holder had got to)."""
        inside = [s for s in list(self.samples) if t0 <= s[0] <= t1 + 0.005]
        return inside


class StallMeter:
    """A 5 ms timer on the GUI thread; records the gap between ticks beyond the interval."""

    def __init__(self, interval_ms: int = 5, sampler: StackSampler | None = None) -> None:
        from PySide6.QtCore import QTimer

        self.interval = interval_ms
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.phase = "idle"
        self.gaps: dict[str, list[float]] = {}
        # per tick: (time since start s, gap ms, GUI thread CPU ms in the gap, ms it waited for
        # a core): a long gap with little CPU of its own is the GUI thread waiting, for a core
        # (the machine is busy: Linux's schedstat counts it) or for the GIL (the rest)
        self.ticks: list[tuple[float, float, float, float]] = []
        self._last = 0.0
        self._last_cpu = 0.0
        self._last_wait = 0.0
        self.t0 = 0.0
        self.sampler = sampler
        self.traces: list[str] = []

    def start(self) -> None:
        self._last = self.t0 = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._last_wait = _runqueue_wait_s()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        cpu = time.thread_time()
        wait = _runqueue_wait_s()
        gap = (now - self._last) * 1000.0
        if self.sampler is not None and gap > 40:
            self._trace(self._last, now, gap)
        own, queued = (cpu - self._last_cpu) * 1000.0, (wait - self._last_wait) * 1000.0
        self.ticks.append((self._last - self.t0, gap, own, queued))
        self._last, self._last_cpu, self._last_wait = now, cpu, wait
        self.gaps.setdefault(self.phase, []).append(gap)

    def window(self, start: float, seconds: float) -> dict[str, float]:
        """Stalls in ``seconds`` from ``start`` (perf_counter), with the GUI thread's own CPU."""
        t0, t1 = start - self.t0, start - self.t0 + seconds
        ticks = [t for t in self.ticks if t0 <= t[0] < t1]
        s = _stats([t[1] for t in ticks])
        if ticks:
            s["over_50ms"] = sum(1 for t in ticks if t[1] > 50)
            worst = max(ticks, key=lambda t: t[1])
            s["longest_own_cpu_ms"] = round(worst[2], 1)
            s["longest_core_wait_ms"] = round(worst[3], 1)
            s["max_own_cpu_ms"] = round(max(t[2] for t in ticks), 1)
            # the stall the app makes itself: the gap less the time it queued for a core
            s["max_without_core_wait_ms"] = round(max(t[1] - t[3] for t in ticks), 1)
        return s

    def _trace(self, t0: float, t1: float, gap: float) -> None:
        samples = self.sampler.between(t0, t1)
        lines = [
            f"stall {gap:.0f} ms at {t0 - self.t0:.2f} s ({self.phase}), "
            f"{len(samples)} samples inside"
        ]
        seen: dict[str, dict[str, int]] = {}
        for _t, stacks in samples:
            for name, stack in stacks.items():
                if stack:
                    seen.setdefault(name, {}).setdefault(stack, 0)
                    seen[name][stack] += 1
        for name, stacks in seen.items():
            for stack, n in sorted(stacks.items(), key=lambda kv: -kv[1])[:3]:
                lines.append(f"    {name:>14s} x{n:<3d} {stack}")
        self.traces.append("\n".join(lines))

    def report(self) -> dict[str, dict[str, float]]:
        out = {}
        for phase, gaps in self.gaps.items():
            s = _stats(gaps)
            s["over_50ms"] = sum(1 for g in gaps if g > 50)
            out[phase] = s
        return out


def bench_export(width: int, height: int, fps: int, trace: bool = False) -> dict:
    from PySide6.QtCore import QTimer

    from shortvid_desktop.edits import TemplatePropertyCommand
    from shortvid_desktop.qt.app import create_app, install_translators
    from shortvid_desktop.qt.main_window import MainWindow
    from shortvid_desktop.session import Session, sample_script, sample_visuals

    app = create_app([sys.argv[0]])
    install_translators(app, "en_US")
    session = Session.new(title="UI benchmark")
    with session.stack.transaction("Canvas"):
        for path, value in (("width", width), ("height", height), ("fps", fps)):
            session.stack.push(TemplatePropertyCommand(path, value))
    win = MainWindow(session)
    win.confirm_close = False
    win.resize(1360, 860)
    win.show()
    from shortvid_desktop.qt.app import warm_up

    warm_up(win)  # as run_app() does at start
    out = Path(tempfile.mkdtemp(prefix="shortvid-uibench-out-")) / "bench.mp4"
    sampler = StackSampler() if trace else None
    meter = StallMeter(sampler=sampler)
    result: dict = {"canvas": f"{width}x{height}@{fps}"}
    times: dict[str, float] = {}

    def start() -> None:
        win.scenes_panel.set_text(sample_script("en").read_text(encoding="utf-8"))
        win.import_paths([str(p) for p in sample_visuals()])
        meter.phase = "import+voice+layout"
        times["t0"] = time.perf_counter()
        win.exporter.queue.started.connect(lambda _e: on_render_started())
        win.start_export(str(out))

    def on_render_started() -> None:
        times["render0"] = time.perf_counter()
        meter.phase = "export"

    def on_done(path: str) -> None:
        times["end"] = time.perf_counter()
        meter.phase = "after"
        result["export_s"] = round(times["end"] - times.get("render0", times["t0"]), 1)
        result["prepare_s"] = round(times.get("render0", times["t0"]) - times["t0"], 1)
        QTimer.singleShot(200, app.quit)

    def on_fail(message: str) -> None:
        result["error"] = message
        app.quit()

    win.export_finished.connect(on_done)
    win.export_failed.connect(on_fail)
    if sampler is not None:
        sampler.start()
    meter.start()
    QTimer.singleShot(300, start)
    app.exec()
    meter.timer.stop()
    if sampler is not None:
        sampler.stop()
        result["traces"] = meter.traces
    result["stalls"] = meter.report()
    if "render0" in times:
        result["export_first_5s"] = meter.window(times["render0"], 5.0)
    result["output_bytes"] = out.stat().st_size if out.exists() else 0
    win.close()
    return result


def _big_project(n_clips: int):
    from shortvid_desktop.core.model import (
        Asset,
        Clip,
        KenBurns,
        Project,
        Timeline,
        Track,
        Transition,
        WordTiming,
    )
    from shortvid_desktop.session import default_template, sample_music, sample_visuals

    stills = [p for p in sample_visuals() if p.suffix == ".jpg"]
    tpl = default_template()
    project = Project(title="1000 clips", template=tpl)
    assets = [Asset(path=str(p), kind="image", width=1080, height=1920) for p in stills]
    music = sample_music()
    snd = Asset(path=str(music), kind="audio", duration_us=8_000_000) if music else None
    for a in [*assets, *([snd] if snd else [])]:
        project.assets[a.id] = a
    video = Track(kind="video", name="Video")
    voice = Track(kind="voice", name="Voice")
    t = 0
    for i in range(n_clips):
        d = 1_000_000 + (i % 5) * 200_000
        video.clips.append(
            Clip(
                asset_id=assets[i % len(assets)].id,
                start_us=max(0, t - 200_000) if i else 0,
                duration_us=d + (200_000 if i else 0),
                ken_burns=KenBurns("zoom_in"),
                transition_in=Transition("fade", 200_000) if i else Transition(),
                scene_id=f"sc{i // 4}",
            )
        )
        t += d
    if snd is not None:
        for j in range(0, n_clips, 4):
            start = video.clips[j].start_us
            voice.clips.append(
                Clip(
                    asset_id=snd.id,
                    start_us=start,
                    duration_us=3_000_000,
                    text="words " * 6,
                    scene_id=f"sc{j // 4}",
                    words=[
                        WordTiming("words", k * 500_000, k * 500_000 + 400_000) for k in range(6)
                    ],
                )
            )
    tracks = [video, Track(kind="overlay", name="Text"), voice]
    if snd is not None:
        tracks.append(
            Track(kind="music", name="Music", clips=[Clip(asset_id=snd.id, duration_us=t)])
        )
    project.timeline = Timeline(tracks=tracks)
    return project


class _PaintCounter:
    """Counts the paint events a widget receives (an event filter)."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class Filter(QObject):
            def eventFilter(self, obj, event) -> bool:
                if event.type() == QEvent.Type.Paint:
                    counter.n += 1
                return False

        self.n = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)


def bench_timeline(n_clips: int, repeats: int) -> dict:
    from PySide6.QtCore import QCoreApplication, QThreadPool
    from PySide6.QtWidgets import QApplication

    from shortvid_desktop.edits import ClipMoveCommand
    from shortvid_desktop.qt.app import create_app
    from shortvid_desktop.qt.jobs import JobRunner
    from shortvid_desktop.qt.media_cache import MediaCache
    from shortvid_desktop.qt.state import Playhead
    from shortvid_desktop.qt.timeline import TimelinePanel
    from shortvid_desktop.qt.undo import UndoBridge
    from shortvid_desktop.session import Session

    app = create_app([sys.argv[0]])
    session = Session(_big_project(n_clips))
    runner = JobRunner()
    bridge = UndoBridge(session.stack)
    playhead = Playhead()
    cache = MediaCache(runner)
    t0 = time.perf_counter()
    panel = TimelinePanel(lambda: session.project, bridge, playhead, cache)
    build_ms = (time.perf_counter() - t0) * 1000
    panel.resize(1600, 320)
    panel.show()
    view = panel.view
    # asks for thumbnails and waveforms (zoomed out, the bars show none: the thumbnails loaded
    # at the first repaint at 60 px/s and their repaints landed between the measured steps)
    for zoom in (view.zoom_fit, lambda: view.set_zoom(60.0), view.zoom_fit):
        zoom()
        view.viewport().repaint()
        deadline = time.time() + 60
        while time.time() < deadline and runner.jobs:  # a benchmark may wait; the app never does
            QApplication.processEvents()
            time.sleep(0.01)
    QThreadPool.globalInstance().waitForDone(30_000)
    QApplication.processEvents()
    # as MainWindow.set_session does once a project is shown: the project and its views out of
    # the collector's full passes (without it, 23-40 ms pauses land in whichever step allocates)
    gc.freeze()

    cpu: dict[str, list[float]] = {}
    # between two steps the event loop runs until the view has nothing left to do, as it does
    # between a person's gestures (after a zoom the view lays out the items away from the
    # screen in slices while idle); the meter's longest gap there is the longest such slice
    meter = StallMeter()
    meter.phase = "between_steps"

    paints = _PaintCounter(view.viewport())

    def timed(fn, name: str = "") -> list[float]:
        # wall time, and the GUI thread's own CPU time (on a loaded machine the wall time is
        # mostly waiting for a core; the CPU time is what the code costs)
        out = []
        for _ in range(repeats):
            t, c = time.perf_counter(), time.thread_time()
            n = paints.n
            fn()
            # what the event loop does next, before any timer: the scene's queued processing of
            # the items that moved, then the paint asked for (a low-priority event, so after
            # it). A repaint() here instead painted before that processing, and the processing
            # asked for a second paint of the items' strip, which ran between steps (the 55-65
            # ms gaps there); the window paints once.
            QCoreApplication.sendPostedEvents()
            if paints.n == n:  # nothing asked for a paint (the repaint steps): one now
                view.viewport().repaint()
            out.append((time.perf_counter() - t) * 1000)
            cpu.setdefault(name, []).append((time.thread_time() - c) * 1000)
            meter.start()
            _wait(lambda: not view.layout_pending(), 10)
            _wait(lambda: False, 0.012)  # and a few more ticks of the meter
            meter.timer.stop()
        return out

    res: dict = {"clips": sum(len(t.clips) for t in session.project.timeline.tracks)}
    res["build_items_ms"] = round(build_ms, 1)
    res["load_avg_1min"] = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    view.zoom_fit()
    res["repaint_fit_all_visible"] = _stats(timed(lambda: None, "repaint_fit_all_visible"))
    view.set_zoom(60.0)
    res["repaint_60px_per_s"] = _stats(timed(lambda: None, "repaint_60px_per_s"))
    bar = view.horizontalScrollBar()
    step = {"x": 0}

    def scroll() -> None:
        step["x"] = (step["x"] + 400) % max(1, bar.maximum())
        bar.setValue(step["x"])

    res["scroll_step"] = _stats(timed(scroll, "scroll_step"))
    zooms = iter([30.0, 60.0] * repeats)
    res["zoom_step"] = _stats(timed(lambda: view.set_zoom(next(zooms)), "zoom_step"))
    fits = iter([view.zoom_fit, lambda: view.set_zoom(60.0)] * repeats)
    res["zoom_fit_and_back"] = _stats(timed(lambda: next(fits)(), "zoom_fit_and_back"))
    cid = session.project.timeline.tracks[0].clips[500].id
    start = session.project.timeline.tracks[0].clips[500].start_us
    flip = {"d": 0}

    def edit() -> None:
        flip["d"] = 100_000 - flip["d"]
        bridge.push(ClipMoveCommand(cid, start + flip["d"]))

    res["edit_resync_repaint"] = _stats(timed(edit, "edit_resync_repaint"))
    res["gui_cpu"] = {k: _stats(v) for k, v in cpu.items()}
    res["between_steps"] = _stats(meter.gaps.get("between_steps", []))
    if meter.ticks:  # the longest gap: the GUI thread's own CPU in it, and its waits for a core
        worst = max(meter.ticks, key=lambda tk: tk[1])
        res["between_steps"]["longest_own_cpu_ms"] = round(worst[2], 1)
        res["between_steps"]["max_own_cpu_ms"] = round(max(tk[2] for tk in meter.ticks), 1)
        res["between_steps"]["max_without_core_wait_ms"] = round(
            max(tk[1] - tk[3] for tk in meter.ticks), 1
        )
    panel.close()
    app.processEvents()
    return res


def _wait(cond, timeout_s: float = 120.0) -> bool:
    """Run the event loop until ``cond()`` (a benchmark may wait; the app never does)."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.perf_counter() + timeout_s
    while not cond():
        if time.perf_counter() > end:
            return False
        loop = QEventLoop()
        QTimer.singleShot(2, loop.quit)
        loop.exec()
    return True


def _pctl(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * q))], 1) if values else 0.0


# a person's gestures come at least this far apart (a fast double key press is ~100 ms)
GESTURE_PAUSE_S = 0.1


def bench_play(repeats: int, quick: bool = False, trace: bool = False) -> dict:
    """Part 3, instant playback (issue 15): the 30 s sample voiced and laid out, in the window.
    Each round edits the picture under the playhead (a Ken Burns change: its piece must render
    again) and presses Play (Space on the Play button) at once. Stop, and the playhead's jump to
    the next round's picture, are gestures of their own: the event loop runs between them as
    between a person's key presses (GESTURE_PAUSE_S). Play-start is the time to Play's first
    frame on screen with the clock running. Then it plays 2 s under the 5 ms stall meter.
    Scrub: ruler presses and moves at random times; the time to a frame on screen, and to the
    exact composed frame. Stalls are those of the whole time Play is on (quick frames, pieces
    landing, playing)."""
    import random

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from shortvid_desktop.core.model import KenBurns
    from shortvid_desktop.edits import ClipPropertyCommand, TemplatePropertyCommand
    from shortvid_desktop.qt.app import create_app, install_translators, warm_up
    from shortvid_desktop.qt.main_window import MainWindow
    from shortvid_desktop.session import Session, sample_script

    app = create_app([sys.argv[0]])
    install_translators(app, "en_US")
    session = Session.new(title="Play benchmark")
    if quick:
        with session.stack.transaction("Canvas"):
            for path, value in (("width", 360), ("height", 640)):
                session.stack.push(TemplatePropertyCommand(path, value))
    session.set_script_text(sample_script("en").read_text(encoding="utf-8"))
    session.use_samples()
    session.build_timeline()
    session.stack.clear()
    win = MainWindow(session)
    win.confirm_close = False
    win.resize(1360, 860)
    win.show()
    warm_up(win)
    preview, scheduler = win.preview, win.preview.scheduler
    tl = session.project.timeline
    res: dict = {
        "canvas": f"{session.project.template.width}x{session.project.template.height}"
        f"@{session.project.template.fps}",
        "duration_s": round(tl.duration_us / 1e6, 1),
    }
    t0 = time.perf_counter()
    _wait(lambda: scheduler.idle(), 600)
    res["background_all_pieces_s"] = round(time.perf_counter() - t0, 1)
    res["pieces"] = len(scheduler.map.pieces) if scheduler.map else 0
    sampler = StackSampler() if trace else None
    meter = StallMeter(sampler=sampler)
    if sampler is not None:
        sampler.start()
    meter.start()
    video = next(t for t in tl.tracks if t.kind == "video")
    starts, lands, sources, fps_seen, stalls, windows, done = [], [], [], [], [], [], []
    started = {"t": 0.0}
    preview.playback_started.connect(lambda: started.__setitem__("t", time.perf_counter()))
    ended = []

    def on_toggled(on: bool) -> None:
        # a round near the end plays to the end and stops by itself: what follows (the full
        # size frame, the collector back) is not playback
        if not on and meter.phase.startswith("play"):
            ended.append(meter.phase)
            meter.phase = "idle"

    preview.play_button.toggled.connect(on_toggled)
    for i in range(repeats):
        clip = video.clips[(i * 3) % len(video.clips)]
        win.playhead.set(clip.start_us + min(500_000, clip.duration_us // 2))
        # the jump is a gesture of its own: the event loop runs before the edit, as it does
        # between a person's clicks (without this, when the scheduler was idle already, Stop,
        # the jump, the edit and Play all ran in one turn of the loop)
        _wait(lambda: False, GESTURE_PAUSE_S)
        _wait(lambda: scheduler.idle() and not preview.busy(), 300)
        rendered = len(scheduler.playback.rendered)
        mode = ("zoom_in", "zoom_out", "pan_left", "pan_right")[i % 4]
        win.bridge.push(ClipPropertyCommand(clip.id, ken_burns=KenBurns(mode, 0.08 + 0.01 * i)))
        started["t"] = 0.0
        t = time.perf_counter()
        meter.phase = f"play{i}"
        QTest.keyClick(preview.play_button, Qt.Key.Key_Space)  # Play, at once after the edit
        _wait(lambda: started["t"] > 0, 60)
        starts.append((started["t"] - t) * 1000)
        sources.append(preview.play_source)
        _wait(lambda n=rendered: len(scheduler.playback.rendered) > n, 60)
        lands.append((time.perf_counter() - t) * 1000)
        _wait(lambda: scheduler.idle() or not preview.playing(), 60)  # all the edit touched
        done.append((time.perf_counter() - t) * 1000)
        frames0, w0 = preview.frames_played, time.perf_counter()
        _wait(lambda w=w0: time.perf_counter() - w > 2.0 or not preview.playing(), 10)
        meter.phase = "idle"
        fps_seen.append((preview.frames_played - frames0) / (time.perf_counter() - w0))
        stalls += meter.gaps.pop(f"play{i}", [])
        windows.append(meter.window(t, time.perf_counter() - t))
        if preview.playing():  # (a round that played to the end has stopped: Space would
            # start it over; the old bench did, so the next round's jump and edit hit playback)
            QTest.keyClick(preview.play_button, Qt.Key.Key_Space)  # Stop, as a person does
            _wait(lambda: False, GESTURE_PAUSE_S)
    res["play_start_ms"] = {
        "median": round(statistics.median(starts), 1),
        "max": round(max(starts), 1),
        "all": [round(x) for x in starts],
        "first_frame_from": sources,
    }
    res["rounds_played_to_the_end"] = len(ended)
    res["edited_piece_lands_ms"] = {"median": round(statistics.median(lands), 1)}
    res["edit_all_rendered_ms"] = {"median": round(statistics.median(done), 1)}
    res["frames_per_s_shown"] = round(statistics.median(fps_seen), 1)
    res["playback_stall"] = {
        "max_ms": round(max(stalls), 1) if stalls else 0.0,
        "p99_ms": _pctl(stalls, 0.99),
        "over_50ms": sum(1 for g in stalls if g > 50),
        "ticks": len(stalls),
        # the GUI thread's own CPU in one gap, and the longest gap less its waits for a core
        "max_own_cpu_ms": max((w.get("max_own_cpu_ms", 0.0) for w in windows), default=0.0),
        "max_without_core_wait_ms": max(
            (w.get("max_without_core_wait_ms", 0.0) for w in windows), default=0.0
        ),
    }
    # scrub: ruler press, a few moves, release; each event's frame, then the exact one
    _wait(lambda: scheduler.idle() and not preview.busy(), 300)
    ruler, view = win.timeline_panel.ruler, win.timeline
    rng = random.Random(15)
    first, exact = [], []
    exact_t = {"t": 0.0}
    preview.frame_shown.connect(lambda _img: exact_t.__setitem__("t", time.perf_counter()))

    def x_at(t_us: int) -> QPoint:
        x = view.x_of(t_us) - view.horizontalScrollBar().value()
        return QPoint(max(0, min(ruler.width() - 1, round(x))), ruler.height() // 2)

    view.zoom_fit()
    for _n in range(10 if quick else 30):
        ts = [rng.randrange(0, tl.duration_us) for _ in range(4)]
        QTest.mousePress(
            ruler, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, x_at(ts[0])
        )
        for t_us in ts[1:]:
            image = preview.view.image
            t = time.perf_counter()
            QTest.mouseMove(ruler, x_at(t_us))
            if preview.view.image is not image:
                first.append((time.perf_counter() - t) * 1000)
            else:  # no small frame: the first frame is the exact one
                exact_t["t"] = 0.0
                _wait(lambda: exact_t["t"] > 0, 30)
                first.append((exact_t["t"] - t) * 1000)
        exact_t["t"] = 0.0
        t = time.perf_counter()
        QTest.mouseRelease(
            ruler, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, x_at(ts[-1])
        )
        _wait(lambda: exact_t["t"] > 0 and not preview.busy(), 30)
        exact.append((exact_t["t"] - t) * 1000)
    res["scrub_frame_ms"] = {"p50": _pctl(first, 0.5), "p90": _pctl(first, 0.9), "n": len(first)}
    res["scrub_exact_ms"] = {"p50": _pctl(exact, 0.5), "p90": _pctl(exact, 0.9), "n": len(exact)}
    meter.timer.stop()
    if sampler is not None:
        sampler.stop()
        res["traces"] = meter.traces
    win.close()
    return res


def _renice_ffmpeg(level: int) -> None:
    """Lower the priority of every ffmpeg the render layer starts (an experiment for the lead:
    on a busy 2-core machine the GUI thread then keeps its CPU share during an export)."""
    import subprocess

    from shortvid_desktop.render import process

    class NicePopen(subprocess.Popen):
        def __init__(self, *a, **kw) -> None:
            super().__init__(*a, **kw)
            try:
                os.setpriority(os.PRIO_PROCESS, self.pid, level)
            except OSError:
                pass

    process.subprocess.Popen = NicePopen  # type: ignore[misc]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=("all", "export", "timeline", "play"), default="all")
    ap.add_argument("--repeats", type=int, default=10, help="play part: rounds (median)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--clips", type=int, default=1000)
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--trace",
        action="store_true",
        help="export part: for each stall over 40 ms, print what every thread was running",
    )
    ap.add_argument(
        "--renice",
        type=int,
        default=0,
        help="experiment: run ffmpeg at this nice level (the render layer uses 10)",
    )
    ap.add_argument(
        "--tree",
        default="",
        help="import shortvid_desktop from this work tree (e.g. a `git worktree` of a base "
        "commit), to run base and candidate alternately with the same bench",
    )
    args = ap.parse_args()
    if args.tree:
        sys.path.insert(0, str(Path(args.tree).resolve()))
    if args.renice:
        _renice_ffmpeg(args.renice)
    report: dict = {}
    if args.part in ("all", "timeline"):
        report["timeline"] = bench_timeline(args.clips, 5 if args.quick else 20)
    if args.part in ("all", "play"):
        load0 = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        report["play"] = bench_play(args.repeats, args.quick, trace=args.trace)
        if load0 is not None:
            report["play"]["load_avg_1min"] = [round(load0, 2), round(os.getloadavg()[0], 2)]
    if args.part in ("all", "export"):
        size = (360, 640, 30) if args.quick else (1080, 1920, 30)
        load0 = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        report["export"] = bench_export(*size, trace=args.trace)
        if load0 is not None:  # a shared machine: the figures mean little without it
            report["export"]["load_avg_1min"] = [round(load0, 2), round(os.getloadavg()[0], 2)]
    if args.json:
        print(json.dumps(report, indent=2))
        return
    if "timeline" in report:
        t = report["timeline"]
        import shortvid_desktop

        print(
            f"[{Path(shortvid_desktop.__file__).parent.parent}] "
            f"timeline: {t['clips']} clips; items built from the model in {t['build_items_ms']} ms"
            f"; 1-min load {t['load_avg_1min']}"
        )
        for key in (
            "repaint_fit_all_visible",
            "repaint_60px_per_s",
            "scroll_step",
            "zoom_step",
            "zoom_fit_and_back",
            "edit_resync_repaint",
        ):
            s, c = t[key], t["gui_cpu"][key]
            print(
                f"  {key:26s} median {s['median_ms']:7.2f} ms   max {s['max_ms']:7.2f} ms"
                f"   (GUI thread CPU median {c['median_ms']:6.2f}, max {c['max_ms']:6.2f})"
            )
        b = t["between_steps"]
        print(
            f"  {'between steps (idle work)':26s} event-loop gap median {b['median_ms']:6.2f} ms"
            f"   max {b['max_ms']:7.2f} ms   ({b['n']} ticks of a 5 ms timer; GUI thread CPU in "
            f"the longest {b.get('longest_own_cpu_ms')}, most in one gap "
            f"{b.get('max_own_cpu_ms')}; longest without the waits for a core "
            f"{b.get('max_without_core_wait_ms')})"
        )
    if "play" in report:
        p = report["play"]
        print(
            f"play {p['canvas']}, {p['duration_s']} s, {p['pieces']} pieces (all rendered in "
            f"the background in {p['background_all_pieces_s']} s); "
            f"1-min load {p.get('load_avg_1min')}"
        )
        s = p["play_start_ms"]
        print(
            f"  Play-start after an edit: median {s['median']} ms, max {s['max']} ms "
            f"(first frames from {s['first_frame_from']}); the edited piece lands after "
            f"{p['edited_piece_lands_ms']['median']} ms, all it touched after "
            f"{p['edit_all_rendered_ms']['median']} ms (medians); then "
            f"{p['frames_per_s_shown']} frames/s shown"
        )
        for text in p.get("traces", []):
            print(text)
        st = p["playback_stall"]
        print(
            f"  event loop while playing: longest stall {st['max_ms']} ms, p99 {st['p99_ms']} ms, "
            f"{st['over_50ms']} over 50 ms ({st['ticks']} ticks); without the waits for a core "
            f"the longest is {st['max_without_core_wait_ms']} ms; most GUI CPU between two "
            f"ticks {st['max_own_cpu_ms']} ms; {p['rounds_played_to_the_end']} rounds played "
            "to the end (the time after is not playback)"
        )
        print(
            f"  scrub: a frame on screen p50 {p['scrub_frame_ms']['p50']} ms, p90 "
            f"{p['scrub_frame_ms']['p90']} ms; the exact frame after release p50 "
            f"{p['scrub_exact_ms']['p50']} ms, p90 {p['scrub_exact_ms']['p90']} ms"
        )
    if "export" in report:
        e = report["export"]
        if "error" in e:
            print(f"export failed: {e['error']}")
        else:
            print(
                f"export {e['canvas']}: prepare {e['prepare_s']} s, render {e['export_s']} s, "
                f"{e['output_bytes']} bytes; 1-min load average before/after "
                f"{e.get('load_avg_1min')}"
            )
        for text in e.get("traces", []):
            print(text)
        if e.get("export_first_5s", {}).get("n"):
            s = e["export_first_5s"]
            print(
                f"  export's first 5 s: longest stall {s['max_ms']:.1f} ms "
                f"(of it the GUI thread's own CPU {s['longest_own_cpu_ms']:.1f} ms, waiting for "
                f"a core {s['longest_core_wait_ms']:.1f} ms), p99 {s['p99_ms']:.1f} ms, "
                f"{s['over_50ms']} over 50 ms ({s['n']} ticks); without the waits for a core "
                f"the longest is {s['max_without_core_wait_ms']:.1f} ms; most GUI CPU between "
                f"two ticks {s['max_own_cpu_ms']:.1f} ms"
            )
        for phase, s in e["stalls"].items():
            if s.get("n"):
                print(
                    f"  event loop during {phase:22s} longest stall {s['max_ms']:7.1f} ms, "
                    f"p99 {s['p99_ms']:6.1f} ms, {s['over_50ms']} over 50 ms ({s['n']} ticks)"
                )


if __name__ == "__main__":
    main()
