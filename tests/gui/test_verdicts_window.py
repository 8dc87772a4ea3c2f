"""Recording verdicts from the keyboard: written to the log, there after reopening, undoable, never lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from factdesk.model import Analysis, Status, VerdictState
from factdesk.store import VerdictLog, case_key

from .conftest import EDITOR, first


def stored(db_path: Path, analysis: Analysis, fingerprint: str) -> dict:
    with VerdictLog(db_path, readonly=True) as log:
        return log.latest(case_key(analysis.case)).get(fingerprint, {})


def history(db_path: Path, analysis: Analysis, fingerprint: str) -> list:
    with VerdictLog(db_path, readonly=True) as log:
        return log.history(case_key(analysis.case), fingerprint)


def verdict_cell(window, claim_id: str) -> str:  # type: ignore[no-untyped-def]
    model = window.claims.model
    return model.index(model.row_of(claim_id), model.verdict_column).data() or ""


def test_keyboard_verdicts_are_written_and_there_after_reopening(windows, seeds_analysis: Analysis,
                                                                  db_path: Path) -> None:
    qtbot = windows.qtbot
    window = windows.with_analysis(seeds_analysis)
    conflict, hedged = first(seeds_analysis, Status.CONFLICT), first(seeds_analysis, Status.HEDGED)
    window.select_claim(conflict.id)
    window.focus_table()
    qtbot.keyClick(window.claims.table, Qt.Key.Key_D)
    # N: type a note, the correct value and the source, Enter saves them with the verdict
    qtbot.keyClick(window.claims.table, Qt.Key.Key_N)
    assert window.panel.note.hasFocus()
    qtbot.keyClicks(window.panel.note, "outlets spell the group three ways")
    window.panel.source.setText("https://example.org/original-video")
    qtbot.keyClick(window.panel.note, Qt.Key.Key_Return)
    assert window.claims.table.hasFocus()
    window.select_claim(hedged.id)
    qtbot.keyClick(window.claims.table, Qt.Key.Key_V)

    got = stored(db_path, seeds_analysis, conflict.fingerprint)[EDITOR]
    assert got.verdict is VerdictState.DISPUTED
    assert got.note == "outlets spell the group three ways"
    assert got.source == "https://example.org/original-video"
    assert stored(db_path, seeds_analysis, hedged.fingerprint)[EDITOR].verdict is VerdictState.VERIFIED
    assert "verified" in verdict_cell(window, hedged.id)
    window.close()

    again = windows.with_analysis(seeds_analysis)
    assert "disputed" in verdict_cell(again, conflict.id) and EDITOR in verdict_cell(again, conflict.id)
    assert "verified" in verdict_cell(again, hedged.id)
    again.select_claim(conflict.id)
    assert again.panel.buttons[VerdictState.DISPUTED].isChecked()
    assert again.panel.note.text() == "outlets spell the group three ways"
    assert again.panel.history.topLevelItemCount() == 2  # the verdict, then the note saved with it
    again.claims.verdict.setCurrentIndex(again.claims.verdict.findData("disputed"))
    assert again.claims.proxy.rowCount() == 1


def test_ctrl_z_writes_exactly_one_retraction_and_ctrl_shift_z_redoes(windows, seeds_analysis: Analysis,
                                                                       db_path: Path) -> None:
    qtbot = windows.qtbot
    window = windows.with_analysis(seeds_analysis)
    claim = first(seeds_analysis, Status.HEDGED)
    window.select_claim(claim.id)
    window.focus_table()
    table = window.claims.table
    qtbot.keyClick(table, Qt.Key.Key_D)
    qtbot.keyClick(table, Qt.Key.Key_N)
    qtbot.keyClicks(window.panel.note, "two outlets drop the hedge")
    qtbot.keyClick(window.panel.note, Qt.Key.Key_Return)  # saved with the verdict: a second "disputed"
    before = history(db_path, seeds_analysis, claim.fingerprint)
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    after = history(db_path, seeds_analysis, claim.fingerprint)
    # one event, a retraction, and nothing the editor did not do
    assert [v.verdict for v in after[len(before):]] == [VerdictState.RETRACTED]
    assert stored(db_path, seeds_analysis, claim.fingerprint) == {}
    assert verdict_cell(window, claim.id) == ""
    assert window.panel.history.topLevelItemCount() == len(after)
    assert window.panel.history.topLevelItem(0).text(2) == "retracted"
    # Ctrl+Shift+Z gives the withdrawn verdict again, with its note
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    redone = history(db_path, seeds_analysis, claim.fingerprint)
    assert [v.verdict for v in redone[len(after):]] == [VerdictState.DISPUTED]
    got = stored(db_path, seeds_analysis, claim.fingerprint)[EDITOR]
    assert got.verdict is VerdictState.DISPUTED and got.note == "two outlets drop the hedge"
    assert "disputed" in verdict_cell(window, claim.id)
    assert not window.act["redo"].isEnabled()


def test_a_locked_log_shows_a_message_and_keeps_the_verdict(windows, seeds_analysis: Analysis,
                                                            db_path: Path) -> None:
    qtbot = windows.qtbot
    window = windows.with_analysis(seeds_analysis)  # creates the log
    claim = first(seeds_analysis, Status.CONFLICT)
    window.select_claim(claim.id)
    window.focus_table()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        qtbot.keyClick(window.claims.table, Qt.Key.Key_V)
        assert window.messages.isVisible()
        assert "locked" in window.messages.message
        assert "kept" in window.messages.message
        assert "not saved yet" in verdict_cell(window, claim.id)
        assert window.pending_label.isVisible()
        assert window.book is not None and window.book.pending_path.exists()
        assert window.retry.isActive()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # the window retries on its own
    qtbot.waitUntil(lambda: not window.book.pending, timeout=15_000)
    assert stored(db_path, seeds_analysis, claim.fingerprint)[EDITOR].verdict is VerdictState.VERIFIED
    assert not window.messages.isVisible()
    assert "not saved yet" not in verdict_cell(window, claim.id)
    assert not window.book.pending_path.exists()


def test_a_verdict_kept_pending_at_close_is_written_next_time(windows, seeds_analysis: Analysis,
                                                              db_path: Path) -> None:
    qtbot = windows.qtbot
    window = windows.with_analysis(seeds_analysis)
    claim = first(seeds_analysis, Status.HEDGED)
    window.select_claim(claim.id)
    window.focus_table()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        qtbot.keyClick(window.claims.table, Qt.Key.Key_U)
        window.close()  # still locked: the verdict stays in the pending file
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert stored(db_path, seeds_analysis, claim.fingerprint) == {}
    again = windows.with_analysis(seeds_analysis)
    qtbot.waitUntil(lambda: bool(stored(db_path, seeds_analysis, claim.fingerprint)), timeout=15_000)
    assert stored(db_path, seeds_analysis, claim.fingerprint)[EDITOR].verdict is VerdictState.UNRESOLVED
    assert "unresolved" in verdict_cell(again, claim.id)


def test_verdicts_of_other_editors_show_and_disagreement_is_visible(windows, seeds_analysis: Analysis,
                                                                   db_path: Path, monkeypatch) -> None:
    window = windows.with_analysis(seeds_analysis)
    claim = first(seeds_analysis, Status.CONFLICT)
    window.select_claim(claim.id)
    window.record_verdict(VerdictState.VERIFIED)
    window.close()
    monkeypatch.setenv("FACTDESK_EDITOR", "bob")
    other = windows.with_analysis(seeds_analysis)
    other.select_claim(claim.id)
    other.record_verdict(VerdictState.DISPUTED)
    assert "editors disagree" in verdict_cell(other, claim.id)
    assert other.panel.disagree_label.isVisible()
    assert "ann: verified" in other.panel.disagree_label.text()
    rows = range(other.panel.history.topLevelItemCount())
    editors = {other.panel.history.topLevelItem(i).text(1) for i in rows}
    assert editors == {"ann", "bob"}


def test_a_note_of_several_lines_is_saved_and_shown_whole_after_reopening(windows, seeds_analysis: Analysis,
                                                                          db_path: Path) -> None:
    qtbot = windows.qtbot
    window = windows.with_analysis(seeds_analysis)
    claim = first(seeds_analysis, Status.CONFLICT)
    window.select_claim(claim.id)
    window.focus_table()
    qtbot.keyClick(window.claims.table, Qt.Key.Key_N)
    qtbot.keyClicks(window.panel.note, "Reuters and AP agree on the spelling.")
    qtbot.keyClick(window.panel.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # a new line
    long_line = "The third outlet copied a wire story from the day before, " * 4
    qtbot.keyClicks(window.panel.note, long_line.strip())
    assert window.panel.note.hasFocus()  # Shift+Enter did not save
    qtbot.keyClick(window.panel.note, Qt.Key.Key_Return)  # Enter saves
    note = "Reuters and AP agree on the spelling.\n" + long_line.strip()
    assert stored(db_path, seeds_analysis, claim.fingerprint)[EDITOR].note == note
    window.close()

    again = windows.with_analysis(seeds_analysis)
    again.select_claim(claim.id)
    field = again.panel.note
    assert field.text() == note
    assert field.textCursor().position() == 0  # shown from its beginning, not its end
    assert field.verticalScrollBar().value() == 0
    item = again.panel.history.topLevelItem(0)
    assert item.text(3) == note  # the history holds the whole note, both lines
    rect = again.panel.history.visualItemRect(item)
    assert rect.height() >= 2 * again.panel.history.fontMetrics().lineSpacing()


def test_verified_asks_which_wording_is_right(windows, seeds_analysis: Analysis, db_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from factdesk.gui.verified_dialog import VerifiedWordingDialog

    qtbot = windows.qtbot
    window = windows.with_analysis(seeds_analysis)
    window.interactive = True  # the dialog is modal: answered below, as an editor would
    claim = next(c for c in seeds_analysis.claims
                 if c.flagged and len({" ".join(m.text.split()) for m in c.mentions}) >= 3)
    window.select_claim(claim.id)
    window.focus_table()
    seen: dict[str, object] = {}

    def answer(pick: int | None, typed: str = "") -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VerifiedWordingDialog)
        seen["options"] = [b.text() for b, _ in dialog.choices]
        if pick is None and not typed:
            dialog.reject()
            return
        if typed:
            qtbot.keyClicks(dialog.value, typed)
            dialog.source.setText("company filing, p. 3")
        else:
            dialog.choose(pick)
            seen["picked"] = dialog.chosen_value()
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    # cancelled: nothing is recorded
    QTimer.singleShot(0, lambda: answer(None))
    window.act["verdict_verified"].trigger()  # V
    assert stored(db_path, seeds_analysis, claim.fingerprint) == {}
    assert len(seen["options"]) >= 3  # every different wording is offered, with the outlets using it

    QTimer.singleShot(0, lambda: answer(1))
    window.act["verdict_verified"].trigger()  # V
    got = stored(db_path, seeds_analysis, claim.fingerprint)[EDITOR]
    assert got.verdict is VerdictState.VERIFIED
    assert got.correct_value == seen["picked"] and got.correct_value
    assert window.panel.correct.text() == got.correct_value

    window.panel.correct.clear()
    QTimer.singleShot(0, lambda: answer(None, typed="Sons of the Caliphate"))
    window.act["verdict_verified"].trigger()  # V
    got = stored(db_path, seeds_analysis, claim.fingerprint)[EDITOR]
    assert got.correct_value == "Sons of the Caliphate" and got.source == "company filing, p. 3"
