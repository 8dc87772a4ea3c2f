"""A tampered verdict log is shown as such in the window and on its sheet, and nothing is written onto it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from factdesk.gui.actions import sheet_html
from factdesk.model import Analysis, Status
from factdesk.store import VerdictLog, case_key
from factdesk.store.schema import TRIGGERS

from .conftest import first


def tamper(db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE verdicts SET verdict = 'verified' WHERE id = 1")
    for sql in TRIGGERS.values():
        conn.execute(sql)
    conn.close()


def test_a_tampered_log_is_shown_in_the_window_and_on_the_sheet(windows, seeds_analysis: Analysis,
                                                                db_path: Path) -> None:
    window = windows.with_analysis(seeds_analysis)
    conflict = first(seeds_analysis, Status.CONFLICT)
    window.select_claim(conflict.id)
    window.focus_table()
    windows.qtbot.keyClick(window.claims.table, Qt.Key.Key_D)
    html, _ = sheet_html(window)
    with VerdictLog(db_path) as log:
        assert log.head()[1] in html  # the printed sheet anchors the log as it was
    tamper(db_path)

    window = windows.with_analysis(seeds_analysis)
    assert window.messages.level == "error"
    assert window.messages.message.startswith("The verdict log is broken — BROKEN at row 1")
    assert "factdesk log backup" in window.messages.message
    html, _ = sheet_html(window)
    assert "VERDICT LOG BROKEN" in html
    # a verdict given now is kept aside, never written onto the broken chain
    window.select_claim(conflict.id)
    window.focus_table()
    windows.qtbot.keyClick(window.claims.table, Qt.Key.Key_V)
    with VerdictLog(db_path, readonly=True) as log:
        assert log.count() == 1
        assert len(log.history(case_key(seeds_analysis.case))) == 1
    assert window.book.pending
    assert "is broken at row 1" in window.messages.message
