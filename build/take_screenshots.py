"""Take the pictures in docs/screenshots: the window (run under Xvfb) and frames of a demo export.

xvfb-run -a -s "-screen 0 1280x800x24" python build/take_screenshots.py [--demo demo.mp4]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def window_shot(lang: str) -> Path:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from shortvid_desktop.qt.app import create_app, install_translators
    from shortvid_desktop.qt.main_window import MainWindow

    app = create_app([sys.argv[0]])
    install_translators(app, lang)
    win = MainWindow()
    win.resize(1200, 760)
    win.show()
    win.script_panel.language.setCurrentIndex(2 if lang.startswith("zh") else 1)
    win.load_sample_script()
    from shortvid_desktop.session import sample_visuals

    win.import_paths([str(p) for p in sample_visuals()])
    out = OUT / f"window_{lang}.png"

    def shoot() -> None:
        if win.runner.jobs:  # wait for the import and thumbnails
            QTimer.singleShot(200, shoot)
            return
        QApplication.processEvents()
        screen = win.screen()
        pix = screen.grabWindow(win.winId()) if os.environ.get("DISPLAY") else win.grab()
        pix.save(str(out))
        app.quit()

    QTimer.singleShot(500, shoot)
    app.exec()
    return out


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
    ap.add_argument("--lang", default="en_US")
    ap.add_argument("--demo", nargs="*", default=[])
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(window_shot(args.lang))
    for d in args.demo:
        print(demo_frames(Path(d)))


if __name__ == "__main__":
    main()
