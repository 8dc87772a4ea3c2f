"""The append-only rule at the SQLite level, and `verify` finding edits made behind factdesk's back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from factdesk.store import VerdictLog

from .helpers import verdict


@pytest.fixture
def filled(db_path: Path) -> Path:
    with VerdictLog(db_path) as log:
        log.record_many([verdict(f"fp-{i}", note=f"note {i}") for i in range(1, 11)])
    return db_path


@pytest.fixture
def raw(filled: Path) -> Iterator[sqlite3.Connection]:
    """What someone with the sqlite3 shell can do."""
    conn = sqlite3.connect(filled, isolation_level=None)
    yield conn
    conn.close()


def drop_triggers(conn: sqlite3.Connection) -> None:
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")


def report_of(path: Path):
    with VerdictLog(path) as log:
        return log.verify()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE verdicts SET verdict = 'disputed' WHERE id = 3",
        "UPDATE verdicts SET note = ''",
        "DELETE FROM verdicts WHERE id = 10",
        "DELETE FROM verdicts",
        "UPDATE log_head SET rows = 9",
        "DELETE FROM log_head",
        "INSERT INTO log_head (id, rows, hash) VALUES (2, 0, 'x')",
        "INSERT INTO verdicts (id, case_key, fingerprint, editor, verdict, note, correct_value, source,"
        " created, app_version, claim_id, snapshot, uid, prev_hash, hash)"
        " VALUES (5, 'case-a', 'fp', 'eve', 'verified', '', '', '', 't', '', '', '[]', 'u', 'p', 'h')",
    ],
)
def test_direct_changes_are_refused(raw: sqlite3.Connection, filled: Path, sql: str) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(sql)
    assert report_of(filled).ok


def test_an_intact_log_verifies(filled: Path) -> None:
    report = report_of(filled)
    assert report.ok and report.rows == 10 and report.broken_id is None
    assert str(report).startswith("ok: 10 verdicts")


def test_removed_triggers_are_reported(raw: sqlite3.Connection, filled: Path) -> None:
    raw.execute("DROP TRIGGER verdicts_no_update")
    report = report_of(filled)
    assert not report.ok
    assert "append-only protection was removed" in report.reason


def test_an_edited_row_is_reported(raw: sqlite3.Connection, filled: Path) -> None:
    drop_triggers(raw)
    raw.execute("UPDATE verdicts SET verdict = 'disputed' WHERE id = 4")
    report = report_of(filled)
    assert (report.ok, report.broken_id) == (False, 4)
    assert "changed after it was written" in report.reason
    assert str(report).startswith("BROKEN at row 4")


def test_a_deleted_row_is_reported(raw: sqlite3.Connection, filled: Path) -> None:
    drop_triggers(raw)
    raw.execute("DELETE FROM verdicts WHERE id = 6")
    report = report_of(filled)
    assert (report.ok, report.broken_id) == (False, 7)
    assert "row 6 is missing" in report.reason


def test_a_cut_tail_is_reported(raw: sqlite3.Connection, filled: Path) -> None:
    drop_triggers(raw)
    raw.execute("DELETE FROM verdicts WHERE id > 8")
    report = report_of(filled)
    assert (report.ok, report.broken_id) == (False, 9)
    assert "rows 9-10 were removed" in report.reason


def test_a_row_rehashed_by_hand_is_reported(raw: sqlite3.Connection, filled: Path) -> None:
    """Even recomputing the edited row's hash breaks the link from the next row."""
    from factdesk.store.chain import StoredRow, content_uid, row_hash
    from factdesk.store.rows import SELECT_ROW

    drop_triggers(raw)
    row = StoredRow(*raw.execute(f"{SELECT_ROW} WHERE id = 5").fetchone())
    forged = row.content._replace(verdict="disputed")
    uid = content_uid(forged.canonical())
    raw.execute(
        "UPDATE verdicts SET verdict = ?, uid = ?, hash = ? WHERE id = 5",
        [forged.verdict, uid, row_hash(row.prev_hash, 5, uid)],
    )
    report = report_of(filled)
    assert (report.ok, report.broken_id) == (False, 6)
    assert "row 5 was changed" in report.reason


def test_verify_reads_a_consistent_snapshot_while_writing(filled: Path) -> None:
    with VerdictLog(filled) as reader, VerdictLog(filled) as writer:
        writer.record(verdict("fp-new"))
        assert reader.verify().rows == 11
