"""The verdict log: an append-only, hash-chained SQLite table of editors' verdicts."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO

import sqlite_utils

from factdesk.model import Case, Verdict
from factdesk.store import memo, outbox
from factdesk.store.backup import backup_database, write_file_atomically
from factdesk.store.chain import GENESIS, Content, content_uid, format_time, row_hash, walk
from factdesk.store.claims import case_key
from factdesk.store.connection import connect, create_log_file, immediate, prepare_for_writing
from factdesk.store.errors import ChainBroken, StoreError, translate
from factdesk.store.exchange import ImportReport, read_export, write_export
from factdesk.store.paths import default_db_path
from factdesk.store.rows import (
    CONTENT_COLUMNS,
    SELECT_ROW,
    SELECT_VERDICT,
    VERDICT_FIELDS_SQL,
    content_of,
    normalise,
    verdict_of,
)
from factdesk.store.schema import apply_pending, pending_migrations
from factdesk.store.signing import sign_all
from factdesk.store.verify import WHAT_TO_DO, VerifyReport, verify_database

_INSERT_VERDICT = (
    f"INSERT INTO verdicts (id, {', '.join(CONTENT_COLUMNS)}, uid, prev_hash, hash) "
    f"VALUES ({', '.join('?' * (len(CONTENT_COLUMNS) + 4))})"
)
# Each (claim, editor)'s last row *in the log*: the order of decisions is the order
# in which they reached this log, never a clock (a colleague's clock set to 2031
# would otherwise hide every later verdict). SQLite's documented bare-column rule
# for max() is not needed: max(id) is the id; the index (case_key, fingerprint,
# editor, created, id) covers the grouping without touching the table.
_LATEST = f"""
WITH last AS (
  SELECT max(id) AS id FROM verdicts WHERE case_key = ? AND fingerprint NOT LIKE 'edit:%'
  GROUP BY fingerprint, editor
)
SELECT {VERDICT_FIELDS_SQL}
FROM last JOIN verdicts USING (id) WHERE verdict != 'retracted'
"""


class VerdictLog:
    """The verdict log at ``path`` (default: :func:`default_db_path`).

    Opening creates the file if it does not exist and brings its schema up to
    date; a file that is not a verdict log is refused and left untouched. Every
    write is one ``BEGIN IMMEDIATE`` transaction, waiting up to ``timeout``
    seconds for other writers. ``readonly=True`` opens an existing log for
    reading only. Safe to share between threads; use one per process.
    """

    def __init__(self, path: str | Path | None = None, timeout: float = 5.0, *, readonly: bool = False):
        self.path = Path(path).expanduser() if path else default_db_path()
        self.timeout = timeout
        self.readonly = readonly
        self._lock = threading.RLock()
        self._chain_checked: tuple[int, str] = (0, GENESIS)  # rows walked so far and their last hash
        if not readonly:
            create_log_file(self.path)
        self._conn = connect(self.path, timeout, readonly)
        self.db = sqlite_utils.Database(self._conn, recursive_triggers=False, execute_plugins=False)
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    def _migrate(self) -> None:
        with self._reading("opening the log"):
            pending = pending_migrations(self.db)
        if self.readonly:
            if pending:
                raise StoreError(f"the verdict log {self.path} needs upgrading; open it once for writing")
            return
        prepare_for_writing(self._conn, self.path)
        if pending:
            with self._writing("preparing the log"):
                apply_pending(self.db)

    # -- plumbing ------------------------------------------------------------------

    @contextmanager
    def _writing(self, doing: str) -> Iterator[sqlite3.Connection]:
        with self._lock, immediate(self._conn, self.path, doing):
            yield self._conn

    @contextmanager
    def _reading(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One read transaction, so what is read is a consistent snapshot."""
        with self._lock:
            try:
                self._conn.execute("BEGIN")
                try:
                    yield self._conn
                finally:
                    self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise translate(exc, self.path, doing) from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> VerdictLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"VerdictLog({str(self.path)!r})"

    # -- writing -------------------------------------------------------------------

    def record(self, verdict: Verdict) -> Verdict:
        """Append one verdict; returns it as stored (``id``, UTC time, app version).

        Recording the very same verdict again (same content and time, e.g. a retry
        after an error) does not add a row; it returns the stored one.
        """
        return self.record_many([verdict])[0]

    def record_many(self, verdicts: Iterable[Verdict], *, unsent: bool = False) -> list[Verdict]:
        """Append several verdicts in one transaction (all or none).

        ``unsent=True``: they are also marked as waiting for the shared server (offline first).
        """
        prepared = [normalise(v) for v in verdicts]
        contents = sign_all([content_of(v) for v in prepared])
        stored: list[Verdict] = []
        with self._writing("recording the verdict") as conn:
            self._refuse_broken_chain(conn, "nothing was recorded")
            chain = _Appender(conn)
            uids: list[str] = []
            for verdict, content in zip(prepared, contents, strict=True):
                row_id, _ = chain.append(content)
                uids.append(content_uid(content.canonical()))
                stored.append(replace(verdict, id=row_id))
            if unsent:
                outbox.mark_unsent(conn, uids)
        return stored

    def _refuse_broken_chain(self, conn: sqlite3.Connection, nothing_done: str) -> None:
        """Walk the rows added since the last walk (all of them the first time); ChainBroken if it breaks."""
        rows, head = conn.execute("SELECT rows, hash FROM log_head WHERE id = 1").fetchone()
        start = self._chain_checked if self._chain_checked[0] <= rows else (0, GENESIS)
        check = walk(conn.execute(f"{SELECT_ROW} WHERE id > ? ORDER BY id", [start[0]]), after=start)
        if check.broken_id is None and (check.rows, check.last_hash) != (rows, head):
            check = replace(check, broken_id=check.rows + 1, reason="the head of the chain does not match its rows")
        if check.broken_id is not None:
            raise ChainBroken(
                f"the verdict log {self.path} is broken at row {check.broken_id} ({check.reason}); "
                f"{nothing_done} — {WHAT_TO_DO}"
            )
        self._chain_checked = (rows, head)

    def head(self) -> tuple[int, str]:
        """(verdicts in the log, the last hash of its chain): what a printed sheet anchors."""
        with self._reading("reading the log's head") as conn:
            rows, head = conn.execute("SELECT rows, hash FROM log_head WHERE id = 1").fetchone()
        return rows, head

    # -- waiting for the shared server -----------------------------------------------

    def unsent(self) -> list[tuple[int, str, Content]]:
        """(local id, uid, content) of the verdicts waiting for the shared server, in log order."""
        with self._reading("reading unsent verdicts") as conn:
            return outbox.unsent_rows(conn)

    def count_unsent(self) -> int:
        with self._reading("counting unsent verdicts") as conn:
            return outbox.count_unsent(conn)

    def mark_sent(self, uids: Iterable[str]) -> None:
        """The shared server holds these now."""
        with self._writing("noting sent verdicts") as conn:
            outbox.mark_sent(conn, uids)

    def record_case(self, case: Case) -> None:
        """Remember the case's articles and the hash of their text (idempotent)."""
        key = case_key(case)
        now = format_time(dt.datetime.now(dt.UTC))
        with self._writing("recording the case") as conn:
            conn.execute(
                "INSERT INTO cases (key, path, first_seen) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET path = excluded.path WHERE cases.path = ''",
                [key, case.path, now],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO articles (case_key, file, text_hash, chars, title, first_seen) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(key, a.file, a.text_hash, a.chars, a.title, now) for a in case.articles],
            )

    # -- reading -------------------------------------------------------------------

    def latest(self, case_key: str) -> dict[str, dict[str, Verdict]]:
        """fingerprint -> editor -> that editor's current verdict (retracted ones left out)."""
        with self._reading("reading verdicts") as conn:
            rows = conn.execute(_LATEST, [case_key]).fetchall()
        result: dict[str, dict[str, Verdict]] = {}
        for row in sorted(rows, key=lambda r: (r[2], r[3])):
            verdict = verdict_of(row)
            result.setdefault(verdict.fingerprint, {})[verdict.editor] = verdict
        return result

    def history(self, case_key: str, fingerprint: str | None = None) -> list[Verdict]:
        """Every verdict of a case (or of one claim) in log order, retractions included."""
        sql, params = f"{SELECT_VERDICT} WHERE case_key = ? AND fingerprint NOT LIKE 'edit:%'", [case_key]
        if fingerprint is not None:
            sql, params = sql + " AND fingerprint = ?", [*params, fingerprint]
        with self._reading("reading verdicts") as conn:
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()
        return [verdict_of(r) for r in rows]

    def corrections(self, case_key: str) -> list[Verdict]:
        """The editors' corrections of a case and their withdrawals, in log order (see factdesk.corrections)."""
        with self._reading("reading corrections") as conn:
            rows = conn.execute(f"{SELECT_VERDICT} WHERE case_key = ? AND fingerprint LIKE 'edit:%' ORDER BY id",
                                [case_key]).fetchall()
        return [verdict_of(r) for r in rows]

    def case_keys(self) -> list[str]:
        """The cases that have verdicts, by name."""
        with self._reading("reading verdicts") as conn:
            return [r[0] for r in conn.execute("SELECT DISTINCT case_key FROM verdicts ORDER BY case_key")]

    def article_hashes(self, case_key: str) -> dict[str, set[str]]:
        """file -> every text hash recorded for it (an article edited since shows several)."""
        with self._reading("reading articles") as conn:
            rows = conn.execute("SELECT file, text_hash FROM articles WHERE case_key = ?", [case_key])
            result: dict[str, set[str]] = {}
            for file, text_hash in rows:
                result.setdefault(file, set()).add(text_hash)
        return result

    def count(self) -> int:
        with self._reading("counting verdicts") as conn:
            return conn.execute("SELECT rows FROM log_head WHERE id = 1").fetchone()[0]

    def verify(self, *, full: bool = False) -> VerifyReport:
        """Check SQLite's integrity, the append-only triggers, the whole hash chain and the signatures.

        The signatures a sound verification of this log checked before are not checked again while
        the chain still holds them (:mod:`factdesk.store.memo`); ``full=True`` checks every one.
        A sound log's (rows, head) is noted for the next verification.
        """
        known = [] if full else memo.checkpoints(self.path)
        with self._reading("verifying the log") as conn:
            report = verify_database(conn, known)
        if report.ok:
            memo.remember(self.path, report.rows, report.head)
        return report

    def backup(self, dest: str | Path, replace: bool = False) -> VerifyReport:
        """A consistent, verified copy of the log at ``dest`` (SQLite's online backup; writers may go on)."""
        with self._lock:
            return backup_database(self._conn, Path(dest), replace, known=memo.checkpoints(self.path))

    # -- exchange ------------------------------------------------------------------

    def export(self, fp: IO[str], format: str = "jsonl") -> int:
        """Write the whole log to a text file object; returns the number of verdicts."""
        with self._reading("exporting the log") as conn:
            return write_export(conn, fp, format)

    def export_to(self, dest: str | Path, format: str = "jsonl", replace: bool = False) -> int:
        """Write the whole log to the file ``dest`` (atomically, never over a link or device)."""
        return write_file_atomically(Path(dest), lambda fp: self.export(fp, format), replace, "export")

    def import_file(self, path: str | Path) -> ImportReport:
        """Merge an exported log: verify its chain, skip what is known, append the rest."""
        rows, findings = read_export(Path(path))
        added: list[Content] = []
        with self._writing("importing the log") as conn:
            self._refuse_broken_chain(conn, "nothing was imported")
            chain = _Appender(conn, scan_table=True)
            for content in rows:
                if chain.append(content)[1]:
                    added.append(content)
        return ImportReport.of(added, skipped=len(rows) - len(added), findings=findings)


class _Appender:
    """Adds rows at the end of the chain, inside one write transaction held by the caller.

    A verdict typed in is looked up in the uid index (a write stays a few
    milliseconds). An import (``scan_table``) reads the table itself
    (``NOT INDEXED``) once, so a damaged index cannot make every re-import
    duplicate rows (100,000 rows: about 0.1 s).
    """

    def __init__(self, conn: sqlite3.Connection, scan_table: bool = False):
        self.conn = conn
        self.rows, self.last_hash = conn.execute("SELECT rows, hash FROM log_head WHERE id = 1").fetchone()
        self.cases: set[str] = set()
        self._known: dict[str, int] | None = (
            dict(conn.execute("SELECT uid, id FROM verdicts NOT INDEXED")) if scan_table else None
        )

    def _find(self, uid: str) -> int | None:
        if self._known is not None:
            return self._known.get(uid)
        row = self.conn.execute("SELECT id FROM verdicts WHERE uid = ?", [uid]).fetchone()
        return row[0] if row else None

    def append(self, content: Content) -> tuple[int, bool]:
        """Store ``content`` unless a verdict with the same content is there: (row id, added?)."""
        canonical = content.canonical()
        uid = content_uid(canonical)
        known = self._find(uid)
        if known is not None:
            return known, False
        if content.case not in self.cases:
            self.conn.execute(
                "INSERT INTO cases (key, path, first_seen) VALUES (?, '', ?) ON CONFLICT (key) DO NOTHING",
                [content.case, content.created],
            )
            self.cases.add(content.case)
        row_id, prev_hash = self.rows + 1, self.last_hash
        digest = row_hash(prev_hash, row_id, uid)
        self.conn.execute(_INSERT_VERDICT, [row_id, *content, uid, prev_hash, digest])
        self.rows, self.last_hash = row_id, digest
        if self._known is not None:
            self._known[uid] = row_id
        return row_id, True
