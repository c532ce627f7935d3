"""The window's dock layout: where the panels go, saving and restoring it (a mixin of
MainWindow)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QToolBar, QWidget

from .state import ui_settings


class LayoutOps:
    def _dock(
        self: Any, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
    ) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _make_docks(self: Any) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        bottom, top = Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea
        self.dock_media = self._dock(self.tr("Media library"), "dockMedia", self.media_panel, left)
        self.dock_scenes = self._dock(
            self.tr("Script and scenes"), "dockScenes", self.scenes_panel, top
        )
        self.dock_preview = self._dock(self.tr("Preview"), "dockPreview", self.preview, top)
        self.dock_inspector = self._dock(
            self.tr("Inspector"), "dockInspector", self.inspector, right
        )
        self.dock_history = self._dock(self.tr("History"), "dockHistory", self.history, right)
        self.dock_messages = self._dock(self.tr("Messages"), "dockMessages", self.messages, right)
        self.dock_timeline = self._dock(
            self.tr("Timeline"), "dockTimeline", self.timeline_panel, bottom
        )
        self.splitDockWidget(self.dock_scenes, self.dock_preview, Qt.Orientation.Horizontal)
        self.tabifyDockWidget(self.dock_inspector, self.dock_history)
        self.tabifyDockWidget(self.dock_history, self.dock_messages)
        self.dock_inspector.raise_()
        self.setCorner(Qt.Corner.BottomLeftCorner, bottom)
        self.setCorner(Qt.Corner.BottomRightCorner, bottom)
        self.setCorner(Qt.Corner.TopLeftCorner, left)
        self.setCorner(Qt.Corner.TopRightCorner, right)
        self.resizeDocks(
            [self.dock_media, self.dock_inspector], [300, 300], Qt.Orientation.Horizontal
        )
        self.resizeDocks([self.dock_timeline], [270], Qt.Orientation.Vertical)
        self.resizeDocks(
            [self.dock_scenes, self.dock_preview], [560, 300], Qt.Orientation.Horizontal
        )

    def _make_notice_bar(self: Any) -> None:
        self.addToolBarBreak()
        holder = QToolBar(self.tr("Notices"), self)
        holder.setObjectName("noticeToolbar")
        holder.setMovable(False)
        self.notice_action = holder.addWidget(self.notice_bar)
        self.addToolBar(holder)
        holder.setVisible(False)
        self.notice_holder = holder
        self.notice_bar.shown.connect(self._on_notice_shown)
        self.notice_bar.closed.connect(holder.hide)

    def _on_notice_shown(self: Any) -> None:
        self.notice_action.setVisible(True)
        self.notice_holder.show()

    def _restore_layout(self: Any) -> None:
        s = ui_settings()
        geo, state = s.value("main/geometry"), s.value("main/state")
        if geo is not None:
            self.restoreGeometry(geo)
        if state is not None:
            self.restoreState(state)
        self.notice_holder.setVisible(False)
        for dock in (
            self.dock_media,
            self.dock_scenes,
            self.dock_preview,
            self.dock_inspector,
            self.dock_history,
            self.dock_messages,
            self.dock_timeline,
        ):
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_reset_layout)

    def save_layout(self: Any) -> None:
        s = ui_settings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/state", self.saveState())
        s.sync()

    def reset_layout(self: Any) -> None:
        s = ui_settings()
        s.remove("main/state")
        for dock in (self.dock_media, self.dock_scenes, self.dock_preview, self.dock_timeline):
            dock.setFloating(False)
            dock.show()
        self._make_docks_again()

    def _make_docks_again(self: Any) -> None:
        for dock in self.findChildren(QDockWidget):
            self.removeDockWidget(dock)
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.addDockWidget(left, self.dock_media)
        self.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, self.dock_scenes)
        self.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, self.dock_preview)
        for d in (self.dock_inspector, self.dock_history, self.dock_messages):
            self.addDockWidget(right, d)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock_timeline)
        self.splitDockWidget(self.dock_scenes, self.dock_preview, Qt.Orientation.Horizontal)
        self.tabifyDockWidget(self.dock_inspector, self.dock_history)
        self.tabifyDockWidget(self.dock_history, self.dock_messages)
        for d in self.findChildren(QDockWidget):
            d.show()
        self.dock_inspector.raise_()
