"""Starting the window: QApplication, translations, icon, main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ..paths import resource, ui_dir


def install_translators(app: QApplication, language: str | None = None) -> list[QTranslator]:
    """Load the app's and Qt's own translations for ``language`` (default: system locale)."""
    lang = (
        language
        or QSettings("ShortVid", "ShortVid Desktop").value("ui/language", "")
        or (QLocale.system().name())
    )
    translators = []
    if str(lang).startswith("zh"):
        ours = QTranslator(app)
        if ours.load(str(ui_dir() / "translations" / "shortvid_zh_CN.qm")):
            app.installTranslator(ours)
            translators.append(ours)
        qt = QTranslator(app)
        if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            translators.append(qt)
    return translators


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("ShortVid Desktop")
    app.setOrganizationName("ShortVid")
    icon = resource("icons", "shortvid_256.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    style = ui_dir() / "style.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app  # type: ignore[return-value]


def run_app(project: str | None = None) -> int:
    from .main_window import MainWindow

    app = create_app()
    install_translators(app)
    window = MainWindow()
    if project:
        window.open_project(project)
    window.show()
    return app.exec()
