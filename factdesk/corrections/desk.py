"""The desk's corrections of a case, read from the verdict log and applied to an analysis."""

from __future__ import annotations

from factdesk.corrections.apply import apply_corrections
from factdesk.corrections.events import active_corrections
from factdesk.model import Analysis, Verdict
from factdesk.store import VerdictLog, case_key


def corrections_in_force(log: VerdictLog | object, case: str, pending: list[Verdict] | None = None) -> list[Verdict]:
    """The case's corrections in force, in the order they apply (``pending``: not yet in the log)."""
    # a newsroom's shared (PostgreSQL) log does not carry corrections yet: only the local log does
    read = getattr(log, "corrections", None)
    rows = read(case) if read is not None else []
    rows += [v for v in pending or [] if v.case == case and v.fingerprint.startswith("edit:")]
    return active_corrections(rows)


def corrected(analysis: Analysis, log: VerdictLog) -> Analysis:
    """``analysis`` with the desk's corrections of its case applied."""
    return apply_corrections(analysis, corrections_in_force(log, case_key(analysis.case)))
