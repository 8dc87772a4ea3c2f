"""The QApplication: names (for QSettings and the desktop), version, icon, stylesheet."""

from __future__ import annotations

import contextlib

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from factdesk import __version__
from factdesk.gui.none_guard import protect_none
from factdesk.resources import icon_files, resource_path


def app_icon() -> QIcon:
    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    return icon


def make_app(argv: list[str] | None = None) -> QApplication:
    """The application object (reused when one exists, e.g. under pytest-qt)."""
    protect_none()
    app = QApplication.instance()
    if app is None:
        # "factdesk" as the program name: the window class matches the .desktop file's StartupWMClass
        app = QApplication(argv if argv is not None else ["factdesk"])
    assert isinstance(app, QApplication)
    app.setApplicationName("factdesk")
    app.setApplicationDisplayName("factdesk")
    app.setOrganizationName("factdesk")
    app.setOrganizationDomain("factdesk.example")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("factdesk")
    app.setWindowIcon(app_icon())
    apply_stylesheet(app)
    return app


def apply_stylesheet(app: QApplication) -> None:
    sheet = resource_path("factdesk.qss")
    if sheet is not None:
        with contextlib.suppress(OSError):
            app.setStyleSheet(sheet.read_text(encoding="utf-8"))
