"""`log verify`: SQLite's own integrity check, the append-only triggers, the hash chain."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from factdesk.store.chain import walk
from factdesk.store.rows import SELECT_ROW
from factdesk.store.schema import TRIGGERS


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    rows: int  # verdict rows checked
    broken_id: int | None = None  # the first row that fails, when one does
    reason: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"ok: {self.rows} verdicts, hash chain intact, append-only protection in place"
        where = f" at row {self.broken_id}" if self.broken_id is not None else ""
        return f"BROKEN{where}: {self.reason}"


def verify_database(conn: sqlite3.Connection) -> VerifyReport:
    """Check a log inside a read transaction, so concurrent writers do not disturb it."""
    # integrity_check, not quick_check: only it compares every index with its table
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        return VerifyReport(False, 0, None, f"SQLite integrity check failed: {problems[0]}")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in ("verdicts", "log_head"):
        if table not in tables:
            return VerifyReport(False, 0, None, f"the {table} table was removed")
    check = walk(conn.execute(f"{SELECT_ROW} ORDER BY id"))
    if check.broken_id is not None:
        return VerifyReport(False, check.rows, check.broken_id, check.reason)
    head = conn.execute("SELECT rows, hash FROM log_head WHERE id = 1").fetchone()
    if head is None:
        return VerifyReport(False, check.rows, None, "the head of the chain was removed")
    if head[0] > check.rows:
        first, last = check.rows + 1, head[0]
        which = f"row {first} was" if first == last else f"rows {first}-{last} were"
        return VerifyReport(False, check.rows, first, f"the last verdicts were deleted ({which} removed)")
    if tuple(head) != (check.rows, check.last_hash):
        return VerifyReport(False, check.rows, None, "the head of the chain was altered")
    triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    for name, sql in TRIGGERS.items():
        if triggers.get(name) != sql:
            state = "removed" if name not in triggers else "altered"
            return VerifyReport(
                False, check.rows, None, f"the append-only protection was {state} (trigger {name})"
            )
    return VerifyReport(True, check.rows)
