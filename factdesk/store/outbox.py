"""The local log's list of verdicts not yet sent to the shared server (offline first).

When the shared PostgreSQL log cannot be reached, verdicts go to the local
SQLite log as usual and their content uid is put in ``unsent``, in the same
transaction. ``factdesk log sync`` sends them in log order and removes each uid
once the server holds it. The server skips a uid it already has, so a verdict
whose send was cut off after the server stored it is never stored twice.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable

import sqlite_utils

from factdesk.store.chain import Content
from factdesk.store.rows import CONTENT_COLUMNS

UNSENT_TABLE = "unsent"


def create_unsent(db: sqlite_utils.Database) -> None:
    """Schema step: the uids of verdicts waiting for the shared server."""
    db.execute(f"CREATE TABLE {UNSENT_TABLE} (uid TEXT PRIMARY KEY, queued TEXT NOT NULL)")


def mark_unsent(conn: sqlite3.Connection, uids: Iterable[str]) -> None:
    """Inside the caller's write transaction."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conn.executemany(f"INSERT OR IGNORE INTO {UNSENT_TABLE} (uid, queued) VALUES (?, ?)", [(u, now) for u in uids])


def unsent_rows(conn: sqlite3.Connection) -> list[tuple[int, str, Content]]:
    """(local id, uid, content) of every waiting verdict, in log order."""
    rows = conn.execute(
        f"SELECT v.id, v.uid, {', '.join('v.' + c for c in CONTENT_COLUMNS)} "
        f"FROM {UNSENT_TABLE} u JOIN verdicts v ON v.uid = u.uid ORDER BY v.id"
    ).fetchall()
    return [(row[0], row[1], Content(*row[2:])) for row in rows]


def count_unsent(conn: sqlite3.Connection) -> int:
    return conn.execute(f"SELECT count(*) FROM {UNSENT_TABLE}").fetchone()[0]


def mark_sent(conn: sqlite3.Connection, uids: Iterable[str]) -> None:
    conn.executemany(f"DELETE FROM {UNSENT_TABLE} WHERE uid = ?", [(u,) for u in uids])
