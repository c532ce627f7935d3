"""The application's front door: the window and the CLI both drive a Session.

A Session owns one Project and its CommandStack; every change goes through a named command.
Long work (importing, voicing, exporting) is offered as functions taking (progress, cancel), which
the CLI runs in the foreground and the window runs on its thread pool.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..ai.offline import detect_language, script_from_text
from ..core.errors import BadInputError, VoiceError
from ..core.model import (
    Asset,
    Project,
    Script,
    Template,
    project_from_json,
    project_to_json,
)
from ..core.outputs import refuse_inputs
from ..core.serial import ValidationError, clone, from_dict, load_json
from ..edits import (
    AssetAddCommand,
    CommandStack,
    ProjectPropertyCommand,
    ScriptReplaceCommand,
    TimelineReplaceCommand,
)
from ..jobs import CancelToken, Progress
from ..media.importer import ImportResult, asset_from_path, scan_paths
from ..paths import resource
from ..render.export import ExportResult, check_output_path, export
from ..render.graph import QUALITY_PRESETS
from ..render.plan import compile_plan
from ..voice.registry import best_offline_voice, get_engine, parse_voice_spec
from .layout import SpokenScene, layout_timeline


def builtin_templates() -> list[Template]:
    """The templates shipped in resources/templates (read-only)."""
    out = []
    folder = resource("templates")
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        tpl = from_dict(Template, json.loads(path.read_text(encoding="utf-8")))
        tpl.builtin = True
        out.append(tpl)
    return out or [Template(name="Vertical Story", builtin=True)]


def default_template(name: str | None = None) -> Template:
    templates = builtin_templates()
    if not name:
        return clone(templates[0])
    for tpl in templates:
        if tpl.name.lower() == name.lower() or tpl.name.lower().replace(" ", "_") == name.lower():
            return clone(tpl)
    try:
        from ..store import Store

        with Store() as store:
            return clone(store.get_template(name))
    except Exception:  # noqa: BLE001 - reported below with the known names
        pass
    names = ", ".join(t.name for t in templates)
    raise BadInputError(f"Unknown template {name!r}. Built-in templates: {names}.")


def sample_visuals() -> list[Path]:
    """The bundled sample stills and clip (project-owned, generated procedurally)."""
    base = resource("samples")
    files = sorted((base / "stills").glob("*.jpg")) + sorted((base / "clips").glob("*.mp4"))
    return files


def sample_music() -> Path | None:
    path = resource("samples", "music", "loop.m4a")
    return path if path.is_file() else None


def sample_script(language: str) -> Path:
    path = resource("samples", "scripts", f"{'zh' if language.startswith('zh') else 'en'}.md")
    if not path.is_file():
        raise BadInputError(f"The bundled sample script is missing: {path}. Reinstall ShortVid.")
    return path


# A short video's script: beyond these, voicing takes many minutes, so it is refused with a way
# through (``--allow-long``) rather than started by accident (a whole book pasted in).
MAX_SCENES = 200
MAX_SPEECH_S = 15 * 60


def script_too_long(script: Script) -> tuple[int, float] | None:
    """(scenes, seconds of speech) when the script is far longer than a short video's (past
    MAX_SCENES or MAX_SPEECH_S, so voicing it needs the user's say-so), else None."""
    from ..ai.offline import estimate_speech_s

    scenes = len(script.scenes)
    seconds = sum(estimate_speech_s(s.narration, script.language) for s in script.scenes)
    if scenes > MAX_SCENES or seconds > MAX_SPEECH_S:
        return scenes, seconds
    return None


def check_script_length(script: Script) -> None:
    """BadInputError when the script is far longer than a short video's (see MAX_SCENES)."""
    too_long = script_too_long(script)
    if too_long is not None:
        scenes, seconds = too_long
        raise BadInputError(
            f"The script is {scenes} scenes, about {seconds / 60:.0f} minutes of speech: far "
            f"more than a short video (at most {MAX_SCENES} scenes and {MAX_SPEECH_S // 60} "
            "minutes without asking). Shorten it, or pass --allow-long to voice it all "
            "(it takes a while)."
        )


@dataclass
class BuildReport:
    """What building the timeline did, for the user."""

    voices: dict[str, str] = field(default_factory=dict)  # scene id -> "engine:voice"
    notices: list[str] = field(default_factory=list)
    music: str = ""  # the path of the music laid under the voice ("" for none)
    music_picked: bool = False  # no music was chosen: the first imported sound file was taken
    sounds: int = 0  # how many sound files the user imported


class Session:
    def __init__(self, project: Project | None = None) -> None:
        self.project = project if project is not None else Project(template=default_template())
        self.stack = CommandStack(self.project)
        self.notices: list[str] = []
        self.file_path: Path | None = None  # the JSON file last loaded or saved
        self.allow_long = False  # voice scripts past MAX_SCENES / MAX_SPEECH_S (--allow-long)

    # ------------------------------------------------------------------ files
    @classmethod
    def new(
        cls, title: str = "Untitled", language: str = "en", template: str | None = None
    ) -> Session:
        return cls(Project(title=title, language=language, template=default_template(template)))

    @classmethod
    def load_file(cls, path: str | Path) -> Session:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BadInputError(f"Project file not found: {p}", path=str(p)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInputError(f"Cannot read project file {p}: {exc}", path=str(p)) from None
        try:
            project = project_from_json(text)
        except ValidationError as exc:
            raise BadInputError(f"{p}: {exc}", path=str(p)) from None
        base = p.parent.absolute()
        for asset in project.assets.values():  # relative paths are relative to the file
            if asset.path and not os.path.isabs(asset.path):
                asset.path = str(base / asset.path)
        session = cls(project)
        session.file_path = p
        return session

    def input_files(self) -> list[tuple[str, str]]:
        """What this project reads, as (path, what it is): its media, its project file and the
        database. No output may be one of them (``core.outputs.refuse_inputs``)."""
        from ..paths import database_path

        kinds = {"image": "a picture", "video": "a clip", "audio": "a sound file"}
        found = [
            (asset.path, f"{kinds.get(asset.kind, 'a media file')} of the project")
            for asset in self.project.assets.values()
            if asset.path
        ]
        if self.file_path is not None:
            found.append((str(self.file_path), "the project file"))
        found.append((str(database_path()), "ShortVid's database"))
        return found

    def check_outputs(
        self,
        out_path: str | Path,
        *,
        subtitles: bool = False,
        poster: bool = False,
        otio: bool = False,
    ) -> Path:
        """The output path, checked: a writable .mp4 that is none of the project's inputs, and
        neither are the side outputs asked for (.srt/.ass, .jpg, .otio beside it)."""
        out = check_output_path(out_path)
        side = [".srt", ".ass"] if subtitles else []
        side += [".jpg"] if poster else []
        side += [".otio"] if otio else []
        refuse_inputs([out, *(out.with_suffix(ext) for ext in side)], self.input_files())
        return out

    def save_file(self, path: str | Path) -> Path:
        """Write the project JSON atomically (temp file + rename); never over one of its inputs."""
        p = Path(path)
        refuse_inputs([p], [i for i in self.input_files() if i[1] != "the project file"])
        tmp = p.with_name(f".{p.name}.tmp")
        try:
            tmp.write_text(project_to_json(self.project), encoding="utf-8")
            os.replace(tmp, p)
        except OSError as exc:
            tmp.unlink(missing_ok=True)  # a full disk leaves no half file; the old one stays
            raise OSError(exc.errno, exc.strerror, os.fspath(p)) from exc
        self.file_path = p
        self.stack.set_clean()
        return p

    def save_to_store(self, reason: str | None = None) -> None:
        from ..store import Store

        with Store() as store:
            store.save_project(self.project, revision_reason=reason)

    # ------------------------------------------------------------------ script
    def set_script(self, script: Script) -> None:
        if not script.scenes:
            raise BadInputError("The script has no scenes: write some narration first.")
        with self.stack.transaction("Set script"):
            self.stack.push(ScriptReplaceCommand(script))
            changes = {"language": script.language}
            if script.title and self.project.title in ("", "Untitled"):
                changes["title"] = script.title
            self.stack.push(ProjectPropertyCommand(**changes))

    def set_script_text(
        self, text: str, language: str = "auto", title: str | None = None
    ) -> Script:
        """Split the user's own text into scenes offline (no network) and set it."""
        if not text or not text.strip():
            raise BadInputError("The script is empty: type or paste some text first.")
        lang = detect_language(text) if language == "auto" else language
        script = script_from_text(text, language=lang, title=title)
        self.set_script(script)
        return script

    def load_script_file(self, path: str | Path, language: str = "auto") -> Script:
        p = Path(path)
        if not p.is_file():
            raise BadInputError(f"Script file not found: {p}", path=str(p))
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInputError(f"Cannot read script file {p}: {exc}", path=str(p)) from None
        if p.suffix.lower() == ".json":
            try:
                script = from_dict(Script, load_json(text))
            except ValidationError as exc:
                raise BadInputError(f"{p}: {exc}", path=str(p)) from None
            if language != "auto":
                script.language = language
            self.set_script(script)
            return script
        return self.set_script_text(text, language=language)

    # ------------------------------------------------------------------ media
    def import_media(
        self,
        paths: list[str | Path],
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportResult:
        """Import files and folders; good ones become assets (one undo step), bad ones listed."""
        result = self.scan_media(paths, progress, cancel)
        self.add_imported(result)
        return result

    def scan_media(
        self,
        paths: list[str | Path],
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportResult:
        """Probe and hash files (any thread); changes nothing."""
        return scan_paths(
            [Path(p) for p in paths],
            existing=dict(self.project.assets),
            progress=progress,
            cancel=cancel,
        )

    def add_imported(self, result: ImportResult) -> None:
        """Add what a scan accepted, as one undo step (owning thread)."""
        fresh = [
            a
            for a in result.added
            if a.id not in self.project.assets
            and not any(
                a.content_hash and a.content_hash == b.content_hash
                for b in self.project.assets.values()
            )
        ]
        if fresh:
            with self.stack.transaction(f"Import {len(fresh)} media files"):
                for asset in fresh:
                    self.stack.push(AssetAddCommand(asset))

    def set_music(self, path: str | Path | None) -> Asset | None:
        if path is None:
            self.stack.push(ProjectPropertyCommand(music_asset_id=""))
            return None
        asset = asset_from_path(Path(path))
        if asset.kind not in ("audio", "video") or (asset.kind == "video" and not asset.has_audio):
            raise BadInputError(f"The music file {path} has no audio stream.", path=str(path))
        existing = next(
            (a for a in self.project.assets.values() if a.content_hash == asset.content_hash), None
        )
        with self.stack.transaction("Set music"):
            if existing is None:
                self.stack.push(AssetAddCommand(asset))
            else:
                asset = existing
            self.stack.push(ProjectPropertyCommand(music_asset_id=asset.id))
        return asset

    def use_samples(self, music: bool = True) -> None:
        """Bring in the bundled sample visuals (and music) when the user gave none."""
        self.import_media(list(sample_visuals()))
        if music and not self.project.music_asset_id and sample_music():
            self.set_music(sample_music())

    # ------------------------------------------------------------------ voice + layout
    def voice_for(self, language: str, spec: str = "") -> tuple[str, str]:
        """(engine, voice) for a spec like "piper:en_US-joe-medium", "espeak" or ""."""
        if not spec:
            try:
                return best_offline_voice(language)
            except VoiceError as exc:
                raise BadInputError(f"{exc} (script language: {language!r})") from None
        engine_name, voice = parse_voice_spec(spec)
        from ..voice.registry import all_engines, default_voice, is_online

        online = next((e for e in all_engines() if e.name == engine_name and is_online(e)), None)
        if online is not None:
            # No network and no availability check here: the fallback chain checks an online
            # engine when it speaks and moves on to the next (with a notice) when it cannot.
            if voice:
                return engine_name, voice
            try:
                return engine_name, default_voice(online, language)
            except VoiceError:
                return engine_name, ""
        try:
            engine = get_engine(engine_name)
        except VoiceError as exc:
            raise BadInputError(str(exc)) from None
        if voice:
            return engine_name, voice
        for info in engine.voices():
            if info.language.lower().startswith(language[:2].lower()):
                return engine_name, info.id
        raise BadInputError(
            f"The voice engine {engine_name!r} has no voice for language {language!r}: "
            "choose another with --voice ENGINE:VOICE (see `shortvid doctor`)."
        )

    def voice_job(self) -> Callable[[Progress, CancelToken], VoiceResult]:
        """A job that voices every scene of a frozen copy of the project (run it anywhere)."""
        project = clone(self.project)
        if not project.script.scenes:
            raise BadInputError("The script is empty: type or paste some text first.")
        if not self.allow_long:
            check_script_length(project.script)
        choices = {
            sc.id: self.voice_for(project.language, sc.voice or project.voice)
            for sc in project.script.scenes
        }

        def run(progress: Progress, cancel: CancelToken) -> VoiceResult:
            return _voice_scenes(project, choices, progress, cancel)

        return run

    def apply_voices(self, voiced: VoiceResult, visuals: list[Asset] | None = None) -> BuildReport:
        """Lay the timeline out from voiced scenes: one undo step. Call on the owning thread."""
        project = self.project
        if visuals is None:
            visuals = [
                a
                for a in project.assets.values()
                if a.kind in ("image", "video") and not a.generated
            ]
        music, sounds = self.layout_music()
        picked = music is not None and music.id != project.music_asset_id
        with self.stack.transaction("Lay out timeline"):
            if picked:
                assert music is not None
                self.stack.push(ProjectPropertyCommand(music_asset_id=music.id))
            stale = {a.id for a in project.assets.values() if a.generated}
            for spoken in voiced.spoken.values():
                if spoken.asset.id not in project.assets:
                    self.stack.push(AssetAddCommand(spoken.asset))
            timeline = layout_timeline(project, voiced.spoken, visuals, music)
            self.stack.push(TimelineReplaceCommand(timeline))
            self._drop_unused_generated(stale)
        report = voiced.report
        self.notices += report.notices
        report.music = music.path if music is not None else ""
        report.music_picked, report.sounds = picked, sounds
        if picked:
            assert music is not None
            self.notices.append(
                f"Music: {Path(music.path).name}"
                + (f" (the first of {sounds} sound files imported)" if sounds > 1 else "")
            )
        return report

    def layout_music(self) -> tuple[Asset | None, int]:
        """The music a layout lays under the voice: the chosen one (``music_asset_id``), else
        the first sound file the user imported; and how many sound files were imported."""
        project = self.project
        sounds = [a for a in project.assets.values() if a.kind == "audio" and not a.generated]
        chosen = project.assets.get(project.music_asset_id) if project.music_asset_id else None
        return chosen or (sounds[0] if sounds else None), len(sounds)

    def build_timeline(
        self,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        visuals: list[Asset] | None = None,
    ) -> BuildReport:
        """Voice every scene (cached) and lay the timeline out: one undo step."""
        voiced = self.voice_job()(progress or Progress(), cancel or CancelToken())
        return self.apply_voices(voiced, visuals)

    def _drop_unused_generated(self, candidates: set[str]) -> None:
        from ..edits import AssetRemoveCommand

        used = {c.asset_id for t in self.project.timeline.tracks for c in t.clips}
        for asset_id in sorted(candidates - used):
            self.stack.push(AssetRemoveCommand(asset_id))

    # ------------------------------------------------------------------ export
    def export(
        self,
        out_path: str | Path,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        quality: str | None = None,
        subtitles: bool = False,
        record: bool = True,
        poster: bool = False,
        otio: bool = False,
        encoder: str = "auto",
        engine: str = "ffmpeg",
        credits_end_card: bool = False,
    ) -> ExportResult:
        """Render a frozen copy of the project to ``out_path``.

        ``encoder``: "auto" (a hardware encoder that works here, else libx264), "libx264" or an
        encoder name; ``engine``: "ffmpeg" (one filter graph) or "moviepy" (the slow reference).
        Side outputs beside the MP4 on request: .srt/.ass captions, a .jpg poster, an .otio
        timeline. ``credits_end_card``: the stock and AI media's credits over the last 2 s.
        """
        if quality and quality not in QUALITY_PRESETS:
            raise BadInputError(
                f"Unknown quality {quality!r}: use one of {', '.join(QUALITY_PRESETS)}."
            )
        if engine not in ("ffmpeg", "moviepy"):
            raise BadInputError(f"Unknown render engine {engine!r}: use ffmpeg or moviepy.")
        self.check_outputs(out_path, subtitles=subtitles, poster=poster, otio=otio)
        frozen = clone(self.project)
        plan = compile_plan(frozen, quality=quality)
        if credits_end_card:  # stock and AI media credited over the last seconds
            from dataclasses import replace as _with

            from .visuals import end_card_text

            plan = _with(plan, credits_text=end_card_text(frozen))
        history = None
        if record:
            from .history import ExportHistory

            history = ExportHistory(
                frozen.id,
                {
                    "quality": plan.quality,
                    "width": plan.width,
                    "height": plan.height,
                    "fps": plan.fps,
                    "engine": engine,
                    "encoder": encoder,
                },
                # SQLite takes text: a name in another byte encoding is kept readable
                str(out_path).encode("utf-8", "surrogateescape").decode("utf-8", "replace"),
            )
        status, error, seconds = "failed", "", None
        try:
            from ..render.encoders import choose_encoder

            enc = choose_encoder(encoder, plan.quality)
            if engine == "moviepy":
                from ..render.moviepy_engine import export_moviepy

                result = export_moviepy(plan, out_path, progress=progress, cancel=cancel)
            else:
                result = export(
                    plan,
                    out_path,
                    progress=progress,
                    cancel=cancel,
                    subtitles=subtitles,
                    poster=poster,
                    encoder=enc,
                )
            if otio:
                from dataclasses import replace

                from ..render.otio_export import write_otio

                extra = write_otio(frozen, Path(result.path).with_suffix(".otio"))
                result = replace(result, subtitle_paths=(*result.subtitle_paths, extra))
            from .visuals import write_credits

            credits = write_credits(frozen, result.path)  # stock/AI pictures: their credits
            if credits is not None:
                from dataclasses import replace as _replace

                result = _replace(result, subtitle_paths=(*result.subtitle_paths, credits))
            status, seconds = "done", result.seconds
            return result
        except BaseException as exc:
            from ..jobs import Cancelled

            status = "cancelled" if isinstance(exc, Cancelled) else "failed"
            error = str(exc)
            raise
        finally:
            if history is not None:
                notice = history.finish(status, seconds=seconds, error=error)
                if notice:
                    self.notices.append(notice)

    def export_job(
        self,
        out_path: str | Path,
        quality: str | None = None,
        subtitles: bool = False,
        **options: object,
    ) -> Callable[[Progress, CancelToken], ExportResult]:
        """A job exporting a frozen copy of the project as it is now (options as export())."""
        frozen = Session(clone(self.project))
        frozen.file_path = self.file_path

        def run(progress: Progress, cancel: CancelToken) -> ExportResult:
            return frozen.export(
                out_path,
                progress,
                cancel,
                quality=quality,
                subtitles=subtitles,
                **options,  # type: ignore[arg-type]
            )

        return run

    def make(
        self,
        out_path: str | Path,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        **export_kwargs: object,
    ) -> ExportResult:
        """Voice + lay out (when needed) and export, as one job.

        While the scenes are voiced, the export's stills and caption font are prepared beside
        them (session.make.RenderWarmup: cached by content, so the video is the same); a cancel
        or a failure stops that too before this returns."""
        progress = progress or Progress()
        cancel = cancel or CancelToken()
        self.check_outputs(
            out_path, **{k: bool(export_kwargs.get(k)) for k in ("subtitles", "poster", "otio")}
        )
        if self.project.timeline.duration_us and any(
            t.kind == "voice" and t.clips for t in self.project.timeline.tracks
        ):
            return self.export(out_path, progress, cancel, **export_kwargs)  # type: ignore[arg-type]
        voice = self.voice_job()
        warmup = None
        if export_kwargs.get("engine", "ffmpeg") == "ffmpeg":
            from .make import RenderWarmup

            warmup = RenderWarmup(
                self.project,
                quality=export_kwargs.get("quality"),  # type: ignore[arg-type]
                credits_end_card=bool(export_kwargs.get("credits_end_card")),
                cancel=cancel,
                encoder=str(export_kwargs.get("encoder", "auto")),
            ).start()
        try:
            self.apply_voices(voice(progress.sub(0.0, 0.2), cancel))
            sub = progress.sub(0.2, 1.0)
            return self.export(out_path, sub, cancel, **export_kwargs)  # type: ignore[arg-type]
        finally:
            if warmup is not None:
                warmup.stop()


@dataclass
class VoiceResult:
    spoken: dict[str, SpokenScene]
    report: BuildReport


def _voice_scenes(
    project: Project,
    choices: dict[str, tuple[str, str]],
    progress: Progress,
    cancel: CancelToken,
) -> VoiceResult:
    # The user-ordered fallback chain (setting voice.chain, default edge -> openai -> offline):
    # each scene's chosen voice first; when an engine fails the next one speaks, and the
    # notices say which engine spoke which scene and why. Online calls write usage rows.
    from ..voice.chain import VoiceChain

    report = BuildReport()
    spoken: dict[str, SpokenScene] = {}
    scenes = project.script.scenes
    try:
        from ..store import Store

        store: Store | None = Store()
    except Exception:  # noqa: BLE001 - without the database: default chain, no usage rows
        store = None
    try:
        chain = VoiceChain.from_settings(store, project.id)
        for i, scene in enumerate(scenes):
            cancel.raise_if_cancelled()
            progress(i / len(scenes), f"Voicing scene {i + 1} of {len(scenes)}")
            text = _spoken_text(scene.narration)
            if not text.strip():
                continue
            spoke = chain.speak(
                text,
                project.language,
                choices[scene.id],
                cancel=cancel,
                label=f"Scene {i + 1}",
            )
            report.notices += spoke.notices
            result = spoke.result
            report.voices[scene.id] = f"{result.engine}:{result.voice}"
            asset = Asset(
                path=str(result.audio_path),
                kind="audio",
                duration_us=result.duration_us,
                audio_codec="pcm_s16le",
                generated=True,
            )
            spoken[scene.id] = SpokenScene(asset, result.duration_us, tuple(result.words), text)
    finally:
        if store is not None:
            store.close()
    progress(1.0, "Voices ready")
    return VoiceResult(spoken, report)


def _spoken_text(narration: str) -> str:
    from ..core.text import clean_for_speech

    return clean_for_speech(narration)
