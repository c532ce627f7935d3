"""The voice picker: voices listed in jobs (offline first, the edge-tts list fetched when the
list opens, failing gracefully), a language filter, Preview, and the scene table's voice cell."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from qt_helpers import wait_jobs

from shortvid_desktop.qt.voice_picker import VoiceCatalog, VoicePicker


@pytest.fixture
def picker(window, qtbot) -> VoicePicker:
    VoicePicker.play_previews = False
    p = VoicePicker(window.runner, "(default)")
    qtbot.addWidget(p)
    p.set_voice("", "en")
    qtbot.waitUntil(lambda: p.catalog.loaded, timeout=30_000)
    return p


def _specs(p: VoicePicker) -> list[str]:
    return [str(p.combo.itemData(i) or "") for i in range(p.combo.count())]


def test_offline_voices_filtered_by_language(window, picker, qtbot) -> None:
    assert picker.language.currentData() == "en"
    specs = _specs(picker)
    assert specs[0] == ""  # the default comes first
    assert any(s.startswith(("piper:", "espeak:")) for s in specs)
    assert all(not s.startswith("espeak:cmn") for s in specs)  # English only
    picker.language.setCurrentIndex(picker.language.findData("zh"))
    zh = _specs(picker)
    assert any(s.startswith("espeak:cmn") for s in zh) or any("zh-CN" in s for s in zh)
    picker.language.setCurrentIndex(picker.language.findData(""))
    assert len(_specs(picker)) > len(zh)
    # the catalog is shared by the window's pickers and ran off the GUI thread
    assert VoiceCatalog.for_runner(window.runner) is picker.catalog
    # choosing emits the spec; typing a spec works too
    with qtbot.waitSignal(picker.voice_chosen) as chosen:
        picker.combo.setEditText("edge:en-US-GuyNeural")
        picker.combo.lineEdit().editingFinished.emit()
    assert chosen.args == ["edge:en-US-GuyNeural"] and picker.voice() == "edge:en-US-GuyNeural"
    wait_jobs(qtbot, window)


def test_opening_the_list_fetches_edge_voices(window, picker, qtbot, edge_server) -> None:
    assert "edge:sw-KE-ZuriNeural" not in {v.spec for v in picker.catalog.voices}
    with qtbot.waitSignal(picker.catalog.changed, timeout=30_000):
        picker.combo.showPopup()
    picker.combo.hidePopup()
    assert edge_server.voice_list_calls == 1
    assert "edge:sw-KE-ZuriNeural" in {v.spec for v in picker.catalog.voices}
    assert picker.catalog.notes == []
    wait_jobs(qtbot, window)


def test_edge_list_failure_keeps_the_known_voices(window, picker, qtbot, edge_server) -> None:
    edge_server.voice_plan.extend(["403"] * 6)
    before = len(picker.catalog.voices)
    with qtbot.waitSignal(picker.catalog.changed, timeout=60_000):
        picker.catalog.load(online=True)
    assert len(picker.catalog.voices) == before  # offline and built-in edge voices still there
    assert any("edge" in n and "could not be downloaded" in n for n in picker.catalog.notes)
    assert "could not be downloaded" in picker.combo.toolTip()
    wait_jobs(qtbot, window)


def test_preview_speaks_a_sample_in_a_job(window, picker, qtbot) -> None:
    with qtbot.waitSignal(picker.preview_ready, timeout=60_000) as ready:
        picker.preview_button.click()
        assert not picker.preview_button.isEnabled()  # running, the GUI is free
    assert Path(ready.args[0]).is_file() and Path(ready.args[0]).stat().st_size > 1000
    assert picker.preview_button.isEnabled()
    picker.combo.setEditText("nosuchengine:x")
    with qtbot.waitSignal(picker.preview_failed, timeout=30_000) as failed:
        picker.preview()
    assert "nosuchengine" in failed.args[0]
    wait_jobs(qtbot, window)


def test_scene_table_voice_cell_uses_the_picker(window, qtbot) -> None:
    with qtbot.waitSignal(window.build.script_ready, timeout=30_000):
        window.build.split_text("First scene here. And a second one.", "en")
    table = window.scenes_panel.table
    model = window.scenes_panel.model
    index = model.index(0, 3)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.findChild(VoicePicker)
    assert editor is not None
    editor.combo.setEditText("espeak:en-us")
    editor.combo.lineEdit().editingFinished.emit()
    scene = window.session.project.script.scenes[0]
    assert scene.voice == "espeak:en-us"
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "espeak:en-us"
    window.act_undo.trigger()
    assert window.session.project.script.scenes[0].voice == ""
    wait_jobs(qtbot, window)
