"""Article → Add from URL…: fetch a page in the background, with progress and Cancel.

The fetch and the archiving run in a :class:`QThread` (:class:`FetchThread`) over
:func:`factdesk.case.adding.add_from_url`; the dialog shows how much has arrived, a
failure as one line (the case folder unchanged), and closes when the article is in.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class FetchThread(QThread):
    """Fetch ``url`` into ``case_dir``; emits ``added(file)`` or ``failed(message)``, never raises."""

    progressed = Signal(int, int)  # bytes so far, total (0 when the server does not say)
    added = Signal(str)
    failed = Signal(str)

    def __init__(self, case_dir: str, url: str, outlet: str, timeout: float = 20.0,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.case_dir, self.url, self.outlet, self.timeout = case_dir, url, outlet, timeout
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        from factdesk.case.adding import AddError, add_from_url
        from factdesk.case.fetch import FetchCancelled

        try:
            added = add_from_url(self.case_dir, self.url, self.outlet, timeout=self.timeout,
                                 progress=lambda done, total: self.progressed.emit(done, total or 0),
                                 cancelled=self.cancel_event.is_set)
        except FetchCancelled:
            self.failed.emit("Cancelled; nothing was added.")
        except AddError as err:
            self.failed.emit(str(err))
        except Exception as err:  # an unexpected problem is still one line, and the window lives on
            self.failed.emit(f"could not add the page: {err}")
        else:
            self.added.emit(added.file)


class AddFromUrlDialog(QDialog):
    """URL and outlet fields, Add, a progress bar and Cancel (which stops a running fetch)."""

    articleAdded = Signal(str)  # file name of the new article

    def __init__(self, case_dir: str, parent: QWidget | None = None, timeout: float = 20.0):
        super().__init__(parent)
        self.setWindowTitle("Add an article from a URL")
        self.setObjectName("addFromUrlDialog")
        self.case_dir = case_dir
        self.timeout = timeout
        self.thread: FetchThread | None = None
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.outlet = QLineEdit()
        self.outlet.setPlaceholderText("as the page names itself")
        form = QFormLayout()
        form.addRow("&URL:", self.url)
        form.addRow("&Outlet:", self.outlet)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel(f"The page is archived in {Path(case_dir).name}/archive/ with where and when it "
                             "was fetched.")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.add_button: QPushButton = self.buttons.addButton("&Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.add_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    @property
    def busy(self) -> bool:
        return self.thread is not None and self.thread.isRunning()

    def start(self) -> None:
        if self.busy:
            return
        url = self.url.text().strip()
        if not url:
            self._show_problem("Type or paste the page's address.")
            return
        self.thread = FetchThread(self.case_dir, url, self.outlet.text().strip(), self.timeout, self)
        self.thread.progressed.connect(self._on_progress)
        self.thread.added.connect(self._on_added)
        self.thread.failed.connect(self._on_failed)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(f"Fetching {url}…")
        self.status.setStyleSheet("")
        self.add_button.setEnabled(False)
        self.url.setEnabled(False)
        self.outlet.setEnabled(False)
        self.thread.start()

    def cancel(self) -> None:
        """Stop a running fetch (the case stays as it was), or close the dialog."""
        if self.busy and self.thread is not None:
            self.thread.cancel()
            self.status.setText("Cancelling…")
        else:
            self.reject()

    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.status.setText(f"Fetching… {done / 1024:,.0f} KB" + (f" of {total / 1024:,.0f} KB" if total else ""))

    def _on_added(self, file: str) -> None:
        self._idle()
        self.articleAdded.emit(file)
        self.accept()

    def _on_failed(self, message: str) -> None:
        self._idle()
        self._show_problem(message[:1].upper() + message[1:])

    def _show_problem(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet("color: #b00020;")

    def _idle(self) -> None:
        self.progress.hide()
        self.add_button.setEnabled(True)
        self.url.setEnabled(True)
        self.outlet.setEnabled(True)

    def reject(self) -> None:
        if self.busy and self.thread is not None:
            self.thread.cancel()
            self.thread.wait(5000)
        super().reject()
