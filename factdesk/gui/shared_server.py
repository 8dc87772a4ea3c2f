"""Settings → Verdict log → Shared server…, and the status bar's word on the shared log.

The window writes to a newsroom's shared PostgreSQL log when one is set
(``$FACTDESK_DB=postgresql://...`` wins over the one chosen here), with the local
log as its offline copy: the status bar says whether the server is connected and
how many verdicts wait for it, and a timer sends them when it is back. The server is
tried and the verdicts sent off the UI thread (a server that does not answer holds up
only the background check, for its connect timeout), one check at a time. Opening the
log does not connect either: the window's log connects only in that check, started as
soon as the log is opened; until it has connected, verdicts go to the local log and the
check sends them. The dialog's *Test connection* connects off the UI thread too, a busy bar
showing meanwhile (a silent server holds it up to its connect timeout, 5 s).
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from factdesk.gui.settings import Settings
from factdesk.gui.verdicts import store

if TYPE_CHECKING:
    from factdesk.gui.main_window import MainWindow

SETTING = "verdict_log/server"
NOT_A_SERVER = "Not a PostgreSQL address: it starts with postgresql://"
STATUS_MS = 5_000  # how often the status bar looks again (and, when verdicts wait, tries to send them)


def server_url(settings: Settings) -> str:
    """``$FACTDESK_DB`` when it names a server, else the one chosen in the dialog ('' for none)."""
    env = os.environ.get("FACTDESK_DB", "").strip()
    if store().is_server_url(env):
        return env
    chosen = str(settings.get(SETTING, "") or "").strip()
    return chosen if store().is_server_url(chosen) else ""


def connection_test(url: str) -> str:
    """What *Test connection* says of the shared log at ``url`` (connects: never on the UI thread)."""
    try:
        with store().open_log(url, readonly=True) as log:
            return f"Connected: {log.count()} verdicts in the shared log."
    except store().StoreError as exc:
        return str(exc)


class _TestSignals(QObject):
    done = Signal(str)  # what the test found


class _ConnectionTest(QRunnable):
    """Off the UI thread: connect to the server at ``url`` and count its verdicts."""

    def __init__(self, url: str, signals: _TestSignals):
        super().__init__()
        self.setAutoDelete(True)
        self.url = url
        self.signals = signals

    def run(self) -> None:
        try:
            text = connection_test(self.url)
        except Exception as exc:  # a bug here must not take the window down: the dialog says it
            text = f"the connection could not be tested ({type(exc).__name__}: {exc})"
        self.signals.done.emit(text)


class SharedServerDialog(QDialog):
    """The address of the newsroom's shared log; empty: this computer's log only."""

    tested = Signal(str)  # a connection test ended: what the dialog shows

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("sharedServerDialog")
        self.setWindowTitle("Shared verdict log")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The newsroom's shared log on PostgreSQL, e.g. postgresql://ann@db.newsroom/factdesk. "
            "Leave empty to keep verdicts on this computer only. When the server cannot be reached, "
            "verdicts are kept in the local log and sent when it is back."
        )
        intro.setWordWrap(True)
        self.url = QLineEdit(str(settings.get(SETTING, "") or ""))
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("postgresql://USER@HOST/DATABASE")
        self.result = QLabel()
        self.result.setObjectName("serverTestResult")
        self.result.setWordWrap(True)
        self.test = QPushButton("Test connection")
        self.test.setObjectName("serverTest")
        self.test.clicked.connect(self.test_connection)
        self.busy = QProgressBar()  # moving while a test waits for the server
        self.busy.setObjectName("serverTestBusy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for widget in (intro, self.url, self.test, self.busy, self.result, buttons):
            layout.addWidget(widget)
        if store().is_server_url(os.environ.get("FACTDESK_DB", "")):
            self.result.setText("$FACTDESK_DB names a server: it is used instead of this setting.")

    def chosen(self) -> str:
        return self.url.text().strip()

    @property
    def testing(self) -> bool:
        """A connection test is running (its busy bar shows)."""
        return not self.busy.isHidden()

    def test_connection(self) -> None:
        """Try the address in the background (the dialog stays responsive); :attr:`tested` tells the outcome.

        The test's signals belong to the application, not to the dialog: a dialog closed meanwhile
        neither waits for the test nor hears of it, and they are deleted once it has ended.
        """
        url = self.chosen()
        if not store().is_server_url(url):
            self._tested(NOT_A_SERVER if url else "No server: local log only.")
            return
        self.test.setEnabled(False)
        self.busy.setVisible(True)
        self.result.setText("Testing the connection…")
        signals = _TestSignals(QCoreApplication.instance())
        signals.done.connect(self._tested)
        signals.done.connect(signals.deleteLater)
        QThreadPool.globalInstance().start(_ConnectionTest(url, signals))

    def _tested(self, text: str) -> None:
        self.test.setEnabled(True)
        self.busy.setVisible(False)
        self.result.setText(text)
        self.tested.emit(text)

    def accept(self) -> None:
        url = self.chosen()
        if url and not store().is_server_url(url):
            self.result.setText(NOT_A_SERVER)
            return
        self.settings.set(SETTING, url)
        super().accept()


def status_text(status: Any) -> str:
    """The status bar's words for a :class:`~factdesk.store.server.LogStatus` ('' for none)."""
    if status is None:
        return ""
    waiting = f" · {status.waiting} waiting to be sent" if status.waiting else ""
    return f"{'● Shared log connected' if status.connected else '○ Shared log offline'}{waiting}"


class _CheckSignals(QObject):
    done = Signal(object, object, bool)  # the book looked at, its LogStatus (or None), verdicts were sent


class _ServerCheck(QRunnable):
    """Off the UI thread: try the server (up to its connect timeout) and send what waits when it answers."""

    def __init__(self, book: Any, signals: _CheckSignals):
        super().__init__()
        self.setAutoDelete(True)
        self.book = book
        self.signals = signals

    def run(self) -> None:
        sent = False
        try:
            status = self.book.server_status(probe=True)
            if status is not None and status.connected and status.waiting:
                sent = not self.book.sync()
                status = self.book.server_status()
        except Exception:  # a bug here must not take the window down (nor stop the next checks)
            traceback.print_exc(file=sys.stderr)
            status = None
        self.signals.done.emit(self.book, status, sent)


class ServerWatch(QObject):
    """Looks at the shared server every few seconds in the background, one check at a time,
    and keeps the status bar's label up to date from what it found."""

    checked = Signal()  # a check finished and the label shows its result

    def __init__(self, window: MainWindow, label: QLabel):
        super().__init__(window)
        self.window = window
        self.label = label
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.running = False
        self._connected_book: Any = None  # the book the last check found connected
        self._signals = _CheckSignals(self)
        self._signals.done.connect(self._done)
        self.timer = QTimer(self)
        self.timer.setInterval(STATUS_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    def refresh(self) -> None:
        """Start a check unless one is running; without a server, hide the label at once."""
        book = self.window.book
        if book is None or not getattr(book, "server", ""):
            self._show("", "")
            return
        if self.running:
            return
        self.running = True
        self.pool.start(_ServerCheck(book, self._signals))

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 3000) -> None:
        """No more checks; let a running one end (before the window closes its log)."""
        self.timer.stop()
        self.wait(msecs)

    def _done(self, book: Any, status: Any, sent: bool) -> None:
        self.running = False
        if book is not self.window.book:  # the log was reopened meanwhile: the next check tells
            return
        connected = bool(status is not None and status.connected)
        if sent or (connected and self._connected_book is not book):  # the server's verdicts can be shown now
            self.window.refresh_verdicts()
        self._connected_book = book if connected else None
        self._show(status_text(status), getattr(status, "problem", "") or "")
        self.checked.emit()

    def _show(self, text: str, problem: str) -> None:
        self.label.setText(text)
        self.label.setToolTip(problem if text else "")
        self.label.setVisible(bool(text))


def install(window: MainWindow) -> None:
    """Add the Settings menu entry, the status bar label and the background check that sends waiting verdicts."""
    label = QLabel()
    label.setObjectName("serverStatus")
    label.setVisible(False)
    window.statusBar().addPermanentWidget(label)
    window.server_status = label  # type: ignore[attr-defined]
    watch = ServerWatch(window, label)

    def choose() -> None:
        dialog = SharedServerDialog(window.settings, window)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        finally:
            dialog.deleteLater()
        use_server(window)
        watch.refresh()

    menu = window.menuBar().addMenu("&Settings")
    log_menu = menu.addMenu("Verdict &log")
    action = log_menu.addAction("Shared &server…")
    action.setObjectName("sharedServerAction")
    action.triggered.connect(choose)
    window.act["shared_server"] = action
    window.server_watch = watch  # type: ignore[attr-defined]
    window.server_refresh = watch.refresh  # type: ignore[attr-defined]


def use_server(window: MainWindow) -> None:
    """Reopen the window's verdict log on the server now chosen (pending verdicts are kept)."""
    if window.book is not None:
        window.book.close()
        window.book = None
    window.verdict_book()
    window.refresh_verdicts()
