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


def test_voice_and_language_names_are_chinese_in_zh_cn(window, qtbot, english) -> None:
    import re

    zh = switch_language(window, "zh_CN")
    qtbot.addWidget(zh)
    zh.confirm_close = False
    picker = zh.inspector.project_voice
    qtbot.waitUntil(lambda: picker.catalog.loaded, timeout=30_000)
    picker.set_voice("", "en")
    languages = [picker.language.itemText(i) for i in range(picker.language.count())]
    assert picker.language.currentText() == "英语"
    assert "中文" in languages or "普通话" in languages
    combo = picker.combo
    specs = [str(combo.itemData(i) or "") for i in range(combo.count())]
    voices = [combo.itemText(i) for i in range(combo.count()) if specs[i]]
    assert voices and all(re.search(r"[\u4e00-\u9fff]", v) for v in voices), voices
    if any(s.startswith("piper:") for s in specs):
        assert "英语（美国） — Joe（离线）" in voices
    assert not any("English" in v or "offline" in v for v in voices)
    dialog = zh.show_settings()
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "渲染" in tabs and "正在渲染" not in tabs
    dialog.close()
    back = switch_language(zh, "en_US")
    qtbot.addWidget(back)  # closed after the test (was left on screen for every later test)
    back.confirm_close = False
