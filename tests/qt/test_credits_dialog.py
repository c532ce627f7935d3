"""Help > Project credits: the real menu action opens a dialog listing every stock and AI
asset (file, provider, author, licence, source page as a link that opens the browser, the
AI-generated mark), kept up to date by edits; Copy puts the ``.credits.txt`` text on the
clipboard; a project without stock media says there is nothing to credit."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from qt_helpers import tiny_session

from shortvid_desktop.edits import AssetAddCommand, AssetRemoveCommand
from shortvid_desktop.media.importer import asset_from_path
from shortvid_desktop.session import visuals

LEFT = Qt.MouseButton.LeftButton
PAGE = "https://www.pexels.com/video/boats-1234/"


def _credited(media):
    """A Pexels clip, an Openverse photo and an AI picture, with their credits."""
    video = asset_from_path(media.video("cr_v.mp4", seconds=1.0))
    video.source_provider, video.source_id, video.source_url = "pexels", "1234", PAGE
    video.author, video.author_url = "Ann Filmer", "https://www.pexels.com/@ann"
    video.licence = "Pexels License"
    photo = asset_from_path(media.image("cr_p.png", color="green"))
    photo.source_provider, photo.source_id = "openverse", "ov-9"
    photo.source_url, photo.author = "https://www.flickr.com/photos/x/9", "Bo Shooter"
    photo.licence = "CC BY 2.0"
    drawn = asset_from_path(media.image("cr_ai.png", color="teal"))
    drawn.source_provider, drawn.source_id, drawn.ai_generated = "ai:openai", "abc", True
    drawn.author = "AI-generated (gpt-image-1 via openai)"
    drawn.licence = "AI-generated image; check the provider's terms"
    return video, photo, drawn


def _open(qtbot, window):
    action = window.findChild(QAction, "actCredits")
    help_menu = window.menuBar().findChild(QObject, "helpMenu")
    assert action is not None and action in help_menu.actions()
    action.trigger()
    dialog = window.credits_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


class _Browser(QObject):
    """Stands in for the web browser: QDesktopServices hands it the https links opened."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_the_credits_action_lists_links_and_copies(qtbot, make_window, media, tmp_path):
    session = tiny_session()
    video, photo, drawn = _credited(media)
    own = asset_from_path(media.image("cr_own.png", color="red"))  # the user's: not credited
    with session.stack.transaction("Set up"):
        for asset in (video, photo, drawn, own):
            session.stack.push(AssetAddCommand(asset))
    session.stack.clear()
    window = make_window(session)
    dialog = _open(qtbot, window)
    table = dialog.table
    assert table.rowCount() == 3 and not dialog.empty.isVisible()
    rows = [[table.item(r, c).text() for c in (0, 1, 2, 3, 5)] for r in range(3)]
    assert rows[0] == ["cr_v.mp4", "Pexels", "Ann Filmer", "Pexels License", ""]
    assert rows[1] == ["cr_p.png", "Openverse", "Bo Shooter", "CC BY 2.0", ""]
    assert rows[2][0] == "cr_ai.png" and rows[2][1].startswith("AI-generated")
    assert rows[2][4] == "Yes: AI-generated"
    link = table.cellWidget(0, 4)
    assert isinstance(link, QLabel) and f'href="{PAGE}"' in link.text()
    assert table.cellWidget(2, 4) is None  # an AI picture has no source page

    browser = _Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        QTest.mouseClick(link, LEFT, pos=QPoint(6, link.height() // 2))
        qtbot.waitUntil(lambda: browser.urls == [PAGE])
    finally:
        QDesktopServices.unsetUrlHandler("https")

    QApplication.clipboard().clear()
    QTest.mouseClick(dialog.copy_button, LEFT)
    copied = QApplication.clipboard().text()
    side = visuals.write_credits(window.session.project, tmp_path / "video.mp4")
    assert side is not None and copied == side.read_text(encoding="utf-8")
    assert "Video by Ann Filmer on Pexels" in copied and PAGE in copied
    assert "AI-generated" in copied and "cr_own" not in copied
    assert "clipboard" in dialog.status.text()

    window.bridge.push(AssetRemoveCommand(photo.id))  # the dialog follows the edits
    assert table.rowCount() == 2
    assert [table.item(r, 2).text() for r in range(2)] == ["Ann Filmer", drawn.author]


def test_no_stock_media_means_nothing_to_credit(qtbot, make_window, media):
    window = make_window(tiny_session())
    dialog = _open(qtbot, window)
    assert dialog.table.rowCount() == 0 and dialog.empty.isVisible()
    assert "nothing to credit" in dialog.empty.text()
    assert not dialog.copy_button.isEnabled()
    window.close()  # the dialog goes with its window (it outlived it, left on screen)
    assert not dialog.isVisible()
