"""The window against the local OpenAI-compatible server: a script streams in from a topic, one
scene is rewritten alone, and Settings stores a key (masked) and tests the connection."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from qt_helpers import wait_jobs
from servers.fixtures import TEST_KEY

from shortvid_desktop.core.serial import to_dict


def test_script_streams_in_from_a_topic_and_one_scene_is_rewritten(window, qtbot, openai_env):
    messages: list[str] = []
    window.build.progress.connect(lambda f, m: messages.append(m))
    with qtbot.waitSignal(window.build.script_ready, timeout=60_000):
        window.scenes_panel.topic.setText("Why cats purr")
        window.scenes_panel.generate_button.click()
    scenes = window.session.project.script.scenes
    assert len(scenes) >= 2
    assert any(m.startswith("Writing the script") for m in messages)  # streamed progress
    assert window.act_undo.text().endswith("Generate script")
    others = [to_dict(s) for s in scenes[1:]]
    old = scenes[0].narration
    window.scenes_panel.select_row(0)
    with qtbot.waitSignal(
        window.build.busy_changed, timeout=60_000, check_params_cb=lambda b, _t: not b
    ):
        window.scenes_panel.rewrite_button.click()
    scenes = window.session.project.script.scenes
    assert scenes[0].narration and scenes[0].narration != old
    assert [to_dict(s) for s in scenes[1:]] == others
    assert window.act_undo.text().endswith("Edit scene")
    wait_jobs(qtbot, window)


def test_settings_store_a_key_masked_and_test_the_connection(window, qtbot, openai_server):
    dialog = window.show_settings()
    qtbot.waitUntil(lambda: dialog.provider_list.count() > 0, timeout=30_000)
    row = next(i for i, p in enumerate(dialog._providers) if p["name"] == "openai")
    dialog.provider_list.setCurrentRow(row)
    dialog.base_url.setText(openai_server.url)
    dialog.model.setText("gpt-test")
    dialog.api_key.setText(TEST_KEY)
    assert dialog.api_key.echoMode() == dialog.api_key.EchoMode.Password
    dialog._save_key()
    qtbot.waitUntil(lambda: dialog.key_state.text().startswith("A key is stored"), timeout=30_000)
    assert dialog.api_key.text() == ""  # never shown again
    assert dialog.apply()
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith(("✓", "✗")), timeout=30_000)
    assert dialog.test_result.text().startswith("✓"), dialog.test_result.text()
    from shortvid_desktop import secrets

    assert secrets.get_key("openai") == TEST_KEY
    wait_jobs(qtbot, window)
    dialog.close()
