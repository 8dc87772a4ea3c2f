"""The shared verdict log on a PostgreSQL server: the same interface as :class:`~factdesk.store.VerdictLog`.

    with ServerLog("postgresql://ann@db.newsroom/factdesk") as log:
        log.record(verdict)

Every failure is a :class:`~factdesk.store.StoreError`; one that means "the server
cannot be reached now" is a :class:`ServerUnreachable`, which
:class:`~factdesk.store.server.shared.SharedLog` answers by writing to the local log.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import IO

import psycopg

from factdesk.model import Case, Verdict
from factdesk.store.backup import write_file_atomically
from factdesk.store.chain import GENESIS, CaseHead, Content, content_uid, format_time, log_head_of
from factdesk.store.claims import case_key
from factdesk.store.exchange import CASE_CHAINS_VERSION, EXPORT_VERSION, ImportReport, read_export, write_export
from factdesk.store.rows import CONTENT_COLUMNS, SELECT_VERDICT, VERDICT_FIELDS_SQL, content_of, normalise, verdict_of
from factdesk.store.server import memo as server_memo
from factdesk.store.server.errors import ServerRefused, redact, translate, translate_connect
from factdesk.store.server.memo import server_identity
from factdesk.store.server.schema import (
    CREATE_MIGRATIONS_TABLE,
    MIGRATIONS,
    MIGRATIONS_TABLE,
    SCHEMA_LOCK,
    now_text,
)
from factdesk.store.server.verify import ServerCheckpoint, verify_server
from factdesk.store.signing import sign_all
from factdesk.store.verify import VerifyReport

_INSERT_VERDICT = (
    f"INSERT INTO verdicts ({', '.join(CONTENT_COLUMNS)}, uid) "
    f"VALUES ({', '.join(['%s'] * (len(CONTENT_COLUMNS) + 1))}) RETURNING id"
)
_INSERT_CASE = "INSERT INTO cases (key, path, first_seen) VALUES (%s, %s, %s) ON CONFLICT (key) DO NOTHING"
# corrections (fingerprint ``edit:...``, see factdesk.corrections) are read apart from the verdicts
_VERDICTS_ONLY = "NOT starts_with(fingerprint, 'edit:')"
_LATEST = f"""
WITH last AS (
  SELECT max(id) AS id FROM verdicts WHERE case_key = %s AND {_VERDICTS_ONLY} GROUP BY fingerprint, editor
)
SELECT {VERDICT_FIELDS_SQL} FROM last JOIN verdicts USING (id) WHERE verdict <> 'retracted'
"""
# one import or sync at a time (their report of what was already there stays exact)
_IMPORT_LOCK = 0x66647369
IMPORT_BATCH = 1000


class ServerLog:
    """The verdict log in the PostgreSQL database at ``url`` (a libpq URL or ``key=value`` string).

    Opening as the database owner applies the missing schema steps; an editor
    (role ``factdesk_editor``) needs them applied already. ``readonly=True``
    only reads. Safe to share between threads; one connection per log.
    """

    def __init__(self, url: str, *, readonly: bool = False, connect_timeout: int = 5):
        self.url = url
        self.label = redact(url)
        self.readonly = readonly
        self.connect_timeout = connect_timeout
        self._lock = threading.RLock()
        self._conn: psycopg.Connection | None = None
        self._known_cases: set[str] = set()
        self._connection()
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    # -- plumbing ------------------------------------------------------------------

    @property
    def path(self) -> str:
        return self.label

    def _connection(self) -> psycopg.Connection:
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        self._drop()
        try:
            self._conn = psycopg.connect(
                self.url, autocommit=True, connect_timeout=self.connect_timeout, application_name="factdesk"
            )
        except psycopg.Error as exc:
            raise translate_connect(exc, self.label) from None
        return self._conn

    def _drop(self) -> None:
        if self._conn is not None:
            with suppress(Exception):
                self._conn.close()
        self._conn = None
        self._known_cases.clear()

    @property
    def role(self) -> str:
        return self._conn.info.user if self._conn is not None else "?"

    @contextmanager
    def _transaction(self, doing: str, *, read: bool = False, single: bool = False) -> Iterator[psycopg.Connection]:
        """One transaction (a consistent snapshot when ``read``); psycopg errors become StoreErrors.

        ``single``: each statement is its own transaction (the connection is in autocommit), for
        a write of one statement that would otherwise wait for a BEGIN and a COMMIT besides.
        """
        with self._lock:
            conn = self._connection()
            try:
                if single:
                    yield conn
                    return
                with conn.transaction():
                    if read:
                        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    yield conn
            except psycopg.Error as exc:
                error = translate(exc, self.label, doing, self.role)
                if conn.broken or conn.closed:
                    self._drop()
                raise error from None
            except BaseException:
                if conn.broken or conn.closed:
                    self._drop()
                raise

    def _migrate(self) -> None:
        with self._transaction("opening the shared log", read=True) as conn:
            has_table = conn.execute("SELECT to_regclass(%s) IS NOT NULL", [MIGRATIONS_TABLE]).fetchone()
            applied = (
                {r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
                if has_table and has_table[0] else set()
            )
        known = {m.name for m in MIGRATIONS}
        if applied - known:
            from factdesk.store.errors import SchemaTooNew

            raise SchemaTooNew(
                f"the shared verdict log {self.label} was set up by a newer factdesk "
                f"(schema step {min(applied - known)}); update factdesk to use it"
            )
        if known <= applied:
            return
        missing = f"needs upgrading (schema step {min(known - applied)})" if applied else "has no factdesk tables yet"
        if self.readonly:
            raise ServerRefused(f"the shared verdict log {self.label} {missing}: {_SETUP_HINT}")
        owner = self._database_owner()
        if owner != self.role:
            raise ServerRefused(
                f"the shared verdict log {self.label} {missing} and the role {self.role} "
                f"may not {'upgrade' if applied else 'create'} them: {_SETUP_HINT}"
            )
        with self._transaction("setting up the shared log") as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEMA_LOCK])
            conn.execute(CREATE_MIGRATIONS_TABLE)
            applied = {r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
            for step in MIGRATIONS:
                if step.name not in applied:
                    conn.execute(step.sql)  # type: ignore[arg-type]  # our own fixed text
                    conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name, applied) VALUES (%s, %s)",
                                 [step.name, now_text()])

    def _database_owner(self) -> str:
        with self._transaction("opening the shared log", read=True) as conn:
            row = conn.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
            ).fetchone()
        return row[0] if row else ""

    def close(self) -> None:
        with self._lock:
            self._drop()

    def __enter__(self) -> ServerLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ServerLog({self.label!r})"

    # -- writing -------------------------------------------------------------------

    def record(self, verdict: Verdict) -> Verdict:
        return self.record_many([verdict])[0]

    def record_many(self, verdicts: Iterable[Verdict]) -> list[Verdict]:
        """Append several verdicts in one transaction (all or none); known ones are not added again."""
        prepared = [normalise(v) for v in verdicts]
        ids = self.append(sign_all([content_of(v) for v in prepared]), "recording the verdict")
        return [replace(v, id=row_id) for v, (row_id, _) in zip(prepared, ids, strict=True)]

    def append(self, contents: Sequence[Content], doing: str = "recording the verdict") -> list[tuple[int, bool]]:
        """Store each content unless its uid is there already: [(row id, added?)], in one transaction.

        One content is one INSERT, its own transaction: one round trip to the server, not three
        (a case new to this connection is added first, on its own: a case without verdicts is harmless).
        """
        with self._transaction(doing, single=len(contents) == 1) as conn:
            return self._append(conn, contents)

    def _append(self, conn: psycopg.Connection, contents: Sequence[Content]) -> list[tuple[int, bool]]:
        order = _by_case(contents)
        new_cases = {contents[i].case: contents[i].created for i in order if contents[i].case not in self._known_cases}
        for key, created in new_cases.items():
            conn.execute(_INSERT_CASE, [key, "", created])
        result: list[tuple[int, bool]] = [(0, False)] * len(contents)
        for i in order:
            uid = content_uid(contents[i].canonical())
            row = conn.execute(_INSERT_VERDICT, [*contents[i], uid]).fetchone()
            if row is None:  # already in the log: the trigger skipped it
                known = conn.execute("SELECT id FROM verdicts WHERE uid = %s", [uid]).fetchone()
                result[i] = (known[0] if known else 0, False)
            else:
                result[i] = (row[0], True)
        self._known_cases.update(new_cases)
        return result

    def record_case(self, case: Case) -> None:
        """Remember the case's articles and the hash of their text (idempotent)."""
        import datetime as dt

        key = case_key(case)
        now = format_time(dt.datetime.now(dt.UTC))
        with self._transaction("recording the case") as conn:
            conn.execute(_INSERT_CASE, [key, case.path or "", now])
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO articles (case_key, file, text_hash, chars, title, first_seen) "
                    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    [(key, a.file, a.text_hash, a.chars, a.title, now) for a in case.articles],
                )
        self._known_cases.add(key)

    # -- reading -------------------------------------------------------------------

    def latest(self, case_key: str) -> dict[str, dict[str, Verdict]]:
        with self._transaction("reading verdicts", read=True) as conn:
            rows = conn.execute(_LATEST, [case_key]).fetchall()
        result: dict[str, dict[str, Verdict]] = {}
        for row in sorted(rows, key=lambda r: (r[2], r[3])):
            verdict = verdict_of(row)
            result.setdefault(verdict.fingerprint, {})[verdict.editor] = verdict
        return result

    def history(self, case_key: str, fingerprint: str | None = None) -> list[Verdict]:
        sql, params = f"{SELECT_VERDICT} WHERE case_key = %s AND {_VERDICTS_ONLY}", [case_key]
        if fingerprint is not None:
            sql, params = sql + " AND fingerprint = %s", [*params, fingerprint]
        with self._transaction("reading verdicts", read=True) as conn:
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()  # type: ignore[arg-type]
        return [verdict_of(r) for r in rows]

    def corrections(self, case_key: str) -> list[Verdict]:
        """The editors' corrections of a case and their withdrawals, in log order (see factdesk.corrections)."""
        sql = f"{SELECT_VERDICT} WHERE case_key = %s AND starts_with(fingerprint, 'edit:') ORDER BY id"
        with self._transaction("reading corrections", read=True) as conn:
            rows = conn.execute(sql, [case_key]).fetchall()  # type: ignore[arg-type]
        return [verdict_of(r) for r in rows]

    def case_keys(self) -> list[str]:
        with self._transaction("reading verdicts", read=True) as conn:
            return [r[0] for r in conn.execute("SELECT DISTINCT case_key FROM verdicts ORDER BY case_key")]

    def article_hashes(self, case_key: str) -> dict[str, set[str]]:
        with self._transaction("reading articles", read=True) as conn:
            rows = conn.execute("SELECT file, text_hash FROM articles WHERE case_key = %s", [case_key]).fetchall()
        result: dict[str, set[str]] = {}
        for file, text_hash in rows:
            result.setdefault(file, set()).add(text_hash)
        return result

    def count(self) -> int:
        """The global chain's rows (from before the switch to case chains) and every case chain's."""
        with self._transaction("counting verdicts", read=True) as conn:
            row = conn.execute(
                "SELECT (SELECT rows FROM log_head WHERE id = 1)"
                " + (SELECT coalesce(sum(rows), 0) FROM case_heads)::bigint"
            ).fetchone()
        return row[0] if row and row[0] is not None else 0

    def has_uids(self, uids: Iterable[str]) -> set[str]:
        """Which of ``uids`` the server holds."""
        wanted = list(uids)
        if not wanted:
            return set()
        with self._transaction("reading verdicts", read=True) as conn:
            rows = conn.execute("SELECT uid FROM verdicts WHERE uid = ANY(%s)", [wanted]).fetchall()
        return {r[0] for r in rows}

    def verify(self, after: ServerCheckpoint | None = None, *, full: bool = False) -> VerifyReport:
        """Walk every chain (or on from ``after``, the checkpoint of an earlier report of this process),
        check the heads, the append-only triggers, the grants, then the signatures; an intact log's
        report carries its checkpoint.

        The signatures a sound verify of this server's log checked before (noted in the memo,
        :mod:`factdesk.store.server.memo`) are not checked again while their chains still hold them;
        ``full=True`` checks every one (``factdesk log verify``). A sound log's checkpoint is noted
        for the next verify.
        """
        with self._transaction("verifying the shared log", read=True) as conn:
            identity = server_identity(conn)
            known = None if full or after is not None else server_memo.recall(identity)
            report = verify_server(conn, after, known)
        if report.ok and report.checkpoint is not None:
            server_memo.remember(identity, report.checkpoint)
        return report

    # -- exchange ------------------------------------------------------------------

    def export(self, fp: IO[str], format: str = "jsonl") -> int:
        """Every row as the server chained it; once there are case chains, an export of version 3."""
        with self._transaction("exporting the log", read=True) as conn:
            found = conn.execute("SELECT rows, hash FROM log_head WHERE id = 1").fetchone()
            rows, anchor = found if found else (0, GENESIS)
            heads = {
                key: CaseHead(*head)
                for key, *head in conn.execute("SELECT case_key, rows, last_id, hash FROM case_heads WHERE rows > 0")
            }
            total = rows + sum(head.rows for head in heads.values())
            version = CASE_CHAINS_VERSION if heads else EXPORT_VERSION
            return write_export(conn, fp, format, (total, log_head_of(anchor, heads)), version)

    def export_to(self, dest: str | Path, format: str = "jsonl", replace: bool = False) -> int:
        """Write the whole server log to the file ``dest`` (atomically, never over a link or device)."""
        return write_file_atomically(Path(dest), lambda fp: self.export(fp, format), replace, "export")

    def import_file(self, path: str | Path) -> ImportReport:
        """Merge an exported log: its chain is checked first, verdicts already on the server are skipped."""
        rows, findings = read_export(Path(path))
        return replace(self.import_contents(rows, "importing the log"), findings=findings)

    def import_contents(self, rows: Sequence[Content], doing: str) -> ImportReport:
        """Append the rows the server does not hold, in order, a batch per transaction.

        Batches, because every verdict moves its case's head row: a single transaction of
        100,000 verdicts would leave thousands of versions of each for the next ones to step over,
        and hold every case's lock until it commits. An import cut short is simply run again
        (known verdicts are skipped).
        """
        with self._transaction(doing, read=True) as conn:
            known = {r[0] for r in conn.execute("SELECT uid FROM verdicts")}
        fresh: list[Content] = []
        for content in rows:
            uid = content_uid(content.canonical())
            if uid not in known:
                known.add(uid)
                fresh.append(content)
        for start in range(0, len(fresh), IMPORT_BATCH):
            with self._transaction(doing) as conn:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK])
                self._append_many(conn, fresh[start : start + IMPORT_BATCH])
        return ImportReport.of(fresh, skipped=len(rows) - len(fresh))

    def _append_many(self, conn: psycopg.Connection, contents: Sequence[Content]) -> None:
        """Many rows at once (pipelined; no ids read back), case by case (see :func:`_by_case`)."""
        contents = [contents[i] for i in _by_case(contents)]
        cases = {c.case: c.created for c in contents if c.case not in self._known_cases}
        with conn.cursor() as cur:
            if cases:
                cur.executemany(_INSERT_CASE, [(k, "", t) for k, t in cases.items()])
            cur.executemany(
                _INSERT_VERDICT.removesuffix(" RETURNING id"),
                [(*c, content_uid(c.canonical())) for c in contents],
            )
        self._known_cases.update(cases)


def _by_case(contents: Sequence[Content]) -> list[int]:
    """The positions of ``contents`` sorted by case, each case's in their order.

    A transaction holds each case's head row from its first verdict of the case to its commit;
    taking the cases in one order everywhere means two transactions never wait for each other
    in a circle (a deadlock), whichever cases they share.
    """
    return sorted(range(len(contents)), key=lambda i: contents[i].case)


_SETUP_HINT = (
    "the newsroom's administrator runs server/setup.sql, then `factdesk log sync --db URL` once "
    "as factdesk_owner (see the README, “A newsroom's shared log”)"
)

