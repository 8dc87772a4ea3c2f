"""The editor corrects the machine in the window: dismiss, merge, split and add claims.

A mixin of the main window, like :mod:`factdesk.gui.verdict_recording`. Every correction
goes through the verdict book (so a log that cannot be written keeps it pending, and
Ctrl+Z withdraws it like a verdict); the window then shows the machine's analysis with
the desk's corrections applied again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit

from factdesk.corrections import (
    CorrectionError,
    active_corrections,
    add_claim,
    apply_corrections,
    describe,
    dismiss_claim,
    merge_claims,
    split_claim,
)
from factdesk.gui.offsets import to_py
from factdesk.gui.stale_corrections import StaleCorrectionsDialog
from factdesk.gui.verdicts import case_key
from factdesk.model import Analysis, Claim, Kind, Verdict

if TYPE_CHECKING:
    from factdesk.gui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

KIND_LABELS = {Kind.NUMBER: "a figure", Kind.DATE: "a date", Kind.QUOTE: "a quotation", Kind.NAME: "a name"}


class CorrectionRecording(_Base):
    """Dismiss (X), merge (M), split (S) and add (A) claims; undo and redo them with the verdicts."""

    raw_analysis: Analysis | None = None  # the machine's own analysis of the open case

    # -- the corrected analysis ------------------------------------------------------

    def with_corrections(self, analysis: Analysis) -> Analysis:
        """``analysis`` with the desk's corrections applied (kept as the raw one when it is the machine's)."""
        if analysis.corrected:
            return analysis
        self.raw_analysis = analysis
        rows = self.verdict_book().corrections(case_key(analysis.case))
        return apply_corrections(analysis, active_corrections(rows))

    def reapply_corrections(self, correction: Verdict | None = None) -> None:
        """Show the machine's analysis with the corrections again, the corrected claim selected."""
        if self.raw_analysis is None:
            return
        analysis = self.with_corrections(self.raw_analysis)
        if correction is not None:
            line = describe(correction)
            touched = [c for c in analysis.claims if line in c.corrections]
            if touched:
                self._want_fingerprint = max(touched, key=lambda c: len(c.mentions)).fingerprint
                target = next(c for c in analysis.claims if c.fingerprint == self._want_fingerprint)
                if target.dismissed:
                    self.claims.set_filters({"status": "dismissed"})
        self.show_analysis(analysis)
        stale = len(analysis.stale)
        if stale:
            self.messages.show_message(
                "warning", f"{stale} correction{'s' if stale != 1 else ''} no longer find{'' if stale != 1 else 's'} "
                "their wording in the articles (stale): " + "; ".join(describe(v) for v in analysis.stale[:3])
                + " — Claim → Stale corrections… lists them")

    def show_stale_corrections(self) -> StaleCorrectionsDialog:
        """Claim → Stale corrections…: each with what it did, its editor, note and the wording it looks for."""
        dialog = StaleCorrectionsDialog(self.analysis.stale if self.analysis is not None else (), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _record_correction(self, make: Callable[[str, str], Verdict], note: str | None, title: str) -> Verdict | None:
        if self.analysis is None:
            return None
        editor = self.ensure_editor()
        if not editor:
            return None
        if note is None:
            note = self._ask_note(title) if self.interactive else ""
            if note is None:
                return None
        try:
            correction = make(editor, note)
        except CorrectionError as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return None
        problem = self.verdict_book().record(correction)
        if problem:
            self._store_problem(problem)
        self.reapply_corrections(correction)
        self.statusBar().showMessage(describe(correction).capitalize() + " (Ctrl+Z undoes it)", 6000)
        self._update_actions()
        return correction

    def _ask_note(self, title: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, "Note (optional): why", QLineEdit.EchoMode.Normal, "")
        return text.strip() if ok else None

    def _key(self) -> str:
        assert self.analysis is not None
        return case_key(self.analysis.case)

    # -- the four corrections --------------------------------------------------------

    def dismiss_claim(self, note: str | None = None) -> Verdict | None:
        """Claim → Dismiss (X): not a claim, or not the same fact."""
        claim = self.claim
        if claim is None:
            return None
        return self._record_correction(lambda ed, n: dismiss_claim(self._key(), claim, ed, n), note,
                                       f"Dismiss {claim.id}")

    def merge_claims(self, note: str | None = None) -> Verdict | None:
        """Claim → Merge (M): the claims selected in the table are one fact."""
        if self.analysis is None:
            return None
        ids = self.claims.selected_claim_ids()
        chosen = [c for c in self.analysis.claims if c.id in ids]
        if len(chosen) < 2:
            self.statusBar().showMessage("Select two or more claims in the table (Ctrl+click or Shift+click) "
                                         "to merge them", 6000)
            return None
        return self._record_correction(lambda ed, n: merge_claims(self._key(), chosen, ed, n), note,
                                       "Merge " + ", ".join(c.id for c in chosen))

    def split_claim(self, file: str | None = None, note: str | None = None) -> Verdict | None:
        """Claim → Split (S): take one article's mention out (the article of the table's current column)."""
        claim = self.claim
        if claim is None:
            return None
        file = file or self._split_file(claim)
        if not file:
            return None
        return self._record_correction(lambda ed, n: split_claim(self._key(), claim, file, ed, n), note,
                                       f"Split {file} out of {claim.id}")

    def _split_file(self, claim: Claim) -> str | None:
        article = self.claims.model.article_of_column(self.claims.table.currentIndex().column())
        if article is not None and claim.mention_in(article.file) is not None:
            return article.file
        files = list(dict.fromkeys(claim.files))
        if not self.interactive:
            self.statusBar().showMessage("Choose the article's cell in the table, then split (S)", 6000)
            return None
        file, ok = QInputDialog.getItem(self, f"Split {claim.id}", "Take this article's mention out:", files, 0,
                                        False)
        return file if ok else None

    def selected_spans(self) -> list[tuple[str, int, int]]:
        """The text selected in each article pane: (file, start, end) as Python offsets."""
        spans = []
        for pane in self.articles.panes:
            if not pane.built:  # never shown: nothing selected in it
                continue
            cursor = pane.view.textCursor()
            if cursor.hasSelection():
                text = pane.article.text
                spans.append((pane.article.file, to_py(text, cursor.selectionStart()),
                              to_py(text, cursor.selectionEnd())))
        return spans

    def add_claim(self, kind: Kind | None = None, note: str | None = None) -> Verdict | None:
        """Claim → Add (A): a claim from the text selected in two or more panes, of the kind chosen."""
        if self.analysis is None:
            return None
        spans = self.selected_spans()
        if len(spans) < 2:
            self.statusBar().showMessage("Select the wording in two or more article panes, then add the claim (A)",
                                         6000)
            return None
        case = self.analysis.case
        kind = kind or self._ask_kind(spans)
        if kind is None:
            return None
        made = self._record_correction(lambda ed, n: add_claim(self._key(), case, kind, spans, ed, n), note,
                                       f"Add {KIND_LABELS[kind]}")
        if made is not None:
            for pane in (p for p in self.articles.panes if p.built):  # the selections became the claim
                cursor = pane.view.textCursor()
                cursor.clearSelection()
                pane.view.setTextCursor(cursor)
        return made

    def _ask_kind(self, spans: list[tuple[str, int, int]]) -> Kind | None:
        assert self.analysis is not None
        sample = self.analysis.case.article(spans[0][0]).text[spans[0][1]:spans[0][2]]
        guess = Kind.NUMBER if any(ch.isdigit() for ch in sample) else (
            Kind.QUOTE if len(sample.split()) > 4 else Kind.NAME)
        if not self.interactive:
            return guess
        labels = [f"{KIND_LABELS[k]} ({k})" for k in Kind]
        choice, ok = QInputDialog.getItem(self, "Add a claim", "The selected wordings state:", labels,
                                          list(Kind).index(guess), False)
        return list(Kind)[labels.index(choice)] if ok else None

    # -- undo and redo -----------------------------------------------------------------

    def undo_verdict(self) -> None:
        last = self.verdict_book().next_undo()
        super().undo_verdict()
        if last is not None and last.is_correction:
            self.reapply_corrections()

    def redo_verdict(self) -> None:
        last = self.verdict_book().next_redo()
        super().redo_verdict()
        if last is not None and last.is_correction:
            self.reapply_corrections()
