"""Reading and analysing a case off the UI thread: a QRunnable task with signals.

:class:`AnalysisRunner` lives in the UI thread.  Each :meth:`AnalysisRunner.start`
cancels the previous run and starts a new task; results of a superseded run are
dropped, so the window only ever hears about the case it asked for last.  The
core modules (case reading, spaCy) are imported inside the task, so the window
paints before they load.

A case whose every article came from the parse cache shows without the language
model; a few seconds later the model is loaded in the background all the same
(:class:`ModelWarmUp`), so that an article added next is parsed at once.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import traceback
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

WARM_UP_DELAY_MS = 3000  # after a case showed from the cache: the desk reads the claims first


@dataclass(frozen=True)
class Request:
    sources: tuple[str, ...]  # folders and files the case is read from
    name: str | None = None  # keep this case name (a case extended with added articles keeps its name)
    path: str | None = None


class _TaskSignals(QObject):
    loaded = Signal(int, object)
    progress = Signal(int, float, str)
    finished = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)


class AnalysisTask(QRunnable):
    """Read the case, then analyse it, reporting progress; stops at the next step when cancelled."""

    def __init__(self, generation: int, request: Request, signals: _TaskSignals):
        super().__init__()
        self.setAutoDelete(True)
        self.generation = generation
        self.request = request
        self.signals = signals
        self.cancel_event = threading.Event()

    def run(self) -> None:
        gen, sig = self.generation, self.signals
        try:
            from factdesk.analysis import Cancelled, analyze
            from factdesk.case import CaseError, load_case
        except Exception as exc:  # a broken installation: say so, do not crash the window
            sig.failed.emit(gen, f"cannot start the analysis: {exc}")
            return
        try:
            sig.progress.emit(gen, 0.0, "reading the articles")
            sources = list(self.request.sources)
            case = load_case(sources[0] if len(sources) == 1 else sources)
            if self.request.name:
                case = replace(case, name=self.request.name, path=self.request.path or case.path)
            if self.cancel_event.is_set():
                raise Cancelled()
            sig.loaded.emit(gen, case)
            analysis = analyze(
                case,
                progress=lambda f, what: sig.progress.emit(gen, f, what),
                cancelled=self.cancel_event.is_set,
            )
        except Cancelled:
            sig.cancelled.emit(gen)
        except CaseError as exc:
            sig.failed.emit(gen, str(exc))
        except MemoryError:
            sig.failed.emit(gen, "the case is too large to analyse in the available memory")
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            sig.failed.emit(gen, f"the analysis failed ({type(exc).__name__}: {exc})")
        else:
            with contextlib.suppress(Exception):  # the window reads the verdict log next: import it here
                import factdesk.store  # noqa: F401
            sig.finished.emit(gen, analysis)


class ModelWarmUp(QRunnable):
    """Load the language model and the word frequencies off the UI thread, ahead of the next article to parse."""

    def run(self) -> None:
        try:
            from factdesk.text.reading import warm_up

            warm_up()
        except Exception:  # the next analysis that needs the model reports any problem with it
            pass


def model_loaded() -> bool:
    """Whether the language model is in memory (asked without importing spaCy or the analysis)."""
    pipeline = sys.modules.get("factdesk.text.pipeline")
    return pipeline is not None and pipeline.pipeline_loaded()


class AnalysisRunner(QObject):
    """Starts analyses in a background thread and relays the current one's signals."""

    loaded = Signal(object)  # Case: its articles can be shown while the analysis runs
    progress = Signal(float, str)
    finished = Signal(object)  # Analysis
    failed = Signal(str)
    cancelled = Signal()
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _TaskSignals(self)
        self._signals.loaded.connect(self._on_loaded)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)
        self._generation = 0
        self._task: AnalysisTask | None = None
        self.request: Request | None = None
        self.warm_up_pool = QThreadPool(self)  # apart: a warm-up never holds up the next analysis
        self.warm_up_pool.setMaxThreadCount(1)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self, request: Request) -> None:
        if self._task is not None:
            self._task.cancel_event.set()
        self._generation += 1
        self.request = request
        self._task = AnalysisTask(self._generation, request, self._signals)
        self.pool.start(self._task)
        self.busyChanged.emit(True)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel_event.set()

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 3000) -> None:
        self.cancel()
        self.pool.waitForDone(msecs)
        self.warm_up_pool.waitForDone(msecs)

    def warm_up(self) -> None:
        """Load the language model in the background unless it is loaded (or loading) already."""
        if not model_loaded() and self.warm_up_pool.activeThreadCount() == 0:
            self.warm_up_pool.start(ModelWarmUp())

    def _current(self, generation: int) -> bool:
        return generation == self._generation and self._task is not None

    def _done(self) -> None:
        self._task = None
        self.busyChanged.emit(False)

    def _on_loaded(self, generation: int, case: object) -> None:
        if self._current(generation):
            self.loaded.emit(case)

    def _on_progress(self, generation: int, fraction: float, what: str) -> None:
        if self._current(generation):
            self.progress.emit(fraction, what)

    def _on_finished(self, generation: int, analysis: object) -> None:
        if self._current(generation):
            self._done()
            self.finished.emit(analysis)
            if not model_loaded():
                QTimer.singleShot(WARM_UP_DELAY_MS, self, self.warm_up)

    def _on_failed(self, generation: int, message: str) -> None:
        if self._current(generation):
            self._done()
            self.failed.emit(message)

    def _on_cancelled(self, generation: int) -> None:
        if self._current(generation):
            self._done()
            self.cancelled.emit()
