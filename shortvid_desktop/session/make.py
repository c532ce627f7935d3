"""One video from a request: the path `shortvid make` and `shortvid batch` share.

``build_session`` turns a ``MakeRequest`` (what the user asked for: a topic, text or script file,
media, music, template, voice, canvas) into a ``Session`` whose project has its script, media,
visuals and music; ``Session.make`` then voices, lays out and exports it. Messages for the user
come out through ``notify`` as they happen (a line each, e.g. ``note: ...`` or ``skipped: ...``)
and are also collected in ``Built.notices``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import BadInputError
from ..core.model import Project, Script
from ..jobs import CancelToken, Progress
from .session import Session, sample_music


@dataclass
class MakeRequest:
    """What one video is made from. One of ``topic``, ``text`` or ``script`` is needed."""

    topic: str = ""
    text: str = ""
    script: str = ""  # a text/markdown file or a JSON script
    media: list[str] = field(default_factory=list)  # images, clips, folders
    music: str = ""  # a file ("" for the bundled loop unless no_music)
    no_music: bool = False
    template: str = ""
    voice: str = ""  # ENGINE[:VOICE]
    lang: str = "auto"
    seconds: int = 30  # target length for a topic
    style: str = "explainer"
    provider: str = ""  # AI provider for a topic ("" for the configured one)
    visuals: str = ""  # comma list of sources ("" for the default order)
    aspect: str = ""  # "9:16", "16:9", "1:1", "4:5" ("" for the template's)
    resolution: str = ""  # "720p", "1080p", "1440p", "4k"
    size: tuple[int, int] | None = None  # WIDTHxHEIGHT overrides aspect/resolution
    fps: int = 0
    allow_long: bool = False
    fallback: bool = True  # a provider that fails: the offline helper writes the script

    def to_dict(self) -> dict[str, object]:
        from dataclasses import asdict

        data = asdict(self)
        data["size"] = list(self.size) if self.size else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> MakeRequest:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        size = values.get("size")
        values["size"] = tuple(size) if size else None  # type: ignore[arg-type]
        values["media"] = list(values.get("media") or [])  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]


@dataclass
class Built:
    session: Session
    notices: list[str] = field(default_factory=list)  # the lines ``notify`` was given


def apply_canvas(session: Session, request: MakeRequest) -> None:
    """Aspect/resolution/size/fps override the template (one undo step, like any edit)."""
    from ..core.model import canvas_for
    from ..edits import TemplatePropertyCommand

    changes: list[tuple[str, object]] = []
    if request.aspect or request.resolution:
        t = session.project.template
        current = "9:16" if t.height > t.width else ("16:9" if t.width > t.height else "1:1")
        short = {720: "720p", 1440: "1440p", 2160: "4k"}.get(min(t.width, t.height), "1080p")
        w, h = canvas_for(request.aspect or current, request.resolution or short)
        changes += [("width", w), ("height", h)]
    if request.size:
        changes += [("width", request.size[0]), ("height", request.size[1])]
    if request.fps:
        changes.append(("fps", request.fps))
    if changes:
        with session.stack.transaction("Canvas from the command line"):
            for path, value in changes:
                session.stack.push(TemplatePropertyCommand(path, value))


def build_session(
    request: MakeRequest,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    *,
    notify: Callable[[str], None] | None = None,
    script: Script | None = None,
) -> Built:
    """A Session holding the request's script, media, visuals and music (not yet voiced).

    ``script``: one already written (a batch variant's), used instead of the request's.
    Raises BadInputError for input that cannot be used (missing media, an empty script, an
    unknown template or voice); network problems of optional sources become notices (and of
    the script's provider too, unless ``request.fallback`` is false: then they raise)."""
    progress = progress or Progress()
    cancel = cancel or CancelToken()
    lines: list[str] = []

    def tell(line: str) -> None:
        lines.append(line)
        if notify is not None:
            notify(line)

    lang = request.lang or "auto"
    session = Session.new(template=request.template or None)
    session.allow_long = request.allow_long
    apply_canvas(session, request)
    if request.voice:
        session.project.voice = request.voice
    if lang != "auto":  # the voice's model loads while the script is split and its words read
        _preload_voice(session, lang)
    if script is not None:
        session.set_script(script)
    elif request.topic:
        from . import ai

        result = ai.script_from_topic(
            request.topic,
            provider=request.provider or None,
            lang=lang,
            seconds=request.seconds,
            style=request.style,
            project_id=session.project.id,
            progress=progress.sub(0.0, 0.5),
            cancel=cancel,
            fallback=request.fallback,
        )
        for notice in result.notices:
            tell(f"note: {notice}")
        session.set_script(result.script)
    elif request.script:
        session.load_script_file(request.script, language=lang)
    else:
        session.set_script_text(request.text, language=lang)
    cancel.raise_if_cancelled()
    if session.project.language != lang:  # ("auto": known now)
        _preload_voice(session)
    if request.media:
        for m in request.media:
            if not Path(m).exists():
                raise BadInputError(f"Media not found: {m}", path=m)
        imported = session.import_media(request.media)
        for path, asset in imported.reused:
            tell(f"note: {path} is the same file as {asset.path}; using it once")
        for path, reason in imported.rejected:
            tell(f"skipped: {path}: {reason}")
        if not imported.added and not imported.reused:
            raise BadInputError(
                "None of the media given can be used (see the reasons above): add images or "
                "video clips, or leave out --media to use the bundled samples."
            )
        _sound_among_media(session, request, tell)
    _fill_visuals(session, request, progress.sub(0.5, 1.0), cancel, tell)
    if request.music:
        session.set_music(request.music)
    elif not request.no_music and session.layout_music()[0] is None:
        if sample_music():
            session.set_music(sample_music())
    progress(1.0, "Script and pictures ready")
    return Built(session, lines)


def _preload_voice(session: Session, language: str | None = None) -> None:
    """The offline voice's model loaded on a thread while the media and visuals are gathered
    (piper: ~0.6 CPU-s, the first thing the voicing would otherwise wait for). ``language``:
    the script's, when known before the script is set (once loaded, a model is not again)."""
    import threading

    try:
        language = language or session.project.language
        engine_name, voice = session.voice_for(language, session.project.voice)
        if engine_name != "piper":
            return
        from ..voice.registry import get_engine

        engine = get_engine(engine_name)
    except Exception:  # noqa: BLE001 - the voicing itself reports what is wrong
        return
    preload = getattr(engine, "preload", None)
    if callable(preload):
        threading.Thread(target=preload, args=(voice,), name="voice-preload", daemon=True).start()


def _fill_visuals(
    session: Session,
    request: MakeRequest,
    progress: Progress,
    cancel: CancelToken,
    tell: Callable[[str], None],
) -> None:
    """Per scene, in the order of ``visuals``: own media, stock clips and photos, AI pictures,
    samples (see session.visuals); with no key or no network the user is told why."""
    from . import visuals

    sources = visuals.parse_sources(request.visuals or None)
    report = visuals.fill_visuals(
        session, sources, has_media=bool(request.media), progress=progress, cancel=cancel
    )
    for notice in report.notices:
        tell(f"note: {notice}")


def _sound_among_media(session: Session, request: MakeRequest, tell: Callable[[str], None]) -> None:
    """Sound files given as media cannot fill a picture: the first is the music (unless
    ``music`` names one), the others are reported; with no picture or clip at all the bundled
    sample pictures fill the video, and the user is told (never a silent black video)."""
    assets = [a for a in session.project.assets.values() if not a.generated]
    sounds = [a for a in assets if a.kind == "audio"]
    if not sounds:
        return
    names = ", ".join(Path(a.path).name for a in sounds)
    if request.music or request.no_music:
        tell(f"note: {names}: sound only, so not used as pictures")
    else:
        tell(f"note: {Path(sounds[0].path).name} is a sound file: it is used as the music")
        for extra in sounds[1:]:
            tell(f"note: {Path(extra.path).name} is a sound file too: not used (one music track)")
    if not any(a.kind in ("image", "video") for a in assets):
        tell(
            "note: no pictures or clips among --media, so the bundled sample pictures fill the "
            "video; give images or clips with --media to use your own"
        )
        session.use_samples(music=False)


class RenderWarmup:
    """The export's picture preparation done while the voices are spoken.

    The export's windows cannot start before every scene is voiced (the layout, the windows'
    cuts and the captions all come from the speech's lengths and words), but what they read
    first does not depend on those lengths: each still, normalised (and its plane sheet), and
    the caption font's subset. Spoken by piper on one thread, the bench's three scenes take
    ~1.5-2 s of one core; these take ~1.3 CPU-s, one after another, on the other core. Last,
    the hardware encoders are probed (once a process) unless the export asks for libx264.

    They are made from a provisional layout: each scene's length estimated from its text, its
    words spread over it (the tokens every offline engine speaks). The caches are keyed by
    content (a still's size and focus; the font's characters), so the export finds them made
    when the guess was right and makes its own when it was not: a wrong guess costs some
    wasted work, never a different video. ``stop`` cancels what is left and waits for the item
    being made (a cancelled or failed make leaves nothing running); the export shares the
    caches' locks, so it waits for an item being made instead of making it twice.
    """

    LATIN_CHARS_PER_S = 19.0  # the bench's piper scenes: 100-121 characters in 4.7-6.0 s
    CJK_CHARS_PER_S = 4.0

    def __init__(
        self,
        project: Project,
        quality: str | None = None,
        credits_end_card: bool = False,
        cancel: CancelToken | None = None,
        encoder: str = "auto",
    ) -> None:
        import threading

        from ..core.serial import clone

        self.project = clone(project)
        self.quality = quality
        self.credits_end_card = credits_end_card
        self.encoder = encoder
        self._cancel = CancelToken()
        self._unlink = cancel.on_cancel(self._cancel.cancel) if cancel is not None else None
        self._thread = threading.Thread(target=self._run, name="render-warmup", daemon=True)
        self.made: list[str] = []  # what was prepared (for tests and the bench)
        self.error: BaseException | None = None

    def start(self) -> RenderWarmup:
        self._thread.start()
        return self

    def stop(self, wait: bool = True) -> None:
        """Cancel what is not made yet and (``wait``) wait for the item being made."""
        self._cancel.cancel()
        if wait and self._thread.is_alive():
            self._thread.join()
        if self._unlink is not None:
            self._unlink()
            self._unlink = None

    def join(self) -> None:
        if self._thread.is_alive():
            self._thread.join()
        if self._unlink is not None:
            self._unlink()
            self._unlink = None

    def _run(self) -> None:
        from ..jobs import Cancelled

        try:
            self._prepare()
        except Cancelled:
            pass
        except Exception as exc:  # noqa: BLE001 - a failed guess: the export makes its own
            self.error = exc

    def provisional_plan(self):
        """The plan of a layout with estimated speech (see the class doc)."""
        from dataclasses import replace

        from ..core.model import Asset
        from ..core.text import clean_for_speech, is_chinese_language
        from ..paths import cache_dir
        from ..render.plan import compile_plan
        from ..voice.timing import estimate_word_timings
        from .layout import SpokenScene, layout_timeline

        project = self.project
        language = project.language or "en"
        # compile_plan checks that the voice files exist: an empty one in the data folder
        placeholder = cache_dir("warmup") / "voice.wav"
        if not placeholder.is_file():
            placeholder.write_bytes(b"")
        rate = self.CJK_CHARS_PER_S if is_chinese_language(language) else self.LATIN_CHARS_PER_S
        spoken: dict[str, SpokenScene] = {}
        for scene in project.script.scenes:
            text = clean_for_speech(scene.narration)
            if not text.strip():
                continue
            duration = max(500_000, int(len(text) / rate * 1e6))
            words = estimate_word_timings(text, duration, language)
            asset = Asset(path=str(placeholder), kind="audio", duration_us=duration)
            project.assets[asset.id] = asset
            spoken[scene.id] = SpokenScene(asset, duration, tuple(words), text)
        visuals = [
            a for a in project.assets.values() if a.kind in ("image", "video") and not a.generated
        ]
        chosen = project.assets.get(project.music_asset_id) if project.music_asset_id else None
        sounds = [a for a in project.assets.values() if a.kind == "audio" and not a.generated]
        music = chosen or (sounds[0] if sounds else None)
        project.timeline = layout_timeline(project, spoken, visuals, music)
        plan = compile_plan(project, quality=self.quality)
        if self.credits_end_card:
            from .visuals import end_card_text

            plan = replace(plan, credits_text=end_card_text(project))
        return plan

    def _prepare(self) -> None:
        from ..render.export import pick_font, subset_font
        from ..render.graph import picture_file

        cancel = self._cancel
        cancel.raise_if_cancelled()
        plan = self.provisional_plan()

        # the caption font's subset first (HarfBuzz: ~10 ms), so the export finds it made
        face = pick_font(plan)
        if face is not None:
            subset_font(face, plan.all_text())
            self.made.append(f"font:{face.path}")
        # the pictures (the windows read them before anything else), each exactly as the
        # windows read it (graph.picture_file: a pan's wider sheet, a zoom's phases, a moving
        # fitted still's sheet), one at a time, so that a cancel waits for one small ffmpeg run
        # at most
        for seg in plan.segments:
            cancel.raise_if_cancelled()
            if seg.kind == "image":
                made = picture_file(seg, plan.width, plan.height)
                if made not in self.made:
                    self.made.append(made)
        if self.encoder != "libx264":  # which hardware encoders work: probed once a process
            from ..render.encoders import working_hardware_encoders

            cancel.raise_if_cancelled()
            working_hardware_encoders()


__all__ = ["Built", "MakeRequest", "RenderWarmup", "apply_canvas", "build_session"]
