"""Languages: the window in Chinese and back, switched from Settings without a restart."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QApplication

from shortvid_desktop.edits import ProjectPropertyCommand
from shortvid_desktop.qt.app import install_translators, switch_language
from shortvid_desktop.qt.state import ui_settings


@pytest.fixture
def english():
    yield
    install_translators(QApplication.instance(), "en_US")


def test_switching_to_chinese_and_back_keeps_the_project(window, qtbot, english) -> None:
    window.bridge.push(ProjectPropertyCommand(title="Same project"))
    assert window.act_new.text() == "&New"
    dialog = window.show_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    switched: list = []
    window.session_changed.connect(switched.append)
    assert dialog.apply()
    assert ui_settings().value("ui/language") == "zh_CN"
    zh = next(
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "MainWindow" and w is not window and w.isVisible()
    )
    qtbot.addWidget(zh)
    zh.confirm_close = False
    assert zh.act_new.text() == "新建(&N)"
    assert zh.dock_timeline.windowTitle() == "时间线"
    assert zh.scenes_panel.build_button.text() == "配音并排布"
    assert zh.session is window.session and zh.session.project.title == "Same project"
    assert zh.act_undo.text() == "撤销(&U) 重命名项目"  # command names are translated too
    assert not window.isVisible()
    en = switch_language(zh, "en_US")
    qtbot.addWidget(en)
    en.confirm_close = False
    assert en.act_new.text() == "&New" and en.session is window.session
    en.bridge.undo()
    assert en.session.project.title != "Same project"
