"""The main window: article panes side by side, the claims table, the verdict panel.

The window never waits for the analysis (it runs in :mod:`factdesk.gui.worker`)
and never loses a verdict (:mod:`factdesk.gui.verdicts` keeps unwritten ones
pending and the window retries them).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from factdesk.gui import actions as menus
from factdesk.gui import shared_server
from factdesk.gui.articles_view import ArticlesView
from factdesk.gui.claims_view import ClaimsView
from factdesk.gui.colors import theme_for
from factdesk.gui.correcting import CorrectionRecording
from factdesk.gui.help import AboutDialog, ShortcutsDialog, window_icon
from factdesk.gui.legend import HINT, Legend
from factdesk.gui.log_check import LogChecking, LogCheckRunner
from factdesk.gui.message_bar import MessageBar
from factdesk.gui.settings import Settings
from factdesk.gui.verdict_panel import VerdictPanel
from factdesk.gui.verdict_recording import VerdictRecording
from factdesk.gui.verdicts import VerdictBook
from factdesk.gui.worker import AnalysisRunner, Request
from factdesk.model import Analysis, Case, Claim, VerdictState
from factdesk.resources import sample_case_dir

if TYPE_CHECKING:
    from factdesk.store.verify import VerifyReport

D = TypeVar("D", bound=QDialog)
RETRY_MS = 3000
ARTICLE_SUFFIXES = ("Articles (*.txt *.md *.markdown *.html *.htm)", "All files (*)")
SAMPLE_HINT_KEY = "sample_case"  # Settings.hint_dismissed / dismiss_hint
SAMPLE_HINT = ("This is the sample case: five outlets' reports of one story. Press J to step to the next flagged "
               "claim (K goes back); every article pane scrolls to its wording. Record your verdict with V "
               "verified, D disputed or U unresolved; N adds a note, the correct value and its source. F1 lists "
               "every key.")


class MainWindow(QMainWindow, CorrectionRecording, VerdictRecording, LogChecking):
    """One case at a time; ``open_sources`` starts reading and analysing it in the background."""

    analysisShown = Signal()  # the claims of the latest analysis are on screen
    logChecked = Signal()  # the verdict log's check (started as an analysis shows) is done and shown

    def __init__(self, settings: Settings | None = None, book: VerdictBook | None = None,
                 interactive: bool = True, hints: bool | None = None):
        super().__init__()
        self.settings = settings or Settings()
        self.interactive = interactive  # False: never block on a dialog (screenshots, tests)
        # first-run hints in the message bar; off by default when not interactive (clean screenshots)
        self.hints = interactive if hints is None else hints
        self.about_dialog: AboutDialog | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.theme = theme_for(self.palette())
        self.book = book
        self.case: Case | None = None
        self.analysis: Analysis | None = None
        self.log_state: VerifyReport | None = None  # the verdict log's last check
        self.sources: list[str] = []
        self.claim: Claim | None = None
        self._want_fingerprint = ""
        self.setObjectName("mainWindow")
        self.setWindowTitle("factdesk")
        self.setWindowIcon(window_icon(self))  # dialogs parented to the window inherit it
        self.setAcceptDrops(True)
        self.resize(1600, 1000)

        self.runner = AnalysisRunner(self)
        self.runner.loaded.connect(self._on_loaded)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.busyChanged.connect(self._on_busy)
        self.log_check = LogCheckRunner(self)  # the verdict log is checked off the UI thread
        self.log_check.checked.connect(self._on_log_checked)

        self.messages = MessageBar(self.theme)
        self.messages.dismissed.connect(self._on_message_dismissed)
        self.legend = Legend(self.theme)
        self.articles = ArticlesView(self.theme)
        self.articles.claimClicked.connect(self.select_claim)
        self.articles.visibilityChanged.connect(self._sync_article_actions)
        self.claims = ClaimsView(self.theme)
        self.claims.currentClaimChanged.connect(self._on_current_claim)
        self.claims.filtersChanged.connect(self._save_filters)
        self.panel = VerdictPanel(self.theme)
        self.panel.changeEditor.connect(self.change_editor)
        self.panel.saveRequested.connect(self.save_fields)
        self.panel.done.connect(self.focus_table)

        self.bottom = QSplitter(Qt.Orientation.Horizontal)
        self.bottom.setObjectName("bottomSplitter")
        self.bottom.addWidget(self.claims)
        self.bottom.addWidget(self.panel)
        self.bottom.setStretchFactor(0, 3)
        self.bottom.setStretchFactor(1, 1)
        self.bottom.setSizes([1120, 480])
        self.main = QSplitter(Qt.Orientation.Vertical)
        self.main.setObjectName("mainSplitter")
        self.main.addWidget(self.articles)
        self.main.addWidget(self.bottom)
        self.main.setStretchFactor(0, 3)
        self.main.setStretchFactor(1, 2)
        self.main.setSizes([560, 380])
        self.main.setChildrenCollapsible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.messages)
        layout.addWidget(self.main, 1)
        self.setCentralWidget(central)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.legend)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.progress_text = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the analysis (Esc)")
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingLabel")
        self.keys_hint = QLabel(HINT)
        self.keys_hint.setObjectName("legendHint")
        for w in (self.pending_label, self.progress_text, self.progress, self.cancel_button, self.keys_hint):
            self.statusBar().addPermanentWidget(w)
        self._on_busy(False)

        self.retry = QTimer(self)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(self.flush_pending)

        self.act = menus.build(self)
        shared_server.install(self)
        self.act["cancel"].setEnabled(False)
        self.panel.bind({s: self.act[f"verdict_{s}"] for s in
                         (VerdictState.VERIFIED, VerdictState.DISPUTED, VerdictState.UNRESOLVED)})
        self.panel.set_editor(self.settings.editor)
        self._restore_layout()
        self._restore_view_options()
        self._update_actions()

    # -- the verdict book ------------------------------------------------------------

    def verdict_book(self) -> VerdictBook:
        if self.book is None:
            self.book = VerdictBook(server=shared_server.server_url(self.settings))
            if self.book.error:
                self.messages.show_message("error", self.book.error)
            if self.book.server and hasattr(self, "server_refresh"):
                self.server_refresh()  # the shared server is connected in the background check, at once
            if self.book.pending:
                self.flush_pending()
        return self.book

    # -- opening cases -------------------------------------------------------------

    def open_sources(self, sources: list[str], name: str | None = None, path: str | None = None) -> None:
        """Read and analyse the case made of ``sources`` (folders/files) in the background."""
        sources = [str(Path(s).expanduser()) for s in sources]
        if self.claim is not None:
            self._want_fingerprint = self.claim.fingerprint
        self.sources = sources
        self.messages.clear()
        if self.case is None:
            self.articles.show_placeholder("Reading the articles…")
        self.runner.start(Request(tuple(sources), name, path))
        self._update_title()

    def open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a case folder", self._start_dir())
        if folder:
            self._want_fingerprint = ""
            self.claim = None
            self.open_sources([folder])

    def add_articles(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add articles to the case", self._start_dir(),
                                                ";;".join(ARTICLE_SUFFIXES))
        if files:
            self.extend_case(files)

    def extend_case(self, files: list[str]) -> None:
        """Add article files to the open case; it keeps its name, so its verdicts stay attached."""
        if not self.sources or self.case is None:
            self.open_sources(files)
            return
        extra = [f for f in files if f not in self.sources]
        self.open_sources(self.sources + extra, name=self.case.name, path=self.case.path)

    def reload(self) -> None:
        if self.sources:
            self.open_sources(self.sources, self.case.name if self.case else None,
                              self.case.path if self.case else None)

    def _start_dir(self) -> str:
        if self.sources:
            first = Path(self.sources[0])
            return str(first if first.is_dir() else first.parent)
        return str(Path.home())

    def _on_loaded(self, case: Case) -> None:
        if self.case is None or not self.articles.same_articles(case.articles):
            self.articles.set_case(case, self._hidden_setting())
            self._restore_article_splitter(len(case.articles))
            menus.fill_articles_menu(self, case)
        self.case = case
        self._update_title()

    def _on_progress(self, fraction: float, what: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.progress_text.setText(what)

    def _on_busy(self, busy: bool) -> None:
        for w in (self.progress, self.progress_text, self.cancel_button):
            w.setVisible(busy)
        if busy:
            self.progress.setValue(0)
            self.progress_text.setText("starting")
        if hasattr(self, "act"):
            self.act["cancel"].setEnabled(busy)  # Esc belongs to the fields when nothing runs
        self._update_title()

    def _on_finished(self, analysis: Analysis) -> None:
        self.show_analysis(analysis)

    def show_analysis(self, analysis: Analysis, sources: list[str] | None = None) -> None:
        """Show a finished analysis: panes, highlights, table, verdicts; the claim selected before stays."""
        if sources is not None:
            self.sources = [str(s) for s in sources]
        analysis = self.with_corrections(analysis)  # the desk's corrections, applied again
        self._on_loaded(analysis.case)
        self.analysis = analysis
        self.articles.set_analysis(analysis)
        self.claims.set_analysis(analysis)
        if self.sources:
            self.settings.add_recent(self.sources)
            menus.fill_recent_menu(self)
        warnings = [*analysis.case.warnings, *analysis.warnings]
        if self.messages.key == SAMPLE_HINT_KEY:
            self.messages.clear()  # shown again below if this is still the sample case
        if warnings:
            self.messages.show_message("warning", "; ".join(warnings))
        self.start_log_check()  # in the background: the case's articles are recorded once the log is sound
        self.refresh_verdicts()
        wanted = next((c for c in analysis.claims if self._want_fingerprint
                       and c.fingerprint == self._want_fingerprint), None)
        self._want_fingerprint = ""
        if wanted is not None and self.select_claim(wanted.id):
            pass
        elif not self.claims.current_claim_id():
            self.claims.step(1) or self.claims.step(1, flagged_only=False)
        else:
            self._on_current_claim(self.claims.current_claim_id())
        self.statusBar().showMessage(
            f"{len(analysis.articles)} articles · {len(analysis.claims)} claims · "
            f"{len(analysis.flagged)} flagged", 8000)
        self._update_actions()
        self.show_sample_hint()
        self.analysisShown.emit()

    def _on_failed(self, message: str) -> None:
        self.messages.show_message("error", f"Could not open the case: {message}", "Open folder…",
                                   self.open_folder)
        if self.case is None:
            self.articles.show_placeholder("No case open.\nUse File → Open folder… or drop a folder of "
                                           "articles (.txt, .md, .html) on this window.")

    def _on_cancelled(self) -> None:
        self.messages.show_message("info", "Analysis cancelled. File → Reload (F5) starts it again.",
                                   "Reload", self.reload)

    def cancel_analysis(self) -> None:
        self.runner.cancel()

    # -- claims ----------------------------------------------------------------------

    def select_claim(self, claim_id: str) -> bool:
        """Select a claim (as the table, a click on a highlight, or --select do)."""
        if self.claims.select(claim_id):
            return True
        if self.analysis is not None and any(c.id == claim_id for c in self.analysis.claims):
            # hidden by the filters: show everything so the claim can be selected
            self.claims.set_filters({})
            return self.claims.select(claim_id)
        return False

    def _on_current_claim(self, claim_id: str) -> None:
        claim = None
        if self.analysis is not None and claim_id:
            claim = next((c for c in self.analysis.claims if c.id == claim_id), None)
        self.claim = claim
        self.articles.show_claim(claim)
        self.claims.wordings.show_claim(claim)
        self._show_panel()
        self._update_actions()

    def next_claim(self) -> None:
        if not self.claims.step(1):
            self.statusBar().showMessage("No flagged claim in the table", 4000)

    def previous_claim(self) -> None:
        if not self.claims.step(-1):
            self.statusBar().showMessage("No flagged claim in the table", 4000)

    def focus_table(self) -> None:
        self.claims.table.setFocus()

    def focus_search(self) -> None:
        self.claims.search.setFocus()
        self.claims.search.selectAll()

    # -- view ------------------------------------------------------------------------

    def _hidden_setting(self) -> set[str]:
        raw = self.settings.get("hidden_articles", "")
        return {s for s in str(raw or "").split("\n") if s}

    def _sync_article_actions(self) -> None:
        hidden = self.articles.hidden_files()
        for action in self.act.get("articles_menu", QMenu()).actions():
            file = action.data()
            if file:
                action.setChecked(file not in hidden)
        self.settings.set("hidden_articles", "\n".join(sorted(hidden)))

    def show_all_articles(self) -> None:
        for pane in self.articles.panes:
            self.articles.set_visible(pane.article.file, True)

    def toggle_compare(self) -> None:
        """View → Compare (C): only the articles that state the selected claim."""
        on = self.act["compare"].isChecked()
        self.articles.set_compare(on)
        self.settings.set("view/compare", on)

    def toggle_agreeing(self) -> None:
        """View → Show agreeing mentions: underline what the articles agree on too (off by default)."""
        on = self.act["show_agreeing"].isChecked()
        self.articles.set_show_agreeing(on)
        self.settings.set("view/show_agreeing", on)

    def toggle_sentences(self) -> None:
        """View → Show sentences: the claims table's Sentence column (off by default)."""
        on = self.act["show_sentences"].isChecked()
        self.claims.set_show_sentences(on)
        self.settings.set("view/show_sentences", on)

    def _restore_view_options(self) -> None:
        for key, apply in (("compare", self.articles.set_compare), ("show_agreeing", self.articles.set_show_agreeing),
                           ("show_sentences", self.claims.set_show_sentences)):
            on = str(self.settings.get(f"view/{key}", "false")).lower() == "true"
            self.act[key].setChecked(on)
            apply(on)

    def sheet_title(self) -> str:
        """The title of this case's sheet: as the editor set it, else the first article's headline."""
        case = self.analysis.case if self.analysis is not None else self.case
        if case is None:
            return ""
        saved = str(self.settings.get(f"sheet_title/{case.name}", "") or "")
        first = next((a.title for a in case.articles if a.title), "")
        return saved or first or case.name

    def edit_sheet_title(self) -> None:
        case = self.analysis.case if self.analysis is not None else self.case
        if case is None:
            return
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self, "Sheet title", "Title printed at the top of the discrepancy sheet:",
                                        text=self.sheet_title())
        if ok:
            self.settings.set(f"sheet_title/{case.name}", text.strip())

    def _update_title(self) -> None:
        name = self.case.name if self.case else (Path(self.sources[0]).name if self.sources else "")
        busy = " (analysing…)" if self.runner.busy else ""
        self.setWindowTitle(f"{name}{busy} — factdesk" if name else "factdesk")

    def _update_actions(self) -> None:
        if not hasattr(self, "act"):
            return
        has_claim = self.claim is not None
        for key in ("verdict_verified", "verdict_disputed", "verdict_unresolved", "note", "dismiss", "split"):
            self.act[key].setEnabled(has_claim)
        for key in ("merge", "add_claim"):
            self.act[key].setEnabled(self.analysis is not None)
        self.act["undo"].setEnabled(self.book is not None and self.book.can_undo())
        self.act["redo"].setEnabled(self.book is not None and self.book.can_redo())
        self.act["stale"].setEnabled(bool(self.analysis is not None and self.analysis.stale))
        self.act["reload"].setEnabled(bool(self.sources))
        self.act["add"].setEnabled(self.case is not None)
        menus.update_print_actions(self)

    # -- drag and drop ---------------------------------------------------------------

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        if _dropped_paths(e.mimeData()):
            e.acceptProposedAction()
        else:
            e.ignore()

    def dragMoveEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        if _dropped_paths(e.mimeData()):
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        paths = _dropped_paths(e.mimeData())
        if not paths:
            e.ignore()
            return
        e.acceptProposedAction()
        self.open_dropped(paths)

    def open_dropped(self, paths: list[str]) -> None:
        """A folder opens a case; files extend the open case (or make one)."""
        folders = [p for p in paths if Path(p).is_dir()]
        if folders:
            self._want_fingerprint = ""
            self.claim = None
            self.open_sources(paths)
        else:
            self.extend_case(paths)

    # -- settings and closing ----------------------------------------------------------

    def _restore_layout(self) -> None:
        s = self.settings
        geometry = s.bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = s.bytes("window/state")
        if state is not None:
            self.restoreState(state)
        for splitter, key in ((self.main, "window/main_splitter"), (self.bottom, "window/bottom_splitter")):
            value = s.bytes(key)
            if value is not None:
                splitter.restoreState(value)
        filters = s.get("filters")
        if isinstance(filters, dict):
            self.claims.set_filters({str(k): str(v) for k, v in filters.items()})

    def _restore_article_splitter(self, count: int) -> None:
        self.articles.restore_splitter(self.settings.bytes(f"window/articles_splitter_{count}"))

    def _save_filters(self) -> None:
        self.settings.set("filters", self.claims.filters())

    def save_layout(self) -> None:
        s = self.settings
        s.set_bytes("window/geometry", self.saveGeometry())
        s.set_bytes("window/state", self.saveState())
        s.set_bytes("window/main_splitter", self.main.saveState())
        s.set_bytes("window/bottom_splitter", self.bottom.saveState())
        state = self.articles.splitter_state()
        if state is not None:
            s.set_bytes(f"window/articles_splitter_{len(self.articles.panes)}", state)
        self._save_filters()
        s.sync()

    def closeEvent(self, e: QCloseEvent) -> None:
        self.save_layout()
        self.runner.shutdown(3000)
        self.log_check.shutdown(3000)
        self.server_watch.shutdown(3000)  # type: ignore[attr-defined]  # set by shared_server.install
        if self.book is not None:
            if self.book.pending and self.book.flush():
                print(f"factdesk: {len(self.book.pending)} verdict(s) could not be written to "
                      f"{self.book.db_path}; they are kept in {self.book.pending_path} and will be written "
                      "next time", file=sys.stderr)
            self.book.close()
        super().closeEvent(e)

    def changeEvent(self, e: QEvent) -> None:
        palette_events = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if e.type() in palette_events and hasattr(self, "act"):
            theme = theme_for(self.palette())
            if theme is not self.theme:
                self.theme = theme
                for w in (self.claims.model, self.legend, self.messages, self.panel, self.claims.wordings):
                    if hasattr(w, "set_theme"):
                        w.set_theme(theme)
                    else:
                        w.theme = theme
                self.articles.set_theme(theme, self.analysis)
                self.articles.show_claim(self.claim)
        super().changeEvent(e)

    # -- screenshots -------------------------------------------------------------------

    def grab_to(self, path: str) -> bool:
        QApplication.processEvents()
        return self.grab().save(path)

    # -- help --------------------------------------------------------------------------

    def show_about(self) -> AboutDialog:
        """Help → About factdesk…: version, the log and settings files, the language model."""
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(self)
        else:
            self.about_dialog.refresh()
        return _present(self.about_dialog)

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help → Keyboard shortcuts (F1): the window's own actions and their keys."""
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self)
        else:
            self.shortcuts_dialog.refresh()
        return _present(self.shortcuts_dialog)

    def is_sample_case(self) -> bool:
        """Whether the case on screen is the bundled sample case (same folder, not just the same name)."""
        case = self.analysis.case if self.analysis is not None else self.case
        sample = sample_case_dir()
        if case is None or not case.path or sample is None:
            return False
        try:
            return Path(case.path).resolve() == sample.resolve()
        except OSError:
            return False

    def show_sample_hint(self) -> bool:
        """The first-run hint on the sample case, unless dismissed once or the bar has something else to say."""
        if (not self.hints or self.messages.level or not self.is_sample_case()
                or self.settings.hint_dismissed(SAMPLE_HINT_KEY)):
            return False
        self.messages.show_message("info", _keys_in_bold(SAMPLE_HINT), "Keyboard shortcuts",
                                   self.show_shortcuts, key=SAMPLE_HINT_KEY, rich=True)
        return True

    def _on_message_dismissed(self, key: str) -> None:
        if key == SAMPLE_HINT_KEY:
            self.settings.dismiss_hint(SAMPLE_HINT_KEY)
        else:
            self.show_sample_hint()  # a warning closed over the sample case: the hint's turn


def _present(dialog: D) -> D:
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def _keys_in_bold(text: str) -> str:
    """The hint as HTML with its keys (J, K, V, D, U, N, F1) in bold."""
    return re.sub(r"\b([JKVDUN]|F1)\b", r"<b>\1</b>", html.escape(text, quote=False))


def _dropped_paths(mime) -> list[str]:  # type: ignore[no-untyped-def]
    if mime is None or not mime.hasUrls():
        return []
    paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p and Path(p).exists()]


def shortcut_text(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
