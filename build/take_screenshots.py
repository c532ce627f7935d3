"""Take the pictures in docs/screenshots: the editor window in English and in Chinese with a real
project loaded (the bundled sample script and media, voiced and laid out), the template editor,
and the export dialog mid-export; plus frames of a demo export.

    xvfb-run -a -s "-screen 0 1440x900x24" python build/take_screenshots.py
    xvfb-run -a -s "-screen 0 1440x900x24" python build/take_screenshots.py --lang zh_CN
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
    pix.save(str(path))
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
        args.only = "" if args.demo else "start,window,templates,export"
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SHORTVID_HOME", tempfile.mkdtemp(prefix="shortvid-shots-"))
    if not args.only:
        pass  # frames of the demo videos only
    elif args.child or args.lang != "both":
        if "start" in args.only:
            for path in shoot_start(args.lang):
                print(path)
        if set(args.only.split(",")) - {"start"}:
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
    for d in args.demo:
        print(demo_frames(Path(d)))


if __name__ == "__main__":
    main()
