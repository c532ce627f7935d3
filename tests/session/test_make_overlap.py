"""`make` prepares the export's stills and caption font while the scenes are voiced
(session.make.RenderWarmup): the video is the same as voicing first and exporting after, and a
cancel while voicing (or rendering) stops everything and leaves no file."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from shortvid_desktop.edits import TemplatePropertyCommand
from shortvid_desktop.jobs import Cancelled, CancelToken, Progress, ProgressReport
from shortvid_desktop.media.ffmpeg import ffmpeg_exe
from shortvid_desktop.paths import cache_dir
from shortvid_desktop.render.graph import _zoom_sheet, _zooms
from shortvid_desktop.session import Session
from shortvid_desktop.session import make as make_module

TEXT = (
    "Mornings set the tone for the whole day. Leave your phone in another room. "
    "Drink a full glass of water before your coffee. Make your bed, it feels like a win."
)


def small(session: Session) -> Session:
    with session.stack.transaction("Small canvas"):
        for path, value in (("width", 180), ("height", 320), ("fps", 15), ("quality", "draft")):
            session.stack.push(TemplatePropertyCommand(path, value))
    return session


def new_session() -> Session:
    s = small(Session.new(title="Warm"))
    s.set_script_text(TEXT, language="en")
    s.use_samples()
    assert len(s.project.script.scenes) >= 2
    return s


def decoded(path: Path) -> tuple[str, str]:
    """Digests of every decoded video frame and of the decoded sound (s16 PCM)."""
    ff = ffmpeg_exe()
    video = subprocess.run(
        [ff, "-v", "error", "-i", str(path), "-map", "0:v", "-f", "framemd5", "-"],
        capture_output=True,
        check=True,
    ).stdout
    sound = subprocess.run(
        [ff, "-v", "error", "-i", str(path), "-map", "0:a", "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    frames = [line for line in video.decode().splitlines() if not line.startswith("#")]
    assert len(frames) > 30 and len(sound) > 48_000
    return hashlib.sha1("\n".join(frames).encode()).hexdigest(), hashlib.sha1(sound).hexdigest()


@pytest.fixture
def warmups(monkeypatch: pytest.MonkeyPatch) -> list[make_module.RenderWarmup]:
    """Every RenderWarmup that Session.make starts."""
    made: list[make_module.RenderWarmup] = []

    class Recorded(make_module.RenderWarmup):
        def start(self) -> make_module.RenderWarmup:
            made.append(self)
            return super().start()

    monkeypatch.setattr(make_module, "RenderWarmup", Recorded)
    return made


def clear_render_caches() -> None:
    for name in ("stills", "fonts"):
        shutil.rmtree(cache_dir(name), ignore_errors=True)


def test_make_with_the_warmup_gives_the_video_of_voicing_first(tmp_path: Path, warmups) -> None:
    # made with the warm-up beside the voices, from empty caches
    made = tmp_path / "made.mp4"
    new_session().make(made)
    assert len(warmups) == 1
    warm = warmups[0]
    assert warm.error is None
    assert any(item.startswith("font:") for item in warm.made), warm.made
    assert any("stills" in item for item in warm.made), "the stills were prepared"
    plan = warm.provisional_plan()  # and a zoom's phase pictures (what its windows read)
    zooms = [g for g in plan.segments if g.kind == "image" and g.fit == "fill" and _zooms(g)]
    assert zooms, "the samples have a zoom"
    for g in zooms:
        assert _zoom_sheet(g, plan.width, plan.height)[0] in warm.made
    # the old way: every scene voiced (the same speech, from the voice cache), then the export,
    # which makes its own stills and font again
    clear_render_caches()
    before = new_session()
    before.build_timeline()
    old = tmp_path / "old.mp4"
    before.export(old)
    assert len(warmups) == 1, "export alone starts no warm-up"
    assert decoded(made) == decoded(old)


def test_the_warmup_prepares_each_picture_as_the_windows_read_it(
    tmp_path: Path, warmups, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pan's sheet is wider than the 2x one, a zoom reads its phases: the warm-up makes what
    the export's windows read (graph.picture_file), so the export makes no picture of its own
    (it made a pan's sheet again, ~0.25 CPU-s each, before its windows could start)."""
    from shortvid_desktop.render import graph, stills
    from shortvid_desktop.render.plan import compile_plan

    clear_render_caches()
    s = new_session()
    writers: dict[str, str] = {}  # sheet file -> the thread that wrote it
    real_write = stills._write_sheet

    def write_sheet(src: str, w: int, h: int, fx: float, fy: float, out: Path) -> None:
        writers[out.name.split(".")[0]] = threading.current_thread().name
        real_write(src, w, h, fx, fy, out)

    monkeypatch.setattr(stills, "_write_sheet", write_sheet)
    s.make(tmp_path / "made.mp4")
    warm = warmups[0]
    guess = warm.provisional_plan()

    def look(g) -> tuple:  # what a picture's file depends on besides the canvas
        return (g.source, g.fit, repr(g.ken_burns), g.focus_x, g.focus_y)

    guessed = {look(g) for g in guess.segments if g.kind == "image"}
    plan = compile_plan(s.project)
    # (the speech's lengths vary a little from run to run, and with them how many pictures
    # the real layout has: the pictures the guess had too are the ones to compare)
    shared = [g for g in plan.segments if g.kind == "image" and look(g) in guessed]
    assert any(graph._pan_axis(g) is not None for g in shared), "the samples have a pan"
    assert any(graph._pan_axis(g) is None for g in shared)
    for g in shared:
        f = graph.picture_file(g, plan.width, plan.height)
        assert f in warm.made, (f, warm.made)
    made_here = {Path(m).stem for m in warm.made}
    assert made_here & set(writers), writers
    assert all(writers[k] == "render-warmup" for k in made_here & set(writers)), writers


def test_the_provisional_layout_uses_the_stills_and_words_of_the_real_one(warmups) -> None:
    s = new_session()
    guess = make_module.RenderWarmup(s.project).provisional_plan()
    s.build_timeline()
    from shortvid_desktop.render.plan import compile_plan

    real = compile_plan(s.project)
    # the caption font's subset is keyed by the characters drawn: the same set
    assert set(guess.all_text()) == set(real.all_text())
    # the stills come from the same pool in the same order (how many of them depends on the
    # speech's lengths: piper's vary from run to run by a few per cent)
    assert guess.segments[0].source == real.segments[0].source
    assert (guess.width, guess.height, guess.fps) == (real.width, real.height, real.fps)
    assert {g.source for g in guess.segments} <= {a.path for a in s.project.assets.values()}


def _cancel_at(message: str, cancel: CancelToken, seen: list[str]) -> Progress:
    def on_report(report: ProgressReport) -> None:
        seen.append(report.message)
        if report.message.startswith(message):
            cancel.cancel()

    return Progress(on_report)


def test_cancel_while_voicing_stops_everything_and_leaves_no_file(
    tmp_path: Path, warmups, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports: list[object] = []
    monkeypatch.setattr(Session, "export", lambda self, *a, **k: exports.append(a))
    s = new_session()
    out = tmp_path / "cancelled.mp4"
    cancel, seen = CancelToken(), []
    with pytest.raises(Cancelled):
        s.make(out, _cancel_at("Voicing scene 2", cancel, seen), cancel)
    assert "Voicing scene 2 of 2" in seen
    assert not exports, "no render starts after a cancel while voicing"
    assert len(warmups) == 1 and not warmups[0]._thread.is_alive(), "the warm-up stopped too"
    assert not any(t.name == "render-warmup" for t in threading.enumerate())
    assert list(tmp_path.iterdir()) == []
    assert not s.project.timeline.duration_us, "nothing was laid out"


def test_cancel_while_rendering_stops_everything_and_leaves_no_file(
    tmp_path: Path, warmups
) -> None:
    s = new_session()
    out = tmp_path / "cancelled.mp4"
    cancel, seen = CancelToken(), []
    with pytest.raises(Cancelled):
        s.make(out, _cancel_at("Rendering frame", cancel, seen), cancel)
    assert any(m.startswith("Voicing scene") for m in seen)
    assert len(warmups) == 1 and not warmups[0]._thread.is_alive()
    assert list(tmp_path.iterdir()) == []


def test_the_voice_model_loads_while_the_script_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the language given, the offline voice's model starts loading before the text is
    split into scenes (the split and its keywords take ~0.2 s of the main thread), not after."""
    events: list[str] = []
    real_set = Session.set_script_text

    def set_script_text(self, *a, **k):
        events.append("script")
        return real_set(self, *a, **k)

    def preload(session: Session, language: str | None = None) -> None:
        events.append(f"load {language or session.project.language}")

    monkeypatch.setattr(Session, "set_script_text", set_script_text)
    monkeypatch.setattr(make_module, "_preload_voice", preload)
    make_module.build_session(make_module.MakeRequest(text=TEXT, lang="en", visuals="samples"))
    assert events == ["load en", "script"], events
    events.clear()
    make_module.build_session(make_module.MakeRequest(text=TEXT, lang="auto", visuals="samples"))
    assert events == ["script", "load en"], events
