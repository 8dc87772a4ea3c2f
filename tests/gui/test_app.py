"""The application object: names for QSettings and the desktop, and a session that survives many Qt calls."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtWidgets import QApplication

from factdesk import __version__
from factdesk.gui.app import make_app

LONG_SESSION = """
import sys
from factdesk.gui.app import make_app
from PySide6.QtWidgets import QLabel
app = make_app()
label = QLabel()
for _ in range(60_000):  # each void Qt call of PySide6 6.12.0 on Python 3.11 drops a reference to None
    label.setText("x")
    label.update()
print("still alive")
"""


def test_the_application_carries_factdesk_names_and_icon(qapp) -> None:
    app = make_app()
    assert app is QApplication.instance()
    assert (app.applicationName(), app.organizationName()) == ("factdesk", "factdesk")
    assert app.applicationVersion() == __version__
    assert not app.windowIcon().isNull()


def test_a_long_session_of_qt_calls_does_not_abort_the_interpreter() -> None:
    done = subprocess.run([sys.executable, "-c", LONG_SESSION], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-500:]
    assert "still alive" in done.stdout
    assert "none_dealloc" not in done.stderr
