"""Checking the verdict log off the UI thread: the claims show first, the log's state when it is known.

Verifying a log checks SQLite's integrity, the append-only triggers, the whole hash chain and the
editors' signatures: seconds for a big log seen for the first time (later checks skip the
signatures an earlier one found valid, see :mod:`factdesk.store.memo`, and for the shared log
:mod:`factdesk.store.server.memo`; ``factdesk log verify`` checks them all). :class:`LogCheckRunner`
runs it in a background thread on a read-only connection of its own (SQLite connections never
cross threads) and reports the latest check's outcome; a check asked for while one runs starts
once that one ends, and only its outcome is reported.

:class:`LogChecking` is a base of :class:`~factdesk.gui.main_window.MainWindow`: once the check
says the log is sound, the case's articles are recorded; a broken log is shown in the message
bar and nothing of the case is written onto it. Verdicts given meanwhile are written as always:
the log refuses, at the moment of writing, to append onto a broken chain (they then stay pending).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from factdesk.gui.message_bar import MessageBar
from factdesk.gui.verdicts import VerdictBook, broken_log_message, check_log
from factdesk.model import Analysis

if TYPE_CHECKING:
    from factdesk.store.verify import VerifyReport


class _TaskSignals(QObject):
    done = Signal(object, str)  # VerifyReport | None, the problem ('' when none)


class LogCheckTask(QRunnable):
    """Verify the log at ``db_path`` (or the shared ``server``'s) on a connection of its own."""

    def __init__(self, server: str, db_path: Path, signals: _TaskSignals):
        super().__init__()
        self.setAutoDelete(True)
        self.server = server
        self.db_path = db_path
        self.signals = signals

    def run(self) -> None:
        try:
            report, problem = check_log(self.server, self.db_path)
        except Exception as exc:  # never a traceback from a thread: the window says what happened
            report, problem = None, f"the verdict log could not be checked ({type(exc).__name__}: {exc})"
        self.signals.done.emit(report, problem)


class LogCheckRunner(QObject):
    """Runs one log check at a time in a background thread and reports the latest one asked for."""

    checked = Signal(object, str)  # VerifyReport | None, the problem ('' when none)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _TaskSignals(self)
        self._signals.done.connect(self._on_done)
        self._running = False
        self._again: tuple[str, Path] | None = None  # asked for while a check ran
        self._closed = False  # the window closed: nothing more is reported
        self._then: Callable[[], None] | None = None  # what waits for the check under way (the sheet)

    @property
    def busy(self) -> bool:
        return self._running or self._again is not None

    def start(self, server: str, db_path: Path) -> None:
        """Check the log (again); the outcome of a check already running is not reported."""
        self._closed = False
        if self._running:
            self._again = (server, db_path)
            return
        self._running = True
        self.pool.start(LogCheckTask(server, db_path, self._signals))

    def when_done(self, then: Callable[[], None]) -> bool:
        """Run ``then`` once the check under way is reported (instead of what waited before); False if none runs."""
        if not self.busy or self._closed:
            return False
        self._then = then
        return True

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 3000) -> None:
        """No more checks nor outcomes (the window closes); waits up to ``msecs`` for one running."""
        self._again = None
        self._then = None
        self._closed = True
        self.pool.waitForDone(msecs)

    def _on_done(self, report: object, problem: str) -> None:
        self._running = False
        if self._closed:
            return  # the window closed meanwhile: its log is closed too, nothing is written
        if self._again is not None:
            server, db_path = self._again
            self._again = None
            self.start(server, db_path)
            return
        self.checked.emit(report, problem)  # the window shows it (and keeps it as its log state) first
        then, self._then = self._then, None
        if then is not None:
            then()


class LogChecking:
    """The log-check methods of the main window (a QMainWindow); the attributes below are the window's."""

    analysis: Analysis | None
    book: VerdictBook | None
    log_state: VerifyReport | None
    log_check: LogCheckRunner
    messages: MessageBar
    verdict_book: Callable[[], VerdictBook]
    refresh_verdicts: Callable[[], None]
    _store_problem: Callable[[str], None]
    logChecked: Any  # Signal(): the latest log check is shown

    def start_log_check(self) -> None:
        """Check the log in the background; :meth:`_on_log_checked` follows on the UI thread."""
        book = self.verdict_book()
        self.log_state = None
        if not book.server:
            try:
                book.log()  # made and brought up to date here, so the check can open it read-only
            except Exception as exc:  # a StoreError; anything else is a bug worth a message, not a crash
                book.error = str(exc)
        self.log_check.start(book.server, book.db_path)

    def _on_log_checked(self, report: VerifyReport | None, problem: str) -> None:
        book = self.verdict_book()
        self.log_state = report
        if problem:
            book.error = problem
        if report is not None and not report.ok:
            self.messages.show_message("error", broken_log_message(report))
            self.refresh_verdicts()
        elif self.analysis is not None:
            stored = book.record_case(self.analysis.case)  # nothing is written onto a broken log
            if stored:
                self._store_problem(stored)
        self.logChecked.emit()

    def current_log_state(self) -> VerifyReport | None:
        """The log's state for the sheet: the last check while the log is as it was then, else a check now."""
        book = self.verdict_book()
        state = self.log_state
        if state is not None and state.ok and not self.log_check.busy and book.log_head() == (state.rows, state.head):
            return state
        self.log_state = book.log_state()  # (the verified-prefix memo makes this quick)
        return self.log_state
