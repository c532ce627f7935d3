"""Script work for the window: split text, generate from a topic, revise one scene, voice and lay
out, re-voice changed scenes. Each runs as a job; results land as one undo step each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.errors import BadInputError
from ..core.serial import ValidationError, clone
from ..edits import ProjectPropertyCommand, SceneEditCommand, ScriptReplaceCommand
from ..session import Session, ai, sample_music, sample_script, sample_visuals
from ..session.editing import revoice_commands
from ..session.media import scan_paths
from ..session.session import MAX_SCENES, MAX_SPEECH_S, script_too_long
from .jobs import JobRunner, QtJob
from .undo import UndoBridge


class BuildController(QObject):
    busy_changed = Signal(bool, str)
    progress = Signal(float, str)
    notice = Signal(str)
    error = Signal(str)
    built = Signal()  # the timeline was laid out (or re-voiced)
    script_ready = Signal()

    def __init__(
        self,
        session_getter: Callable[[], Session],
        bridge: UndoBridge,
        runner: JobRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session_getter
        self.bridge = bridge
        self.runner = runner
        self.job: QtJob | None = None
        self.last_cancelled = False
        self._why_not = ""  # why the last voice job was not started

    # ------------------------------------------------------------------ plumbing
    def busy(self) -> bool:
        return self.job is not None

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _run(
        self,
        title: str,
        fn: Callable,
        on_done: Callable[[Any], None],
        on_fail: Callable[[str], None] | None = None,
    ) -> QtJob | None:
        if self.job is not None:
            self.error.emit(self.tr("Wait for “{0}” to finish first.").format(self.job.title))
            return None
        self.last_cancelled = False
        job = QtJob(title, fn)
        job.signals.progress.connect(lambda f, msg, _eta: self.progress.emit(f, msg))
        job.signals.succeeded.connect(lambda result: self._finish(job, on_done, result))
        job.signals.failed.connect(lambda msg: self._fail(job, msg, on_fail))
        job.signals.cancelled.connect(
            lambda: self._fail(job, self.tr("Cancelled"), on_fail, cancelled=True)
        )
        self.job = job
        self.busy_changed.emit(True, title)
        return self.runner.start(job)

    def _finish(self, job: QtJob, on_done: Callable[[Any], None], result: Any) -> None:
        if self.job is not job:
            return
        self.job = None
        self.busy_changed.emit(False, "")
        try:
            on_done(result)
        except (BadInputError, ValidationError) as exc:
            self.error.emit(str(exc))

    def _fail(
        self,
        job: QtJob,
        message: str,
        on_fail: Callable[[str], None] | None,
        cancelled: bool = False,
    ) -> None:
        if self.job is not job:
            return
        self.job = None
        self.last_cancelled = cancelled
        self.busy_changed.emit(False, "")
        if on_fail is not None:
            on_fail(message)
        else:
            self.error.emit(message)

    # ------------------------------------------------------------------ script
    def split_text(
        self,
        text: str,
        language: str = "auto",
        then: Callable[[], None] | None = None,
        on_fail: Callable[[str], None] | None = None,
    ) -> QtJob | None:
        """Split the user's text into scenes (offline) and set it as the script."""
        if not text.strip():
            (on_fail or self.error.emit)(
                self.tr("The script is empty: type or paste some text first.")
            )
            return None

        def run(progress, cancel):
            progress(0.1, "Splitting the script into scenes")
            return ai.split_text(text, language)

        def done(script) -> None:
            self.session().set_script(script)
            self.script_ready.emit()
            if then is not None:
                QTimer.singleShot(0, then)

        return self._run(self.tr("Making scenes"), run, done, on_fail)

    def generate(self, topic: str, language: str = "auto", seconds: int = 30) -> QtJob | None:
        """Ask the configured AI provider (or the offline helper) for a script."""
        if not topic.strip():
            self.error.emit(self.tr("Type a topic first."))
            return None

        project_id = self.session().project.id

        def run(progress, cancel):
            return ai.script_from_topic(
                topic,
                lang=language,
                seconds=seconds,
                project_id=project_id,
                progress=progress,
                cancel=cancel,
            )

        def done(result) -> None:
            script = result.script
            project = self.session().project
            with self.bridge.transaction("Generate script"):
                self.bridge.stack.push(ScriptReplaceCommand(script, "Generate script"))
                changes: dict[str, Any] = {"language": script.language}
                if script.title and project.title in ("", "Untitled"):
                    changes["title"] = script.title
                self.bridge.stack.push(ProjectPropertyCommand(**changes))
            for line in result.notices:
                self.notice.emit(line)
            self.script_ready.emit()

        return self._run(self.tr("Writing the script"), run, done)

    def revise(self, row: int, action: str) -> QtJob | None:
        """Rewrite, shorten or regenerate one scene; the others stay as they are."""
        project = self.session().project
        if not 0 <= row < len(project.script.scenes):
            self.error.emit(self.tr("Select a scene first."))
            return None
        script = clone(project.script)
        scene_id = script.scenes[row].id
        kind = "shorten" if action == "shorten" else "rewrite"

        project_id = project.id

        def run(progress, cancel):
            return ai.revise_scene(
                script,
                row,
                kind,
                provider=ai.OFFLINE if kind == "shorten" else None,  # Shorten works offline
                project_id=project_id,
                progress=progress,
                cancel=cancel,
            )

        def done(new_script) -> None:
            new = next(s for s in new_script.scenes if s.id == scene_id)
            self.bridge.break_merge()
            self.bridge.push(
                SceneEditCommand(
                    scene_id,
                    narration=new.narration,
                    on_screen_text=new.on_screen_text,
                    keywords=list(new.keywords),
                    mood=new.mood,
                    duration_us=new.duration_us,
                )
            )
            self.bridge.break_merge()

        return self._run(self.tr("Revising scene {0}").format(row + 1), run, done)

    # ------------------------------------------------------------------ voices and layout
    def _voice_job(self, with_samples: bool = False) -> Callable | None:
        """A job voicing a frozen copy of the project. Choosing voices (which looks for voice
        files) and, with ``with_samples``, probing the bundled sample media run in it too."""
        session = self.session()
        if not session.project.script.scenes:
            self._why_not = self.tr("The script has no scenes.")
            self.error.emit(self._why_not)
            return None
        if not session.allow_long:
            too_long = script_too_long(session.project.script)
            if too_long is not None:
                if not self._confirm_long(*too_long):
                    self._why_not = self.tr(
                        "Not voiced: the script is far longer than a short video. Shorten it, "
                        "or choose Voice it all."
                    )
                    self.notice.emit(self._why_not)
                    return None
                session.allow_long = True  # asked once per project
        frozen = Session(clone(session.project))
        frozen.allow_long = session.allow_long
        existing = dict(session.project.assets)
        need_visuals = with_samples and not any(
            a.kind in ("image", "video") and not a.generated for a in existing.values()
        )
        need_music = need_visuals and not session.project.music_asset_id

        def run(progress, cancel):
            visuals = music = None
            if need_visuals:
                visuals = scan_paths(sample_visuals(), existing, cancel=cancel)
                path = sample_music()
                if need_music and path is not None:
                    music = scan_paths([path], existing, cancel=cancel)
            voiced = frozen.voice_job()(progress, cancel)
            return visuals, music, voiced

        return run

    def _confirm_long(self, scenes: int, seconds: float) -> bool:
        """Ask before voicing a script far longer than a short video (the window's way
        through what the CLI's --allow-long allows). True: voice it all."""
        parent = self.parent()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("A long script"),
            self.tr(
                "The script is {0} scenes, about {1} minutes of speech: far more than a short "
                "video (at most {2} scenes and {3} minutes without asking). Voicing it all "
                "takes a while; you can cancel it from the progress bar."
            ).format(scenes, max(1, round(seconds / 60)), MAX_SCENES, MAX_SPEECH_S // 60),
            QMessageBox.StandardButton.Cancel,
            parent if isinstance(parent, QWidget) else None,
        )
        go = box.addButton(self.tr("Voice it all"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go

    def _add_samples(self, visuals, music) -> None:
        """Bring in the bundled samples scanned by the job (inside the caller's transaction)."""
        if visuals is None:
            return
        session = self.session()
        session.add_imported(visuals)
        self.notice.emit(self.tr("No media imported: using the bundled sample pictures."))
        if music is not None and music.assets and not session.project.music_asset_id:
            asset = music.assets[0]
            session.add_imported(music)
            by_hash = {a.content_hash: a for a in session.project.assets.values()}
            known = session.project.assets.get(asset.id) or by_hash.get(asset.content_hash)
            if known is not None:
                self.bridge.stack.push(ProjectPropertyCommand(music_asset_id=known.id))

    def build(
        self,
        then: Callable[[], None] | None = None,
        on_fail: Callable[[str], None] | None = None,
    ) -> QtJob | None:
        """Voice every scene (cached) and lay the timeline out again: one undo step (with the
        sample pictures and music when the project has no media of its own)."""
        fn = self._voice_job(with_samples=True)
        if fn is None:
            if on_fail is not None:
                on_fail(self._why_not)
            return None

        def done(result) -> None:
            visuals, music, voiced = result
            with self.bridge.transaction("Lay out timeline"):
                self._add_samples(visuals, music)
                report = self.session().apply_voices(voiced)
            for line in report.notices:
                self.notice.emit(line)
            self._music_notice(report)
            self.built.emit()
            if then is not None:  # the next step in its own turn of the event loop
                QTimer.singleShot(0, then)

        return self._run(self.tr("Voicing"), fn, done, on_fail)

    def _music_notice(self, report) -> None:
        """Say which music the layout used when the user did not choose it, or that there
        is none (the Music lane is empty)."""
        name = Path(report.music).name
        if not report.music:
            self.notice.emit(
                self.tr(
                    "No music: import a sound file (or drop one on the timeline) to lay it "
                    "under the voice."
                )
            )
        elif report.music_picked and report.sounds > 1:
            self.notice.emit(
                self.tr(
                    "Music: {0}, the first of {1} sound files in the library (right-click "
                    "another and choose Use as music to change it)."
                ).format(name, report.sounds)
            )
        elif report.music_picked:
            self.notice.emit(self.tr("Music: {0} from the library.").format(name))

    def revoice(self) -> QtJob | None:
        """Voice again only the scenes whose narration changed, keeping timeline edits."""
        fn = self._voice_job()
        if fn is None:
            return None

        def done(result) -> None:
            _visuals, _music, voiced = result
            session = self.session()
            plan = revoice_commands(session.project, voiced.spoken)
            for line in voiced.report.notices:
                self.notice.emit(line)
            if plan.relayout:
                self.notice.emit(
                    self.tr(
                        "{0} scene(s) no longer fit their place: the timeline was laid out again."
                    ).format(len(plan.relayout))
                )
                session.apply_voices(voiced)
            elif plan.commands:
                self.bridge.push_all("Re-voice scenes", plan.commands)
                self.notice.emit(self.tr("Re-voiced {0} scene(s).").format(len(plan.changed)))
            else:
                self.notice.emit(self.tr("No scene changed: nothing to re-voice."))
            self.built.emit()

        return self._run(self.tr("Voicing"), fn, done)

    def sample_text(self, language: str) -> str:
        return sample_script("zh" if language.startswith("zh") else "en").read_text(
            encoding="utf-8"
        )
