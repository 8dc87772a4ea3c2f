"""The QApplication: names (for QSettings and the desktop), version, icon, stylesheet."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from factdesk import __version__

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resource(name: str) -> Path | None:
    path = RESOURCES / name
    return path if path.exists() else None


def make_app(argv: list[str] | None = None) -> QApplication:
    """The application object (reused when one exists, e.g. under pytest-qt)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("factdesk")
    app.setApplicationDisplayName("factdesk")
    app.setOrganizationName("factdesk")
    app.setOrganizationDomain("factdesk.example")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("factdesk")
    icon = resource("factdesk.svg")
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    apply_stylesheet(app)
    return app


def apply_stylesheet(app: QApplication) -> None:
    sheet = resource("factdesk.qss")
    if sheet is not None:
        with contextlib.suppress(OSError):
            app.setStyleSheet(sheet.read_text(encoding="utf-8"))
