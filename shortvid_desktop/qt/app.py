"""Starting the window: QApplication, translations, style, recovery offer, main window."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QThreadPool, QTranslator
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from ..paths import resource, ui_dir
from .state import ui_settings

_installed: list[QTranslator] = []


def ui_language(language: str | None = None) -> str:
    """The UI language: the argument, else the user's choice in Settings, else the system's."""
    chosen = language if language is not None else str(ui_settings().value("ui/language", "") or "")
    return chosen or QLocale.system().name()


def install_translators(app: QCoreApplication, language: str | None = None) -> list[QTranslator]:
    """Load the app's and Qt's own translations for ``language`` (replacing earlier ones)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    lang = ui_language(language)
    if lang.startswith("zh"):
        ours = QTranslator(app)
        if ours.load(str(ui_dir() / "translations" / "shortvid_zh_CN.qm")):
            app.installTranslator(ours)
            _installed.append(ours)
        qt = QTranslator(app)
        if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    return list(_installed)


def create_app(argv: list[str] | None = None) -> QApplication:
    # Jobs run Python on worker threads (export preparation, voices, imports); the GUI thread
    # gets the interpreter back after 1 ms instead of 5 when it has an event to handle
    # (benchmarks/ui_bench.py: p99 of the stalls during an export 16-19 ms -> 13 ms).
    sys.setswitchinterval(0.001)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("ShortVid Desktop")
    app.setOrganizationName("ShortVid")
    icon = resource("icons", "shortvid_256.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    app.setStyle("Fusion")
    app.setPalette(dark_palette())
    style = ui_dir() / "style.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app  # type: ignore[return-value]


def dark_palette() -> QPalette:
    """The palette under ui/style.qss (widgets the style sheet does not reach stay dark too)."""
    p = QPalette()
    roles = QPalette.ColorRole
    for role, color in (
        (roles.Window, "#1b1c21"),
        (roles.WindowText, "#e4e5ea"),
        (roles.Base, "#202127"),
        (roles.AlternateBase, "#24252b"),
        (roles.ToolTipBase, "#2a2b31"),
        (roles.ToolTipText, "#e4e5ea"),
        (roles.Text, "#e4e5ea"),
        (roles.Button, "#30313a"),
        (roles.ButtonText, "#e4e5ea"),
        (roles.BrightText, "#ff5252"),
        (roles.Highlight, "#3d6fa8"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#4fc3f7"),
        (roles.PlaceholderText, "#7d7e86"),
    ):
        p.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(disabled, role, QColor("#6c6d75"))
    return p


def switch_language(window, language: str):
    """Install ``language`` and rebuild the window on the same project (layout kept)."""
    from .main_window import MainWindow

    app = QApplication.instance()
    assert app is not None
    install_translators(app, language or None)
    window.save_layout()
    window.bridge.set_stack_detached()
    new = MainWindow(window.session, None)
    new.confirm_close = window.confirm_close
    new.export_path = window.export_path
    new.scenes_panel.set_text(window.scenes_panel.text())
    new.playhead.set(window.playhead.position)
    window.confirm_close = False
    window.close()
    new.show()
    new.preview.refresh()
    return new


def run_app(project: str | None = None) -> int:
    from ..session.exports import mark_interrupted
    from .main_window import MainWindow

    app = create_app()
    install_translators(app)
    mark_interrupted()
    window = MainWindow()
    from .crash_dialog import CrashHandler

    window.crash_handler = CrashHandler(window)  # an unexpected error: a report and a dialog
    if project:
        window.open_project(project)
    window.show()
    window.check_recovery()
    _warm_up_ffmpeg()
    warm_up(window)
    gc.freeze()  # what start-up made lives as long as the app: out of the collector's passes
    return app.exec()


def warm_up(window: QWidget) -> None:
    """Start the first export's one-off work now, quietly, on a worker (see
    ``session.housekeeping.warm_up``)."""
    from ..session.housekeeping import warm_up as work

    window.runner.run("Warm up", lambda _progress, _cancel: work(), quiet=True)  # type: ignore[attr-defined]


def _warm_up_ffmpeg() -> None:
    """The app bundle ships ffmpeg packed: unpack it (once, ~5 s) on a worker thread now rather
    than inside the first preview or export."""
    from ..paths import packed_ffmpeg_manifest

    if packed_ffmpeg_manifest() is None:
        return

    def run() -> None:
        from ..session.media import ffmpeg_exe

        try:
            ffmpeg_exe()
        except RuntimeError:
            pass  # the first job that needs ffmpeg reports why

    QThreadPool.globalInstance().start(run)
