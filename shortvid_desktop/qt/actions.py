"""The window's actions, menus and toolbar (kept out of main_window.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar

from ..session.projects import recent_projects
from .credits_dialog import open_credits_dialog

if TYPE_CHECKING:
    from .main_window import MainWindow


def _act(
    win: MainWindow,
    text: str,
    slot: Callable[..., object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | list | None = None,
    icon: QStyle.StandardPixmap | None = None,
    *,
    local: bool = False,
    checkable: bool = False,
) -> QAction:
    a = QAction(text, win)
    if shortcut is not None:
        if isinstance(shortcut, list):
            a.setShortcuts([QKeySequence(s) for s in shortcut])
        else:
            a.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        a.setIcon(win.style().standardIcon(icon))
    if local:  # only while the timeline or the preview has focus (text fields keep their keys)
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    a.setCheckable(checkable)
    a.triggered.connect(lambda *_: slot())
    return a


def install_actions(win: MainWindow) -> None:
    sp = QStyle.StandardPixmap
    win.act_new = _act(
        win,
        QCoreApplication.translate("Actions", "&New"),
        win.new_project,
        QKeySequence.StandardKey.New,
        sp.SP_FileIcon,
    )
    win.act_open = _act(
        win,
        QCoreApplication.translate("Actions", "&Open…"),
        win.open_project,
        QKeySequence.StandardKey.Open,
        sp.SP_DialogOpenButton,
    )
    win.act_start_page = _act(
        win, QCoreApplication.translate("Actions", "Start &page"), win.show_start_page
    )
    win.act_reopen_last = _act(
        win, QCoreApplication.translate("Actions", "Reopen &last project"), win.reopen_last
    )
    win.act_save = _act(
        win,
        QCoreApplication.translate("Actions", "&Save"),
        win.save_project,
        QKeySequence.StandardKey.Save,
        sp.SP_DialogSaveButton,
    )
    win.act_save_as = _act(
        win, QCoreApplication.translate("Actions", "Save &As…"), win.save_project_as, "Ctrl+Shift+S"
    )
    win.act_import = _act(
        win,
        QCoreApplication.translate("Actions", "&Import media…"),
        win.browse_media,
        "Ctrl+I",
        sp.SP_DirOpenIcon,
    )
    win.act_export = _act(
        win,
        QCoreApplication.translate("Actions", "&Export video"),
        win.start_export,
        "Ctrl+E",
        sp.SP_MediaPlay,
    )
    win.act_export_as = _act(
        win, QCoreApplication.translate("Actions", "Export video &as…"), win.export_as, "Ctrl+Alt+E"
    )
    win.act_export_queue = _act(
        win,
        QCoreApplication.translate("Actions", "Export &queue and history…"),
        win.show_export_dialog,
        "Ctrl+Shift+E",
    )
    win.act_export_srt = _act(
        win,
        QCoreApplication.translate("Actions", "Export subtitles (SRT)…"),
        lambda: win.export_subtitles("srt"),
    )
    win.act_export_ass = _act(
        win,
        QCoreApplication.translate("Actions", "Export subtitles (ASS)…"),
        lambda: win.export_subtitles("ass"),
    )
    win.act_export_otio = _act(
        win, QCoreApplication.translate("Actions", "Export timeline (OTIO)…"), win.export_otio
    )
    win.act_batch = _act(
        win, QCoreApplication.translate("Actions", "&Batch…"), win.show_batch_window, "Ctrl+B"
    )
    win.act_quit = _act(
        win,
        QCoreApplication.translate("Actions", "&Quit"),
        win.close,
        QKeySequence.StandardKey.Quit,
    )

    win.act_undo = win.bridge.qstack.createUndoAction(
        win, QCoreApplication.translate("Actions", "&Undo")
    )
    win.act_undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    win.act_undo.setIcon(win.style().standardIcon(sp.SP_ArrowBack))
    win.act_redo = win.bridge.qstack.createRedoAction(
        win, QCoreApplication.translate("Actions", "&Redo")
    )
    win.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    win.act_redo.setIcon(win.style().standardIcon(sp.SP_ArrowForward))
    win.act_templates = _act(
        win, QCoreApplication.translate("Actions", "&Templates…"), win.show_templates, "Ctrl+T"
    )
    win.act_settings = _act(
        win,
        QCoreApplication.translate("Actions", "&Settings…"),
        win.show_settings,
        QKeySequence.StandardKey.Preferences,
    )
    if win.act_settings.shortcut().isEmpty():
        win.act_settings.setShortcut(QKeySequence("Ctrl+,"))

    win.act_play = _act(
        win,
        QCoreApplication.translate("Actions", "&Play / Pause"),
        win.toggle_play,
        "Space",
        local=True,
    )
    install_shuttle_actions(win)
    win.act_split = _act(
        win,
        QCoreApplication.translate("Actions", "&Split at playhead"),
        win.split_at_playhead,
        "S",
        local=True,
    )
    win.act_delete = _act(
        win,
        QCoreApplication.translate("Actions", "&Delete"),
        lambda: win.delete_selected(False),
        [Qt.Key.Key_Delete, Qt.Key.Key_Backspace],
        local=True,
    )
    win.act_ripple = _act(
        win,
        QCoreApplication.translate("Actions", "&Ripple delete"),
        lambda: win.delete_selected(True),
        "Shift+Delete",
        local=True,
    )
    win.act_duplicate = _act(
        win,
        QCoreApplication.translate("Actions", "D&uplicate"),
        win.duplicate_selected,
        "Ctrl+D",
        local=True,
    )
    win.act_add_text = _act(
        win, QCoreApplication.translate("Actions", "Add &text"), win.add_text, "T", local=True
    )
    win.act_snap = _act(
        win,
        QCoreApplication.translate("Actions", "S&napping"),
        win.toggle_snapping,
        "N",
        local=True,
        checkable=True,
    )
    win.act_snap.setChecked(True)
    win.act_zoom_in = _act(
        win,
        QCoreApplication.translate("Actions", "Zoom &in"),
        win.timeline.zoom_in,
        ["+", "="],
        local=True,
    )
    win.act_zoom_out = _act(
        win,
        QCoreApplication.translate("Actions", "Zoom &out"),
        win.timeline.zoom_out,
        "-",
        local=True,
    )
    win.act_zoom_fit = _act(
        win,
        QCoreApplication.translate("Actions", "&Fit to window"),
        win.timeline.zoom_fit,
        "Ctrl+0",
        local=True,
    )
    win.act_start = _act(
        win,
        QCoreApplication.translate("Actions", "Go to start"),
        win.playhead.to_start,
        "Home",
        local=True,
    )
    win.act_end = _act(
        win,
        QCoreApplication.translate("Actions", "Go to end"),
        win.playhead.to_end,
        "End",
        local=True,
    )
    win.act_diagnostics = _act(
        win, QCoreApplication.translate("Actions", "&Diagnostics…"), win.show_diagnostics
    )
    win.act_about = _act(
        win, QCoreApplication.translate("Actions", "&About ShortVid"), win.show_about
    )
    win.act_credits = _act(
        win,
        QCoreApplication.translate("Actions", "Project &credits…"),
        lambda: open_credits_dialog(win),
    )
    win.act_credits.setObjectName("actCredits")
    win.act_reset_layout = _act(
        win, QCoreApplication.translate("Actions", "&Reset layout"), win.reset_layout
    )

    mb = win.menuBar()
    mb.clear()
    f = mb.addMenu(QCoreApplication.translate("Actions", "&File"))
    f.addAction(win.act_new)
    f.addAction(win.act_open)
    win.recent_menu = QMenu(QCoreApplication.translate("Actions", "Open &recent"), win)
    win.recent_menu.aboutToShow.connect(lambda: fill_recent(win))
    f.addMenu(win.recent_menu)
    f.addAction(win.act_reopen_last)
    f.addAction(win.act_start_page)
    f.addSeparator()
    f.addAction(win.act_save)
    f.addAction(win.act_save_as)
    f.addSeparator()
    f.addAction(win.act_import)
    f.addSeparator()
    f.addAction(win.act_export)
    f.addAction(win.act_export_as)
    f.addAction(win.act_export_queue)
    f.addAction(win.act_export_srt)
    f.addAction(win.act_export_ass)
    f.addAction(win.act_export_otio)
    f.addSeparator()
    f.addAction(win.act_batch)
    f.addSeparator()
    f.addAction(win.act_quit)
    e = mb.addMenu(QCoreApplication.translate("Actions", "&Edit"))
    e.addAction(win.act_undo)
    e.addAction(win.act_redo)
    e.addSeparator()
    e.addAction(win.act_templates)
    e.addAction(win.act_settings)
    t = mb.addMenu(QCoreApplication.translate("Actions", "&Timeline"))
    for a in (
        win.act_play,
        *win.shuttle_actions,
        None,
        win.act_split,
        win.act_delete,
        win.act_ripple,
        win.act_duplicate,
        win.act_add_text,
        None,
        win.act_snap,
        win.act_zoom_in,
        win.act_zoom_out,
        win.act_zoom_fit,
        win.act_start,
        win.act_end,
    ):
        t.addSeparator() if a is None else t.addAction(a)
    from .text_inspector import install_text_menu

    install_text_menu(win, mb)  # Add text in a preset, Add sticker
    win.view_menu = mb.addMenu(QCoreApplication.translate("Actions", "&View"))
    win.act_safe_guides = _act(  # the platform's interface zones over the preview (canvas.py)
        win,
        QCoreApplication.translate("Actions", "Safe-area &guides"),
        lambda: None,
        checkable=True,
    )
    win.act_safe_guides.setObjectName("view.guides")
    win.act_safe_guides.toggled.connect(win.preview.canvas.set_guides)
    win.view_menu.addAction(win.act_safe_guides)
    win.preview.canvas.selection_changed.connect(  # picked on the canvas: the timeline's too
        lambda key: win.timeline.set_selection([key] if key and key != "watermark" else [])
    )
    win.timeline.selection_changed.connect(win.preview.canvas.follow_selection)
    h = mb.addMenu(QCoreApplication.translate("Actions", "&Help"))
    h.setObjectName("helpMenu")
    h.addAction(win.act_credits)
    h.addAction(win.act_diagnostics)
    h.addAction(win.act_about)

    tb = QToolBar(QCoreApplication.translate("Actions", "Main"), win)
    tb.setObjectName("mainToolbar")
    tb.setIconSize(QSize(18, 18))
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for a in (
        win.act_new,
        win.act_open,
        win.act_save,
        None,
        win.act_undo,
        win.act_redo,
        None,
        win.act_import,
        win.act_templates,
        win.act_settings,
        None,
        win.act_export,
    ):
        tb.addSeparator() if a is None else tb.addAction(a)
    win.addToolBar(tb)
    win.main_toolbar = tb

    local = [
        win.act_play,
        *win.shuttle_actions,
        win.act_split,
        win.act_delete,
        win.act_ripple,
        win.act_duplicate,
        win.act_add_text,
        win.act_snap,
        win.act_zoom_in,
        win.act_zoom_out,
        win.act_zoom_fit,
        win.act_start,
        win.act_end,
    ]
    for widget in (win.timeline_panel, win.preview):
        widget.addActions(local)
    win.timeline_panel.add_actions(
        [
            win.act_split,
            win.act_delete,
            win.act_ripple,
            win.act_duplicate,
            win.act_add_text,
            None,
            win.act_snap,
            win.act_zoom_in,
            win.act_zoom_out,
            win.act_zoom_fit,
        ]
    )


def install_shuttle_actions(win: MainWindow) -> None:
    """J/K/L shuttle, frame steps, In/Out and Loop: keys of the timeline and the preview only
    (a text field keeps its letters)."""
    pv = win.preview
    win.act_shuttle_back = _act(
        win, QCoreApplication.translate("Actions", "Play &backward"), pv.shuttle_backward, "J"
    )
    win.act_shuttle_stop = _act(
        win, QCoreApplication.translate("Actions", "&Stop"), pv.shuttle_stop, "K"
    )
    win.act_shuttle_fwd = _act(
        win, QCoreApplication.translate("Actions", "Play &forward"), pv.shuttle_forward, "L"
    )
    win.act_frame_back = _act(
        win, QCoreApplication.translate("Actions", "Previous frame"), lambda: pv.step_frames(-1)
    )
    win.act_frame_fwd = _act(
        win, QCoreApplication.translate("Actions", "Next frame"), lambda: pv.step_frames(1)
    )
    win.act_frame_back.setShortcut(QKeySequence(Qt.Key.Key_Left))
    win.act_frame_fwd.setShortcut(QKeySequence(Qt.Key.Key_Right))
    win.act_mark_in = _act(
        win, QCoreApplication.translate("Actions", "Set &In point"), pv.set_in_point, "I"
    )
    win.act_mark_out = _act(
        win, QCoreApplication.translate("Actions", "Set &Out point"), pv.set_out_point, "O"
    )
    win.act_loop = _act(
        win,
        QCoreApplication.translate("Actions", "&Loop In to Out"),
        lambda: None,
        "Ctrl+L",
        checkable=True,
    )
    win.act_loop.toggled.connect(pv.set_loop)
    win.shuttle_actions = [
        win.act_shuttle_back,
        win.act_shuttle_stop,
        win.act_shuttle_fwd,
        win.act_frame_back,
        win.act_frame_fwd,
        win.act_mark_in,
        win.act_mark_out,
        win.act_loop,
    ]
    for a in win.shuttle_actions:
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)


def fill_recent(win: MainWindow) -> None:
    """File > Open recent: the recent projects, newest first (as on the start page)."""
    menu = win.recent_menu
    menu.clear()
    items = recent_projects()
    if not items:
        a = menu.addAction(QCoreApplication.translate("Actions", "(none)"))
        a.setEnabled(False)
        return
    for i, item in enumerate(items):
        title = (item.title or QCoreApplication.translate("Actions", "Untitled")).replace("&", "&&")
        a = menu.addAction(f"&{i + 1} {title}" if i < 9 else title)
        a.setToolTip(item.path)
        a.setStatusTip(item.path)
        a.triggered.connect(lambda _=False, it=item: win.open_recent(it))
