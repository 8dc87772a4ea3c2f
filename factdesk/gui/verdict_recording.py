"""The window's verdicts: recording, undoing and retrying them, and asking the editor's name.

:class:`VerdictRecording` is a base of :class:`~factdesk.gui.main_window.MainWindow`; the
attributes it names below are the window's.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QInputDialog, QLabel, QStatusBar

from factdesk import __version__
from factdesk.gui.claims_view import ClaimsView
from factdesk.gui.help import window_icon
from factdesk.gui.message_bar import MessageBar
from factdesk.gui.settings import Settings
from factdesk.gui.verdict_panel import VerdictPanel
from factdesk.gui.verdicts import ClaimVerdicts, VerdictBook, case_key, claim_verdicts, snapshot
from factdesk.gui.verified_dialog import VerifiedWordingDialog, needs_choice
from factdesk.model import Analysis, Claim, Verdict, VerdictState


class VerdictRecording:
    """The verdict methods of the main window (a QMainWindow)."""

    analysis: Analysis | None
    book: VerdictBook | None
    claim: Claim | None
    claims: ClaimsView
    interactive: bool
    messages: MessageBar
    panel: VerdictPanel
    pending_label: QLabel
    retry: QTimer
    settings: Settings
    statusBar: Callable[[], QStatusBar]
    verdict_book: Callable[[], VerdictBook]
    focus_table: Callable[[], None]
    _update_actions: Callable[[], None]

    def _claim_verdicts(self) -> dict[str, ClaimVerdicts]:
        if self.analysis is None or self.book is None:
            return {}
        latest = self.book.latest(case_key(self.analysis.case))
        return {c.id: claim_verdicts(c, latest[c.fingerprint], self.book.pending)
                for c in self.analysis.claims if c.fingerprint in latest}

    def refresh_verdicts(self) -> None:
        self.claims.set_verdicts(self._claim_verdicts())
        self._show_panel(keep_fields=True)
        self._update_pending()

    def _show_panel(self, keep_fields: bool = False) -> None:
        claim = self.claim
        if claim is None or self.analysis is None or self.book is None:
            self.panel.show_claim(None, None, [], [])
            return
        key = case_key(self.analysis.case)
        info = self.claims.model.verdicts.get(claim.id)
        self.panel.show_claim(claim, info, self.book.history(key, claim.fingerprint), self.book.pending,
                              keep_fields=keep_fields)

    def ensure_editor(self) -> str:
        name = self.settings.editor
        if not name:
            default = _login_name()
            name = self.ask_editor_name("Your name", default) if self.interactive else default
            if name:
                self.settings.editor = name
                self.panel.set_editor(name)
        return name

    def change_editor(self) -> None:
        name = self.ask_editor_name("Editor name", self.settings.editor or _login_name())
        if name:
            self.change_editor_to(name)

    def editor_name_dialog(self, title: str, default: str) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setObjectName("editorNameDialog")
        dialog.setWindowTitle(title)
        dialog.setWindowIcon(window_icon(self))
        dialog.setLabelText("Your name as an editor (recorded with each verdict):")
        dialog.setTextValue(default)
        return dialog

    def ask_editor_name(self, title: str, default: str) -> str:
        """The name typed in a modal prompt; '' when cancelled or left empty."""
        dialog = self.editor_name_dialog(title, default)
        try:
            ok = dialog.exec() == QInputDialog.DialogCode.Accepted
            return dialog.textValue().strip() if ok else ""
        finally:
            dialog.deleteLater()

    def change_editor_to(self, name: str) -> None:
        self.settings.editor = name.strip()
        self.panel.set_editor(self.settings.editor)
        self._show_panel()

    def record_verdict(self, state: VerdictState, note: str | None = None) -> Verdict | None:
        """Record the editor's verdict on the current claim with the panel's note, value and source."""
        claim, analysis = self.claim, self.analysis
        if claim is None or analysis is None:
            self.statusBar().showMessage("Select a claim first", 4000)
            return None
        editor = self.ensure_editor()
        if not editor:
            self.messages.show_message("warning", "A verdict needs your name: Editor → Change editor name…")
            return None
        fields = self.panel.fields()
        # (a window that must never block -- screenshots, scripted runs -- records the fields as they are)
        if state is VerdictState.VERIFIED and needs_choice(claim) and not fields[1] and self.interactive:
            chosen = self.ask_verified_wording(claim, fields[2])
            if chosen is None:
                self.statusBar().showMessage("Not recorded: a verified claim needs the right wording", 5000)
                return None
            fields = (fields[0], *chosen)
            self.panel.correct.setText(chosen[0])
            self.panel.source.setText(chosen[1])
        verdict = Verdict(
            case=case_key(analysis.case), fingerprint=claim.fingerprint, editor=editor, verdict=state,
            note=fields[0] if note is None else note, correct_value=fields[1], source=fields[2],
            app_version=__version__, snapshot=snapshot(claim), claim_id=claim.id,
        )
        problem = self.verdict_book().record(verdict)
        self.refresh_verdicts()
        if problem:
            self._store_problem(problem)
        else:
            self._store_ok()
            self.statusBar().showMessage(f"{claim.id}: {state} by {editor}", 4000)
        self._update_actions()
        return verdict

    def verified_dialog(self, claim: Claim, source: str = "") -> VerifiedWordingDialog:
        assert self.analysis is not None
        dialog = VerifiedWordingDialog(claim, self.analysis.articles, source, self)  # type: ignore[arg-type]
        dialog.setWindowIcon(window_icon(self))  # type: ignore[arg-type]
        return dialog

    def ask_verified_wording(self, claim: Claim, source: str) -> tuple[str, str] | None:
        """(correct value, source) as the editor chose them, or None when cancelled."""
        dialog = self.verified_dialog(claim, source)
        try:
            if dialog.exec() != VerifiedWordingDialog.DialogCode.Accepted:
                return None
            return dialog.chosen_value(), dialog.source.text().strip()
        finally:
            dialog.deleteLater()

    def save_fields(self) -> None:
        """Enter in a field: save note, value and source with the editor's current verdict (or unresolved)."""
        if self.claim is None or self.analysis is None:
            return
        info = self.claims.model.verdicts.get(self.claim.id)
        mine = info.by_editor.get(self.settings.editor) if info else None
        self.record_verdict(mine.verdict if mine else VerdictState.UNRESOLVED)
        self.focus_table()

    def edit_note(self) -> None:
        if self.claim is not None:
            self.panel.note.setFocus()
            self.panel.note.selectAll()

    def undo_verdict(self) -> None:
        self._step_history(self.verdict_book().undo, "No verdict to undo in this session",
                           lambda v: f"Undid {v.verdict} on {v.claim_id} (one retraction recorded; "
                                     "Ctrl+Shift+Z redoes it)")

    def redo_verdict(self) -> None:
        self._step_history(self.verdict_book().redo, "Nothing to redo",
                           lambda v: f"Redid {v.verdict} on {v.claim_id}")

    def _step_history(self, step, nothing: str, done) -> None:
        """Undo or redo one verdict: the book writes it, the window shows what happened."""
        verdict, problem = step()
        if verdict is None:
            self.statusBar().showMessage(nothing, 4000)
            return
        self.refresh_verdicts()
        if problem:
            self._store_problem(problem)
        else:
            self._store_ok()
            self.statusBar().showMessage(done(verdict), 5000)
        self._update_actions()

    def flush_pending(self) -> None:
        if self.book is None or not self.book.pending:
            self.retry.stop()
            return
        problem = self.book.flush()
        if problem:
            self._store_problem(problem)
        else:
            self._store_ok()
            self.statusBar().showMessage("Pending verdicts saved", 4000)
        self.refresh_verdicts()

    def _store_problem(self, problem: str) -> None:
        pending = len(self.book.pending) if self.book else 0
        plural = pending != 1
        keep = (f" Your {pending} verdict{'s' if plural else ''} {'are' if plural else 'is'} kept "
                "and will be saved as soon as possible." if pending else "")
        self.messages.show_message("error", f"The verdict log cannot be written: {problem}.{keep}",
                                   "Retry now", self.flush_pending)
        if pending:
            self.retry.start()
        self._update_pending()

    def _store_ok(self) -> None:
        if self.messages.level == "error" and "verdict log" in self.messages.text.text():
            self.messages.clear()
        self.retry.stop()
        self._update_pending()

    def _update_pending(self) -> None:
        n = len(self.book.pending) if self.book else 0
        self.pending_label.setText(f"⏳ {n} verdict{'s' if n != 1 else ''} not saved yet" if n else "")
        self.pending_label.setVisible(bool(n))


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "editor"
