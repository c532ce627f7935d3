"""The window against the local OpenAI-compatible server, set up through the Settings dialog as a
person does (mouse and keyboard, no environment variables): a script streams in from a topic, one
scene is rewritten alone, Settings stores a key (masked) and tests the connection, and the
provider and monthly budget chosen there govern Generate and Rewrite (usage rows in the ledger;
over budget, nothing is sent)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox
from qt_helpers import wait_jobs
from servers.fixtures import TEST_KEY

from shortvid_desktop.core.serial import to_dict
from shortvid_desktop.net import SETTING_BUDGETS, SETTING_PROVIDER, current_month
from shortvid_desktop.qt.settings_dialog import SettingsDialog
from shortvid_desktop.store import Store


# --------------------------------------------------------------------------- as a person does it
def _click(widget, pos: QPoint | None = None) -> None:
    QTest.mouseClick(
        widget,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        pos or widget.rect().center(),
    )


def _retype(widget, text: str) -> None:
    """Select what the field holds and type over it, as a person does."""
    _click(widget)
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)


def _choose(combo, data: str) -> None:
    """Step a combo box with the arrow keys until it shows ``data``."""
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data, f"{data!r} is not offered"


def _open_tab(dialog, title: str) -> None:
    bar = dialog.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    _click(bar, bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


def _settings(
    window, qtbot, *, url: str = "", budget: str | None = None, close: bool = True
) -> SettingsDialog:
    """In the Settings dialog, with mouse and keyboard: point the openai provider at ``url``
    (endpoint, model, key saved, chosen for scripts) and set its monthly ``budget``; then OK
    (or Apply, leaving the dialog open, when not ``close``)."""
    window.act_settings.trigger()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.provider_list.count() > 0, timeout=30_000)
    if url:
        _open_tab(dialog, "AI providers")
        row = next(i for i, p in enumerate(dialog._providers) if p["name"] == "openai")
        rect = dialog.provider_list.visualItemRect(dialog.provider_list.item(row))
        _click(dialog.provider_list.viewport(), rect.center())
        assert dialog.provider_list.currentRow() == row
        _retype(dialog.base_url, url)
        _retype(dialog.model, "gpt-test")
        _retype(dialog.api_key, TEST_KEY)
        _click(dialog.save_key_button)
        qtbot.waitUntil(
            lambda: dialog.key_state.text().startswith("A key is stored"), timeout=30_000
        )
        _choose(dialog.default_provider, "openai")
    if budget is not None:
        _open_tab(dialog, "Network and budget")
        _choose(dialog.budget_provider, "openai")
        _retype(dialog.budget, budget)
    buttons = dialog.findChild(QDialogButtonBox)
    if close:
        _click(buttons.button(QDialogButtonBox.StandardButton.Ok))
        assert not dialog.isVisible(), dialog.status.text()
    else:
        _click(buttons.button(QDialogButtonBox.StandardButton.Apply))
        assert dialog.status.text() == "Saved.", dialog.status.text()
    return dialog


def _select_scene(panel, row: int) -> None:
    table = panel.table
    _click(table.viewport(), table.visualRect(table.model().index(row, 0)).center())
    assert panel.current_row() == row


def _ledger() -> list[dict]:
    with Store() as store:
        return store.usage_totals(current_month())


def test_script_streams_in_from_a_topic_and_one_scene_is_rewritten(window, qtbot, openai_server):
    _settings(window, qtbot, url=openai_server.url)
    messages: list[str] = []
    window.build.progress.connect(lambda f, m: messages.append(m))
    panel = window.scenes_panel
    with qtbot.waitSignal(window.build.script_ready, timeout=60_000):
        _retype(panel.topic, "Why cats purr")
        _click(panel.generate_button)
    scenes = window.session.project.script.scenes
    assert len(scenes) >= 2
    assert any(m.startswith("Writing the script") for m in messages)  # streamed progress
    assert window.act_undo.text().endswith("Generate script")
    others = [to_dict(s) for s in scenes[1:]]
    old = scenes[0].narration
    _select_scene(panel, 0)
    with qtbot.waitSignal(
        window.build.busy_changed, timeout=60_000, check_params_cb=lambda b, _t: not b
    ):
        _click(panel.rewrite_button)
    scenes = window.session.project.script.scenes
    assert scenes[0].narration and scenes[0].narration != old
    assert [to_dict(s) for s in scenes[1:]] == others
    assert window.act_undo.text().endswith("Edit scene")
    wait_jobs(qtbot, window)


def test_settings_store_a_key_masked_and_test_the_connection(window, qtbot, openai_server):
    dialog = _settings(window, qtbot, url=openai_server.url, close=False)
    assert dialog.api_key.echoMode() == dialog.api_key.EchoMode.Password
    assert dialog.api_key.text() == ""  # never shown again
    _click(dialog.test_button)
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith(("✓", "✗")), timeout=30_000)
    assert dialog.test_result.text().startswith("✓"), dialog.test_result.text()
    assert len(openai_server.calls("models")) == 1
    from shortvid_desktop import secrets

    assert secrets.get_key("openai") == TEST_KEY
    wait_jobs(qtbot, window)
    dialog.close()


def test_provider_and_budget_set_in_settings_govern_generate_and_rewrite(
    window, qtbot, openai_server
):
    _settings(window, qtbot, url=openai_server.url, budget="5")
    with Store() as store:
        assert store.get_setting(SETTING_PROVIDER) == "openai"
        assert store.get_setting(SETTING_BUDGETS) == {"openai": 5.0}
    panel = window.scenes_panel
    # Generate: the provider chosen in Settings writes the script; one ledger row
    with qtbot.waitSignal(window.build.script_ready, timeout=60_000):
        _retype(panel.topic, "Why cats purr")
        _click(panel.generate_button)
    assert len(openai_server.calls("chat")) == 1
    assert window.session.project.script.title == "All about Why cats purr"
    (row,) = _ledger()
    assert (row["provider"], row["model"], row["calls"]) == ("openai", "gpt-test", 1)
    assert row["cost_usd"] > 0
    # Rewrite one scene: a second call on the same ledger
    old = window.session.project.script.scenes[0].narration
    _select_scene(panel, 0)
    with qtbot.waitSignal(
        window.build.busy_changed, timeout=60_000, check_params_cb=lambda b, _t: not b
    ):
        _click(panel.rewrite_button)
    assert window.session.project.script.scenes[0].narration != old
    assert len(openai_server.calls("chat")) == 2
    assert _ledger()[0]["calls"] == 2
    # a budget smaller than the next call's estimate: both are refused before sending
    _settings(window, qtbot, budget="0.01")
    script_before = to_dict(window.session.project.script)
    with qtbot.waitSignal(window.build.script_ready, timeout=60_000):
        _retype(panel.topic, "Why dogs bark")
        _click(panel.generate_button)
    log = window.messages.toPlainText()
    assert "Refused before sending" in log and "monthly budget of $0.01" in log
    assert "made offline" in log  # the offline helper wrote a template instead, and says so
    _select_scene(panel, 0)
    with qtbot.waitSignal(
        window.build.busy_changed, timeout=60_000, check_params_cb=lambda b, _t: not b
    ):
        _click(panel.rewrite_button)
    assert window.notice_bar.isVisible() and window.notice_bar.level == "error"
    assert window.notice_bar.label.text().startswith("Refused before sending")
    assert len(openai_server.calls("chat")) == 2  # the server saw neither request
    assert _ledger()[0]["calls"] == 2
    assert script_before != to_dict(window.session.project.script)  # Generate fell back
    wait_jobs(qtbot, window)
