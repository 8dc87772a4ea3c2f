"""The window checks the verdict log in the background: the claims show first, a broken log is reported after."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from factdesk.gui.actions import sheet_html
from factdesk.model import Analysis, Status
from factdesk.store import VerdictLog, case_key
from factdesk.store.chain import GENESIS, StoredRow, content_uid, row_hash
from factdesk.store.rows import SELECT_ROW
from factdesk.store.schema import TRIGGERS

from .conftest import SEEDS, first
from .test_verdicts_window import verdict_cell

OTHER_CASE_VERDICTS = 2_500  # a log with history: its first check takes a moment


def fill(db_path: Path, count: int = OTHER_CASE_VERDICTS) -> None:
    from factdesk.model import MentionSnapshot, Verdict, VerdictState

    with VerdictLog(db_path) as log:
        log.record_many(Verdict(case="another-case", fingerprint=f"fp-{i}", editor="bob", verdict=VerdictState.VERIFIED,
                                note=f"note {i}", snapshot=(MentionSnapshot("a.txt", 0, 3, "125"),))
                        for i in range(count))


def forge_signed_row(db_path: Path, row_id: int) -> None:
    """Change a signed row and rehash the whole chain, as someone with the file could (not the signature)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    prev = GENESIS
    for row in [StoredRow(*r) for r in conn.execute(f"{SELECT_ROW} ORDER BY id").fetchall()]:
        content = row.content._replace(note="forged") if row.id == row_id else row.content
        uid = content_uid(content.canonical())
        digest = row_hash(prev, row.id, uid)
        conn.execute("UPDATE verdicts SET note = ?, uid = ?, prev_hash = ?, hash = ? WHERE id = ?",
                     [content.note, uid, prev, digest, row.id])
        prev = digest
    conn.execute("UPDATE log_head SET hash = ? WHERE id = 1", [prev])
    for sql in TRIGGERS.values():
        conn.execute(sql)
    conn.close()


def edit_row_1(db_path: Path) -> None:
    """Change row 1 behind factdesk's back, without rehashing: the chain itself breaks there."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE verdicts SET note = 'edited' WHERE id = 1")
    for sql in TRIGGERS.values():
        conn.execute(sql)
    conn.close()


def articles_recorded(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def show_and_watch(windows, analysis: Analysis) -> tuple[object, list[tuple[str, object, bool]]]:  # type: ignore[no-untyped-def]
    """A window showing ``analysis``; what it had on screen when the claims showed and when the check ended."""
    window = windows.new()
    seen: list[tuple[str, object, bool]] = []
    window.analysisShown.connect(lambda: seen.append(("claims shown", window.log_state, window.log_check.busy)))
    window.logChecked.connect(lambda: seen.append(("log checked", window.messages.level, window.log_check.busy)))
    window.show_analysis(analysis, [str(SEEDS)])
    return window, seen


def test_a_forged_signature_is_reported_after_the_claims_show(windows, seeds_analysis: Analysis,
                                                              db_path: Path) -> None:
    fill(db_path)
    forge_signed_row(db_path, 3)
    window, seen = show_and_watch(windows, seeds_analysis)
    # the claims are on screen at once, the log still being checked in the background
    assert seen == [("claims shown", None, True)]
    assert window.claims.model.rowCount() == len(seeds_analysis.claims)
    assert window.messages.level != "error"
    windows.log_checked(window)
    assert seen[1:] == [("log checked", "error", False)]
    assert window.messages.message.startswith("The verdict log is broken — BROKEN at row 3: row 3's signature")
    assert window.log_state is not None and window.log_state.broken_id == 3
    assert articles_recorded(db_path) == 0  # nothing of the case was written onto the broken log
    html, _ = sheet_html(window)
    assert "VERDICT LOG BROKEN" in html


def test_a_verdict_given_before_the_check_ends_is_never_written_onto_a_broken_chain(
        windows, seeds_analysis: Analysis, db_path: Path) -> None:
    fill(db_path)
    edit_row_1(db_path)
    window, seen = show_and_watch(windows, seeds_analysis)
    claim = first(seeds_analysis, Status.CONFLICT)
    window.select_claim(claim.id)
    window.focus_table()
    windows.qtbot.keyClick(window.claims.table, Qt.Key.Key_V)  # before the check has said anything
    assert [event for event, *_ in seen] == ["claims shown"]
    assert window.book.pending and "not saved yet" in verdict_cell(window, claim.id)
    assert "is broken at row 1" in window.messages.message  # the log refused it as it was written
    windows.log_checked(window)
    assert window.messages.message.startswith("The verdict log is broken — BROKEN at row 1")
    with VerdictLog(db_path, readonly=True) as log:
        assert log.count() == OTHER_CASE_VERDICTS and not log.history(case_key(seeds_analysis.case))
    assert window.book.pending and window.book.pending_path.exists()  # kept, never lost


def test_on_a_sound_log_the_case_is_recorded_after_the_check_and_a_verdict_given_meanwhile_is_written(
        windows, seeds_analysis: Analysis, db_path: Path) -> None:
    fill(db_path)
    window, seen = show_and_watch(windows, seeds_analysis)
    claim = first(seeds_analysis, Status.CONFLICT)
    window.select_claim(claim.id)
    window.focus_table()
    windows.qtbot.keyClick(window.claims.table, Qt.Key.Key_D)
    assert [event for event, *_ in seen] == ["claims shown"]
    assert not window.book.pending
    windows.log_checked(window)
    assert seen[1][0] == "log checked" and window.messages.level != "error"
    assert window.log_state is not None and window.log_state.ok
    assert articles_recorded(db_path) == len(seeds_analysis.articles)
    with VerdictLog(db_path, readonly=True) as log:
        assert len(log.history(case_key(seeds_analysis.case))) == 1


def test_the_sheet_uses_the_last_check_while_the_log_is_unchanged(windows, seeds_analysis: Analysis,
                                                                  db_path: Path) -> None:
    fill(db_path)
    window = windows.with_analysis(seeds_analysis)
    checked = window.log_state
    assert checked is not None and checked.ok and checked.checked_signatures == OTHER_CASE_VERDICTS
    html, _ = sheet_html(window)
    assert window.log_state is checked and checked.head in html  # fresh: not checked again
    claim = first(seeds_analysis, Status.CONFLICT)
    window.select_claim(claim.id)
    window.focus_table()
    windows.qtbot.keyClick(window.claims.table, Qt.Key.Key_V)
    html, _ = sheet_html(window)
    again = window.log_state
    assert again is not checked and again.rows == checked.rows + 1 and again.head in html
    # checked again, but only the new verdict's signature: the earlier ones are covered by the memo
    assert (again.checked_signatures, again.trusted_rows) == (1, checked.rows)


def test_a_sheet_asked_for_during_the_check_waits_for_it_instead_of_checking_again(
        windows, seeds_analysis: Analysis, db_path: Path) -> None:
    from factdesk.gui.actions import after_log_check

    fill(db_path)
    window, _seen = show_and_watch(windows, seeds_analysis)
    assert window.log_check.busy
    sheets: list[str] = []
    after_log_check(window, lambda: sheets.append("first"))
    after_log_check(window, lambda: sheets.append(sheet_html(window)[0]))  # asked twice: one sheet
    assert sheets == [] and "Checking the verdict log first" in window.statusBar().currentMessage()
    windows.log_checked(window)
    checked = window.log_state
    assert checked is not None and checked.ok and checked.checked_signatures == OTHER_CASE_VERDICTS
    assert len(sheets) == 1 and checked.head in sheets[0]
    assert window.log_state is checked  # the sheet used the background check: no second check on the UI thread
    after_log_check(window, lambda: sheets.append("at once"))  # no check under way: straight away
    assert sheets[-1] == "at once"
