"""Issue #15, 5: a damaged uid index is found by `log verify` and cannot make imports duplicate rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from factdesk.store import VerdictLog

from .helpers import verdict


def flip_a_uid_in_the_index(db: Path, uid: str) -> None:
    """Change one hex digit of ``uid`` where the uid index stores it (the table keeps the right one)."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        name = next(n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'") if "uid" in n)
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [name]).fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    start = (root - 1) * page_size
    at = data.index(uid.encode(), start, start + page_size)
    last = at + len(uid) - 1  # the last digit: the index order is kept, the key no longer matches
    data[last] = ord("0") if data[last] != ord("0") else ord("1")
    db.write_bytes(bytes(data))


def test_verify_finds_a_flipped_byte_in_the_uid_index_and_import_does_not_duplicate(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    export = tmp_path / "x.jsonl"
    with VerdictLog(db) as log:
        for i in range(3):
            log.record(verdict(f"fp-{i}", note=f"note {i}"))
        with open(export, "w", encoding="utf-8", newline="") as fp:
            log.export(fp)
        uid = log._conn.execute("SELECT uid FROM verdicts WHERE id = 2").fetchone()[0]
    flip_a_uid_in_the_index(db, uid)
    with VerdictLog(db) as log:
        report = log.verify()
        assert not report.ok and "integrity" in str(report)
        again = log.import_file(export)
        assert (again.added, again.skipped) == (0, 3)
        assert log._conn.execute("SELECT count(*) FROM verdicts NOT INDEXED").fetchone()[0] == 3
