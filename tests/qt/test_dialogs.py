"""Template editor (live preview, read-only built-ins, JSON), Settings, Diagnostics, and the
File menu's subtitle and OTIO exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from qt_helpers import timeline_session, wait_jobs

from shortvid_desktop.store import Store


def test_template_editor_edits_with_a_live_preview(window, qtbot, tmp_path: Path) -> None:
    editor = window.show_templates()
    with qtbot.waitSignal(editor.preview_shown, timeout=30_000) as first:
        pass
    builtin = editor.current
    assert builtin is not None and builtin.builtin
    assert not editor.save_button.isEnabled() and editor.readonly_note.isVisible()
    assert not editor._fields["caption.size"].isEnabled()
    # duplicate to edit; smaller canvas so the preview renders fast
    editor.duplicate_current()
    assert editor.current is not None and not editor.current.builtin
    assert editor.current.name == f"{builtin.name} copy"
    with qtbot.waitSignal(editor.preview_shown, timeout=30_000):
        editor.set_field("width", 180)
        editor.set_field("height", 320)
    with qtbot.waitSignal(editor.preview_shown, timeout=30_000) as before:
        editor.set_field("caption.size", 40)
    with qtbot.waitSignal(editor.preview_shown, timeout=30_000) as after:
        editor.set_field("caption.color", "#FF0000")
        editor.set_field("caption.box", True)
    assert after.args[0] != before.args[0]  # the change shows in the sample frame
    assert first.args[0].height() > 0
    assert "Chinese" in editor.font_check.text()
    # a bad value is named, not saved
    editor.set_field("watermark_opacity", 0.5)
    assert editor.save_current()
    with Store() as store:
        saved = store.get_template(f"{builtin.name} copy")
    assert (saved.width, saved.caption.size, saved.caption.color) == (180, 40, "#FF0000")
    # export and import as JSON
    out = tmp_path / "t.json"
    assert editor.export_file(str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["caption"]["size"] == 40
    imported = editor.import_file(str(out))
    assert imported is not None and imported.name.endswith("imported")
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "fps": 0}', encoding="utf-8")
    assert editor.import_file(str(bad)) is None and "fps" in editor.status.text()
    # apply to the project: one undoable step
    assert editor.apply_to_project()
    assert window.session.project.template.caption.size == 40
    window.act_undo.trigger()
    assert window.session.project.template.caption.size != 40
    editor.delete_current()
    with Store() as store:
        names = [t.name for t in store.list_templates()]
    assert imported.name not in names
    qtbot.waitUntil(lambda: not editor.busy(), timeout=30_000)
    editor.close()
    wait_jobs(qtbot, window)


def test_settings_dialog_saves_and_switches_language(window, qtbot) -> None:
    dialog = window.show_settings()
    qtbot.waitUntil(lambda: dialog.provider_list.count() > 0, timeout=30_000)
    dialog.proxy.setText("http://127.0.0.1:3128")
    dialog.voice_order.setCurrentRow(2)
    dialog._move_voice(-2)
    dialog.quality.setCurrentIndex(dialog.quality.findData("draft"))
    assert dialog.apply()
    with Store() as store:
        assert store.get_setting("net.proxy") == "http://127.0.0.1:3128"
        assert store.get_setting("render.quality") == "draft"
        assert store.get_setting("voice.chain")[0] == "offline"
    dialog.proxy.setText("ftp://nope")
    assert not dialog.apply() and "proxy" in dialog.status.text().lower()
    dialog.proxy.setText("")
    # the API key field is masked
    assert dialog.api_key.echoMode() == dialog.api_key.EchoMode.Password
    wait_jobs(qtbot, window)
    dialog.close()


def test_diagnostics_dialog_copies_the_report(window, qtbot) -> None:
    from PySide6.QtGui import QGuiApplication

    dlg = window.show_diagnostics()
    qtbot.waitUntil(lambda: dlg.copy_button.isEnabled(), timeout=60_000)
    assert "ffmpeg" in dlg.text.toPlainText()
    dlg.copy_button.click()
    assert "ffmpeg" in QGuiApplication.clipboard().text()
    dlg.close()


def test_subtitles_and_otio_from_the_file_menu(make_window, qtbot, media, tmp_path) -> None:
    window = make_window(timeline_session(media))
    otio = tmp_path / "t.otio"
    window.export_otio(str(otio))
    qtbot.waitUntil(otio.is_file, timeout=10_000)
    doc = json.loads(otio.read_text(encoding="utf-8"))
    assert doc["OTIO_SCHEMA"] == "Timeline.1" and len(doc["tracks"]["children"]) == 3
    srt = tmp_path / "t.srt"
    window.export_subtitles("srt", str(srt))  # no voice yet: no captions, and the user is told
    qtbot.waitUntil(lambda: "captions" in window.messages.toPlainText(), timeout=10_000)
    assert not srt.exists()
    wait_jobs(qtbot, window)
