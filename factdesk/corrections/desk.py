"""The desk's corrections of a case, read from the verdict log and applied to an analysis."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from factdesk.corrections.apply import apply_corrections
from factdesk.corrections.events import active_corrections
from factdesk.model import Analysis, Verdict
from factdesk.store import VerdictLog, case_key


def corrections_in_force(log: VerdictLog, case: str, pending: list[Verdict] | None = None) -> list[Verdict]:
    """The case's corrections in force, in the order they apply (``pending``: not yet in the log)."""
    rows = log.corrections(case)  # the local log, the shared one (and its unsent rows) or the server alone
    rows += [v for v in pending or [] if v.case == case and v.fingerprint.startswith("edit:")]
    return active_corrections(rows)


def corrected(analysis: Analysis, log: VerdictLog) -> Analysis:
    """``analysis`` with the desk's corrections of its case applied."""
    return apply_corrections(analysis, corrections_in_force(log, case_key(analysis.case)))


CORRECTIONS_STEP = "0007_corrections_in_the_log"  # the schema step that let corrections into the log


def may_hold_corrections(path: str | Path) -> bool:
    """False for a local log not yet upgraded to hold corrections (read without opening it for writing)."""
    try:
        conn = sqlite3.connect(f"{Path(path).expanduser().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT 1 FROM factdesk_migrations WHERE name = ?", [CORRECTIONS_STEP]).fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, ValueError):
        return True  # not for this check to judge: opening the log says what is wrong
    return row is not None
