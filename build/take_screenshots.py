"""Take the pictures in docs/screenshots: the editor window in English and in Chinese with a real
project loaded (the bundled sample script and media, voiced and laid out), the template editor,
and the export dialog mid-export; the magnetic main track and a text item sliding in (with a
strip of frames of it exported); plus frames of a demo export.

    xvfb-run -a -s "-screen 0 1440x900x24" python build/take_screenshots.py
    xvfb-run -a -s "-screen 0 1440x900x24" python build/take_screenshots.py --lang zh_CN
    xvfb-run -a -s "-screen 0 1440x900x24" python build/take_screenshots.py --only magnetic,text
    xvfb-run -a -s "-screen 0 1440x900x24" python build/take_screenshots.py --only text,emoji
    python build/take_screenshots.py --only text_frames     # no window: a tiny export's frames
    python build/take_screenshots.py --demo demo.mp4        # frames of an exported video

Each window shot runs in its own process (one UI language per process). Your own data is not
touched: SHORTVID_HOME is a temporary folder unless you set it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))


def _grab(widget, path: Path) -> Path:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    if os.environ.get("DISPLAY") and widget.isWindow():
        pix = widget.screen().grabWindow(widget.winId())
    else:
        pix = widget.grab()
    pix.save(str(path), None, 0)  # PNG: quality 0 is the strongest (lossless) compression
    return path


def shoot(lang: str, what: str) -> list[Path]:
    """Build the sample project in the window, then take the pictures in ``what``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from shortvid_desktop.edits import TemplatePropertyCommand
    from shortvid_desktop.qt.app import create_app, install_translators
    from shortvid_desktop.qt.main_window import MainWindow
    from shortvid_desktop.session import Session, sample_music, sample_visuals

    app = create_app([sys.argv[0]])
    install_translators(app, lang)
    zh = lang.startswith("zh")
    session = Session.new(language="zh" if zh else "en")
    win = MainWindow(session)
    win.confirm_close = False
    win.resize(1440, 880)
    win.show()
    taken: list[Path] = []
    tag = "zh_CN" if zh else "en_US"
    state = {"step": "start"}

    def idle() -> bool:
        return not (win.runner.visible_jobs() or win.build.busy() or win.preview.busy())

    def step() -> None:
        s = state["step"]
        if s == "start":
            win.scenes_panel.language.setCurrentIndex(2 if zh else 1)
            win.load_sample_script()
            win.import_paths([str(p) for p in sample_visuals()])
            win.session.set_music(sample_music())
            state["step"] = "imported"
        elif s == "imported" and idle():
            win.build.split_text(
                win.scenes_panel.text(), "zh" if zh else "en", then=lambda: win.build.build()
            )
            state["step"] = "building"
        elif s == "building" and idle() and win.session.project.timeline.duration_us > 0:
            first = win.session.project.timeline.track("video").sorted_clips()[1]
            win.timeline.set_selection([first.id])
            win.scenes_panel.select_row(1)
            win.playhead.set(first.start_us + 1_200_000)
            state["step"] = "posed"
            QTimer.singleShot(1500, step)
            return
        elif s == "posed" and idle():
            win.timeline.zoom_fit()
            win.timeline.set_zoom(win.timeline.px_per_s * 1.8, 0)
            win.timeline.horizontalScrollBar().setValue(0)
            if "window" in what:
                taken.append(_grab(win, OUT / f"window_{tag}.png"))
            state["step"] = "templates"
            if "text" in what:
                _pose_text_item(win, zh)
                state["step"] = "text_scroll"
                QTimer.singleShot(1500, step)
                return
        elif s == "text_scroll" and idle():
            box = win.inspector.text_box
            top = box.mapTo(win.inspector.widget(), box.rect().topLeft()).y()
            win.inspector.verticalScrollBar().setValue(top - 6)
            win.inspector.horizontalScrollBar().setValue(0)
            state["step"] = "text_shot"
            QTimer.singleShot(500, step)
            return
        elif s == "text_shot":
            taken.append(_grab(win, OUT / f"text_animation_{'zh' if zh else 'en'}.png"))
            _unpose_text_item(win)
            state["step"] = "templates"
            if "emoji" in what:  # the same title with emoji, drawn in colour
                _pose_text_item(win, zh, "早安 ☀️😀" if zh else "Hello ☀️😀")
                state["step"] = "emoji_shot"
                QTimer.singleShot(2500, step)
                return
        elif s == "emoji_shot" and idle():
            taken.append(_grab(win, OUT / f"text_emoji_{'zh' if zh else 'en'}.png"))
            _unpose_text_item(win)
            state["step"] = "templates"
        elif s == "templates":
            if "templates" in what:
                editor = win.show_templates()
                editor.resize(1100, 720)
                editor.move(win.x() + 140, win.y() + 60)
                if editor.current is not None and editor.current.builtin:
                    editor.duplicate_current()
                editor.tabs.setCurrentIndex(1)
                editor.set_field("caption.box", True)
                state["editor"] = editor
                state["step"] = "template_shot"
                QTimer.singleShot(2500, step)
                return
            state["step"] = "export"
        elif s == "template_shot":
            editor = state["editor"]
            if editor.busy():
                QTimer.singleShot(300, step)
                return
            taken.append(_grab(editor, OUT / f"template_editor_{tag}.png"))
            editor.close()
            state["step"] = "export"
        elif s == "export":
            if "export" not in what:
                app.quit()
                return
            # a full-size canvas so the export runs long enough to be caught mid-way
            win.bridge.push(TemplatePropertyCommand("quality", "standard"))
            out = Path(tempfile.mkdtemp(prefix="shortvid-shot-")) / "sample.mp4"
            dialog = win.show_export_dialog()
            dialog.resize(820, 560)
            dialog.move(win.x() + 300, win.y() + 160)

            def on_progress(fraction: float, message: str, _eta) -> None:
                if fraction >= 0.4 and "shot" not in state:
                    state["shot"] = True
                    taken.append(_grab(dialog, OUT / f"export_dialog_{tag}.png"))
                    win.cancel_export()

            win.export_queue.progress.connect(on_progress)
            win.export_cancelled.connect(lambda: QTimer.singleShot(300, app.quit))
            win.export_finished.connect(lambda _p: QTimer.singleShot(300, app.quit))
            win.start_export(str(out))
            state["step"] = "exporting"
            return
        QTimer.singleShot(300, step)

    QTimer.singleShot(500, step)
    app.exec()
    QApplication.processEvents()
    return taken


def _pose_text_item(win, zh: bool, text: str = "") -> None:
    """A title text item sliding in over the second picture, the playhead part way through its
    way in, the inspector wide enough for its "Text and animation" box (the script dock hidden)."""
    from shortvid_desktop.edits.commands.text import TextAddCommand, TextAnimCommand

    clips = win.session.project.timeline.track("video").sorted_clips()
    at = clips[1].start_us + 300_000
    text = text or ("早安，新的一天" if zh else "Good morning!")
    cmd = TextAddCommand(at, text, "title", 2_500_000)
    win.bridge.push(cmd)
    win.bridge.push(TextAnimCommand(cmd.clip_id, "in", "slide", 1_200_000))
    win.timeline.set_selection([cmd.clip_id])
    win.playhead.set(at + 750_000)
    win.dock_inspector.setMinimumWidth(400)
    win.dock_media.setMaximumWidth(170)
    win.dock_timeline.setMaximumHeight(300)
    win.dock_scenes.hide()


def _unpose_text_item(win) -> None:
    win.bridge.undo()
    win.bridge.undo()
    win.dock_inspector.setMinimumWidth(0)
    win.dock_media.setMaximumWidth(16777215)
    win.dock_timeline.setMaximumHeight(16777215)
    win.dock_scenes.show()


def shoot_magnetic(lang: str) -> list[Path]:
    """The timeline alone: four pictures on the magnetic main track with a text item over each,
    two crossfade markers, the second clip selected and an In/Out loop range over it."""
    from PySide6.QtCore import QTimer

    from shortvid_desktop.edits.commands.text import TextAddCommand
    from shortvid_desktop.qt.app import create_app, install_translators
    from shortvid_desktop.qt.main_window import MainWindow
    from shortvid_desktop.session import Session, sample_visuals
    from shortvid_desktop.session.editing import place_assets

    app = create_app([sys.argv[0]])
    install_translators(app, lang)
    zh = lang.startswith("zh")
    win = MainWindow(Session.new(language="zh" if zh else "en"))
    win.confirm_close = False
    win.resize(1307, 880)
    win.show()
    pictures = [p for p in sample_visuals() if p.suffix.lower() == ".jpg"][:4]
    out = OUT / ("magnetic_track_zh.png" if zh else "magnetic_track.png")
    state = {"step": "start"}

    def idle() -> bool:
        return not (win.runner.visible_jobs() or win.preview.busy())

    def step() -> None:
        project = win.session.project
        if state["step"] == "start":
            win.import_paths([str(p) for p in pictures])
            state["step"] = "imported"
        elif state["step"] == "imported" and idle() and len(project.assets) >= len(pictures):
            by_name = sorted(project.assets, key=lambda a: Path(project.assets[a].path).name)
            assets = [project.assets[a] for a in by_name]
            win.bridge.push_all("Add media to timeline", place_assets(project, assets, 0).commands)
            clips = project.timeline.track("video").sorted_clips()
            for n, c in enumerate(clips, 1):
                label = f"场景 {n}" if zh else f"Scene {n}"
                win.bridge.push(TextAddCommand(c.start_us + 200_000, label, "title", 2_400_000))
            for i in (1, 3):
                clip_id = project.timeline.track("video").sorted_clips()[i].id
                win.timeline.set_transition(clip_id, "fade", 700_000)
            c = project.timeline.track("video").sorted_clips()[1]
            win.timeline.set_selection([c.id])
            win.playhead.set(c.start_us)
            win.preview.set_in_point()
            win.playhead.set(c.start_us + c.duration_us)
            win.preview.set_out_point()
            win.preview.set_loop(True)
            win.playhead.set(2_400_000)
            win.dock_timeline.setMaximumHeight(270)
            win.timeline.set_zoom(71.0, 0)
            state["step"] = "shot"
            QTimer.singleShot(1500, step)
            return
        elif state["step"] == "shot" and idle():
            win.timeline.horizontalScrollBar().setValue(0)
            _grab(win.timeline_panel, out)
            app.quit()
            return
        QTimer.singleShot(300, step)

    QTimer.singleShot(500, step)
    app.exec()
    win.close()
    return [out]


def text_animation_frames() -> Path:
    """Four frames of a title sliding in, from a tiny draft export of one picture."""
    from shortvid_desktop.edits import TemplatePropertyCommand
    from shortvid_desktop.edits.commands.text import TextAddCommand, TextAnimCommand
    from shortvid_desktop.media.ffmpeg import run_ffmpeg
    from shortvid_desktop.session import Session, sample_visuals
    from shortvid_desktop.session.editing import place_assets

    session = Session.new(language="en")
    session.import_media([next(p for p in sample_visuals() if p.name.startswith("02_"))])
    for c in place_assets(session.project, list(session.project.assets.values()), 0).commands:
        session.stack.push(c)
    cmd = TextAddCommand(0, "Good morning!", "title", 2_000_000)
    session.stack.push(cmd)
    session.stack.push(TextAnimCommand(cmd.clip_id, "in", "slide", 1_200_000))
    session.stack.push(TemplatePropertyCommand("title_card", False))
    video = Path(tempfile.mkdtemp(prefix="shortvid-shot-")) / "text.mp4"
    session.export(video, quality="draft", record=False)
    fps = session.project.template.fps
    pick = "+".join(f"eq(n\\,{round(t * fps)})" for t in (0.4, 0.6, 0.85, 1.4))
    out = OUT / "text_animation_frames.jpg"
    tile = "scale=270:480,tile=4x1:padding=6:color=white"
    run_ffmpeg(
        ["-y", "-i", str(video), "-vf", f"select='{pick}',{tile}", "-frames:v", "1"]
        + ["-q:v", "4", str(out)]
    )
    return out


def shoot_start(lang: str) -> list[Path]:
    """The start page, as a new window shows it, with a recent project and one to recover."""
    from PySide6.QtWidgets import QApplication

    from shortvid_desktop.qt.app import create_app, install_translators
    from shortvid_desktop.qt.main_window import MainWindow
    from shortvid_desktop.session import Session, sample_script
    from shortvid_desktop.session.projects import note_project

    app = QApplication.instance() or create_app([sys.argv[0]])
    install_translators(app, lang)
    zh = lang.startswith("zh")
    folder = Path(tempfile.mkdtemp(prefix="shortvid-shot-projects-"))
    for n, title in enumerate(
        ("五个让早晨更平静的小习惯", "三分钟学会做饭")
        if zh
        else ("Five tiny habits for a calmer morning", "Cook in three minutes")
    ):
        session = Session.new(title=title, language="zh" if zh else "en")
        session.load_script_file(sample_script("zh" if zh else "en"))
        path = session.save_file(folder / f"project{n}.json")
        session.save_to_store("saved")
        note_project(session.project, path)
    win = MainWindow()
    win.confirm_close = False
    win.resize(1440, 880)
    win.show()
    for _ in range(20):
        QApplication.processEvents()
    tag = "zh_CN" if zh else "en_US"
    shot = _grab(win, OUT / f"start_page_{tag}.png")
    win.close()
    return [shot]


def demo_frames(video: Path) -> Path:
    from shortvid_desktop.media.ffmpeg import run_ffmpeg

    out = OUT / f"{video.stem}_frames.jpg"
    run_ffmpeg(
        [
            "-i",
            str(video),
            "-vf",
            "select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,6)',scale=270:480,tile=5x1",
            "-frames:v",
            "1",
            "-q:v",
            "4",
            str(out),
        ]
    )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", choices=("en_US", "zh_CN", "both"), default="both")
    ap.add_argument("--only", default=None, help="default: every shot, or none with --demo")
    ap.add_argument("--demo", nargs="*", default=[])
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.only is None:
        every = "start,window,text,emoji,templates,export,magnetic,text_frames"
        args.only = "" if args.demo else every
    shots = args.only.split(",")
    frames = "text_frames" in shots  # made once, not per language
    args.only = ",".join(x for x in shots if x != "text_frames")
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SHORTVID_HOME", tempfile.mkdtemp(prefix="shortvid-shots-"))
    if not args.only:
        pass  # frames of the demo videos only
    elif args.child or args.lang != "both":
        if "start" in args.only:
            for path in shoot_start(args.lang):
                print(path)
        if "magnetic" in args.only:
            for path in shoot_magnetic(args.lang):
                print(path)
        if set(args.only.split(",")) - {"start", "magnetic", ""}:
            for path in shoot(args.lang, args.only):
                print(path)
    else:
        for lang in ("en_US", "zh_CN"):
            home = tempfile.mkdtemp(prefix=f"shortvid-shots-{lang}-")  # one data folder each
            subprocess.run(
                [sys.executable, __file__, "--child", "--lang", lang, "--only", args.only],
                check=True,
                env={**os.environ, "SHORTVID_HOME": home},
            )
    if frames:
        print(text_animation_frames())
    for d in args.demo:
        print(demo_frames(Path(d)))


if __name__ == "__main__":
    main()
