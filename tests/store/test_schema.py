from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from factdesk.store import DatabaseCorrupt, ForeignDatabase, SchemaTooNew, VerdictLog
from factdesk.store.schema import MIGRATIONS, MIGRATIONS_TABLE, TRIGGERS


def test_steps_are_recorded_once(db_path: Path) -> None:
    VerdictLog(db_path).close()
    VerdictLog(db_path).close()
    with sqlite3.connect(db_path) as conn:
        names = [r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY name")]
    assert names == [m.name for m in MIGRATIONS]


def test_pragmas_and_triggers(log: VerdictLog) -> None:
    conn = log.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert triggers == set(TRIGGERS)


def test_tables_are_made_with_sqlite_utils(log: VerdictLog) -> None:
    assert {"cases", "articles", "verdicts", "log_head", MIGRATIONS_TABLE} <= set(log.db.table_names())
    assert log.db.table("verdicts").pks == ["id"]
    assert [fk.other_table for fk in log.db.table("verdicts").foreign_keys] == ["cases"]


def test_a_log_from_a_newer_factdesk_is_refused(db_path: Path) -> None:
    VerdictLog(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} VALUES ('0999_future', 'x')")
    with pytest.raises(SchemaTooNew, match="newer factdesk"):
        VerdictLog(db_path)


def test_another_programs_database_is_left_alone(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(ForeignDatabase, match="another program"):
        VerdictLog(db_path)
    assert db_path.read_bytes() == before


def test_an_empty_file_is_reported_not_restarted(db_path: Path) -> None:
    """factdesk creates a log whole, so a 0-byte file is a log cut short: never silently a new one."""
    db_path.touch()
    with pytest.raises(DatabaseCorrupt, match=r"empty \(0 bytes\).*restore it from a backup"):
        VerdictLog(db_path)
    assert db_path.stat().st_size == 0 and sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_new_log_is_never_seen_half_made(db_path: Path) -> None:
    with VerdictLog(db_path) as log:
        assert log.count() == 0
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
    with VerdictLog(db_path, readonly=True) as log:  # complete: no upgrade needed
        assert log.count() == 0
