"""One hash chain per case on a real PostgreSQL server: writers of one case queue, writers of others
do not; verify names the broken case; a log set up with the one global chain upgrades and verifies."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result

from benchmarks.pg_cluster import PgCluster, SharedDb
from factdesk.cli import cli
from factdesk.model import Verdict
from factdesk.store import VerdictLog
from factdesk.store.chain import GENESIS, case_genesis, content_uid
from factdesk.store.errors import ChainBroken, ImportRefused
from factdesk.store.exchange import read_export
from factdesk.store.rows import CONTENT_COLUMNS, content_of, normalise
from factdesk.store.server import ServerLog, SharedLog
from factdesk.store.server.schema import CREATE_MIGRATIONS_TABLE, MIGRATIONS, MIGRATIONS_TABLE, now_text

from ..helpers import verdict
from .test_offline import run_together, start_writer

_INSERT = (
    f"INSERT INTO verdicts ({', '.join(CONTENT_COLUMNS)}, uid) "
    f"VALUES ({', '.join(['%s'] * (len(CONTENT_COLUMNS) + 1))}) RETURNING id"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def insert(conn: psycopg.Connection, v: Verdict) -> int | None:
    """One verdict inserted by hand, unsigned, as an editor's connection would (the trigger chains it);
    its id, None when the log holds it already."""
    content = content_of(normalise(v))
    conn.execute("INSERT INTO cases (key, path, first_seen) VALUES (%s, '', %s) ON CONFLICT DO NOTHING",
                 [content.case, content.created])
    row = conn.execute(_INSERT, [*content, content_uid(content.canonical())]).fetchone()
    return row[0] if row else None


def rows_of(shared: SharedDb) -> list[tuple[int, str, str, str]]:
    """(id, case, prev_hash, hash) of every row, in id order."""
    with psycopg.connect(shared.superuser) as conn:
        return conn.execute("SELECT id, case_key, prev_hash, hash FROM verdicts ORDER BY id").fetchall()


def editor(shared: SharedDb, role: str = "ann", lock_timeout: str = "") -> psycopg.Connection:
    conn = psycopg.connect(shared.url(role))
    if lock_timeout:
        conn.execute(f"SET lock_timeout = '{lock_timeout}'")
        conn.commit()
    return conn


# -- concurrency -----------------------------------------------------------------------


def test_a_writer_holding_one_case_does_not_hold_up_another_case(shared: SharedDb) -> None:
    with ServerLog(shared.url("ann")) as ann:
        ann.record_many([verdict("fp-0", case="case-a"), verdict("fp-0", case="case-b")])
    holder = editor(shared, "ann")
    try:
        insert(holder, verdict("fp-1", case="case-a"))  # case-a's head row is locked until this commits
        other = editor(shared, "bob", lock_timeout="500ms")
        try:
            insert(other, verdict("fp-2", case="case-b"))  # another case: no wait
            insert(other, verdict("fp-3", case="case-new"))  # a case's first verdict: no wait either
            other.commit()
            with pytest.raises(psycopg.errors.LockNotAvailable):  # the same case: it queues
                insert(other, verdict("fp-4", case="case-a"))
            other.rollback()
        finally:
            other.close()
        holder.commit()
    finally:
        holder.close()
    with ServerLog(shared.url("desk"), readonly=True) as desk:
        report = desk.verify()
    assert report.ok and report.rows == 5 and report.chains == 3, report


def test_the_second_writer_of_a_case_links_to_the_first_once_it_commits(shared: SharedDb) -> None:
    first, second = editor(shared, "ann"), editor(shared, "bob")
    try:
        first_id = insert(first, verdict("fp-1", "ann"))
        done: list[int] = []
        waiting = threading.Thread(target=lambda: done.append(insert(second, verdict("fp-2", "bob"))))
        waiting.start()
        waiting.join(0.5)
        assert not done  # queued on the case's head row
        first.commit()
        waiting.join(30)
        second.commit()
    finally:
        first.close()
        second.close()
    (a_id, _, a_prev, a_hash), (b_id, _, b_prev, _) = rows_of(shared)
    assert (a_id, b_id) == (first_id, done[0]) and first_id < done[0]
    assert a_prev == case_genesis(GENESIS, "case-a") and b_prev == a_hash  # one chain, not two from its start


def test_two_processes_on_the_same_case_never_fork_its_chain(shared: SharedDb, tmp_path: Path) -> None:
    writers = [start_writer(shared.url(role), tmp_path / f"{role}.sqlite3", role, 300, "wait")
               for role in ("ann", "bob")]
    run_together(writers, 300)
    rows = rows_of(shared)
    assert len(rows) == 600 and {case for _, case, _, _ in rows} == {"race"}
    prevs = [prev for _, _, prev, _ in rows]
    assert len(set(prevs)) == 600  # no two rows link to the same one
    assert prevs == [case_genesis(GENESIS, "race"), *(h for _, _, _, h in rows[:-1])]  # in id order, one chain
    with ServerLog(shared.url("desk"), readonly=True) as desk:
        assert desk.verify().ok


def test_transactions_over_several_cases_take_them_in_one_order(shared: SharedDb) -> None:
    """``record_many([b, a])`` takes case-a's head first: a writer holding case-a and then wanting
    case-b is not caught in a deadlock with it."""
    with ServerLog(shared.url("ann")) as ann:
        ann.record_many([verdict("fp-0", case="case-a"), verdict("fp-0", case="case-b")])
    holder = editor(shared, "ann", lock_timeout="20s")
    try:
        insert(holder, verdict("fp-1", case="case-a"))
        with ServerLog(shared.url("bob")) as bob:
            stored: list[list[Verdict]] = []
            both = [verdict("fp-2", "bob", case="case-b"), verdict("fp-2", "bob", case="case-a")]
            thread = threading.Thread(target=lambda: stored.append(bob.record_many(both)))
            thread.start()
            thread.join(0.5)
            insert(holder, verdict("fp-3", case="case-b"))  # would wait for bob if bob held case-b already
            holder.commit()
            thread.join(30)
    finally:
        holder.close()
    assert [v.case for v in stored[0]] == ["case-b", "case-a"]  # returned in the order given
    with ServerLog(shared.url("desk"), readonly=True) as desk:
        assert desk.verify().ok and [v.fingerprint for v in desk.history("case-b")] == ["fp-0", "fp-3", "fp-2"]


# -- verify ------------------------------------------------------------------------------


def tamper(shared: SharedDb, sql: str, *params: object) -> None:
    with psycopg.connect(shared.superuser, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # a superuser going round the triggers
        conn.execute(sql, list(params))  # type: ignore[arg-type]


def three_cases(shared: SharedDb) -> dict[str, list[int]]:
    ids: dict[str, list[int]] = {}
    with ServerLog(shared.url("ann")) as ann:
        for i in range(4):
            for case in ("case-a", "case-b", "case-c"):
                ids.setdefault(case, []).append(ann.record(verdict(f"fp-{i}", case=case)).id or 0)
    return ids


def test_verify_names_the_case_of_a_tampered_row_and_walks_the_others(shared: SharedDb) -> None:
    ids = three_cases(shared)
    tamper(shared, "UPDATE verdicts SET note = 'nothing to see' WHERE id = %s", ids["case-b"][2])
    tamper(shared, "UPDATE verdicts SET editor = 'mallory' WHERE id = %s", ids["case-c"][3])
    result = run("log", "verify", "--db", shared.url("desk"))
    assert result.exit_code == 1
    row = ids["case-b"][2]
    assert result.output.splitlines()[0] == (
        f"BROKEN at row {row}: row {row} of case 'case-b' does not match its hash: it was changed after it "
        f"was written; also broken: case 'case-c' at row {ids['case-c'][3]}"
    )


def test_verify_notices_a_case_s_last_verdict_deleted_and_a_moved_or_removed_head(shared: SharedDb) -> None:
    ids = three_cases(shared)
    with ServerLog(shared.url("desk"), readonly=True) as desk:
        tamper(shared, "UPDATE case_heads SET hash = repeat('0', 64) WHERE case_key = 'case-c'")
        assert desk.verify().reason == "the head of the chain of case 'case-c' was altered"
        tamper(shared, "DELETE FROM case_heads WHERE case_key = 'case-b'")
        assert desk.verify().reason == "the head of the chain of case 'case-b' was removed"
        tamper(shared, "DELETE FROM verdicts WHERE id = %s", ids["case-a"][-1])
        report = desk.verify()
        assert not report.ok
        assert report.reason == f"the last verdicts of case 'case-a' were deleted (after row {ids['case-a'][-2]})"
        tamper(shared, "DELETE FROM verdicts WHERE id = %s", ids["case-a"][1])
        report = desk.verify()  # one in the middle: the row after it no longer links
        assert (report.broken_id, report.reason) == (ids["case-a"][2], (
            f"row {ids['case-a'][2]} of case 'case-a' no longer follows the case's chain: row {ids['case-a'][0]} "
            "was changed or replaced, or a verdict after it was deleted"))


def test_sync_walks_each_case_on_from_its_own_head(shared: SharedDb, tmp_path: Path) -> None:
    """A verdict given its id before another case's, but committed after sync looked: the next sync
    still walks it (a checkpoint of one id for the whole log would skip it)."""
    local = tmp_path / "local.sqlite3"
    three_cases(shared)
    late = editor(shared, "bob")
    try:
        late_id = insert(late, verdict("fp-late", "bob", case="case-a"))
        with SharedLog(shared.url("ann"), local) as log:
            with ServerLog(shared.url("ann")) as ann:
                later_id = ann.record(verdict("fp-later", case="case-b")).id or 0
            assert later_id > late_id
            assert log.sync().rows == 13  # case-b on to its new row; case-a's late row not committed yet
            late.commit()
            assert log.sync().rows == 14  # walked on from case-a's head: the late row is there, in order
            with ServerLog(shared.url("ann")) as ann:
                after_id = ann.record(verdict("fp-after", case="case-a")).id
            tamper(shared, "UPDATE verdicts SET note = 'x' WHERE id = %s", after_id)
            with VerdictLog(local) as waiting:
                waiting.record_many([verdict("fp-9")], unsent=True)
            with pytest.raises(ChainBroken, match=f"BROKEN at row {after_id}: row {after_id} of case 'case-a'"):
                log.sync()
            assert log.status().waiting == 1
    finally:
        late.close()


# -- export and import -----------------------------------------------------------------


def test_the_servers_export_keeps_its_case_chains_and_imports_anywhere(shared: SharedDb, tmp_path: Path) -> None:
    three_cases(shared)
    with ServerLog(shared.url("desk"), readonly=True) as desk:
        head = desk.verify().head
    for fmt in ("jsonl", "csv"):
        out = tmp_path / f"server.{fmt}"
        assert run("log", "export", "--db", shared.url("desk"), "-o", str(out), "--format", fmt).exit_code == 0
        contents, _ = read_export(out)
        assert len(contents) == 12
        local = tmp_path / f"from-{fmt}.sqlite3"
        assert run("log", "import", str(out), "--db", str(local)).output.startswith("added 12 verdicts")
        assert run("log", "verify", "--db", str(local)).exit_code == 0
    header = json.loads((tmp_path / "server.jsonl").read_text().splitlines()[0])
    assert (header["version"], header["rows"], header["head"]) == (3, 12, head)
    # a row of one case changed in the file: refused, naming it
    lines = (tmp_path / "server.jsonl").read_text().splitlines()
    record = json.loads(lines[5])
    record["note"] = "rewritten"
    lines[5] = json.dumps(record, ensure_ascii=False)
    (tmp_path / "bad.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(ImportRefused, match=f"row {record['id']} of case '{record['case']}' does not match"):
        read_export(tmp_path / "bad.jsonl")


# -- a log from before the case chains ---------------------------------------------------


def old_log(pg: PgCluster) -> SharedDb:
    """A shared log with only the schema steps before 0006 (one chain for the whole log)."""
    db = SharedDb(pg, pg.create_log())
    before = [step for step in MIGRATIONS if step.name < "0006"]
    assert len(before) == 5
    with psycopg.connect(db.owner) as conn:
        conn.execute(CREATE_MIGRATIONS_TABLE)
        for step in before:
            conn.execute(step.sql)  # type: ignore[arg-type]
            conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name, applied) VALUES (%s, %s)", [step.name, now_text()])
    return db


def test_a_log_with_the_one_global_chain_upgrades_and_still_verifies(pg: PgCluster, tmp_path: Path) -> None:
    db = old_log(pg)
    with psycopg.connect(db.url("ann")) as conn:  # written by the old trigger: ids 1-5, one chain
        old = [verdict(f"fp-{i}", case=("case-a", "case-b")[i % 2]) for i in range(5)]
        assert [insert(conn, v) for v in old] == [1, 2, 3, 4, 5]
        old_head = conn.execute("SELECT hash FROM log_head").fetchone()[0]  # type: ignore[index]
    assert "needs upgrading (schema step 0006_chain_per_case)" in str(run("log", "show", "--db", db.url("ann")).output)
    ServerLog(db.owner).close()  # the owner opens it: the step is applied
    with ServerLog(db.url("desk"), readonly=True) as desk:
        report = desk.verify()
        assert report.ok and (report.rows, report.chains, report.head) == (5, 0, old_head), report
    with psycopg.connect(db.url("ann")) as conn:
        assert insert(conn, old[0]) is None  # sent again: still stored once, in the old chain
    with ServerLog(db.url("ann")) as ann:
        ann.record_many([verdict(f"fp-{i}", case=case) for i, case in ((5, "case-a"), (6, "case-c"), (7, "case-a"))])
        assert ann.count() == 8
        assert [v.fingerprint for v in ann.history("case-a")] == ["fp-0", "fp-2", "fp-4", "fp-5", "fp-7"]
    rows = rows_of(db)
    assert [r[0] for r in rows[:5]] == [1, 2, 3, 4, 5] and all(r[0] > 5 for r in rows[5:])
    firsts = {case: prev for _, case, prev, _ in reversed(rows[5:])}
    assert firsts == {case: case_genesis(old_head, case) for case in ("case-a", "case-c")}  # anchored at the switch
    result = run("log", "verify", "--db", db.url("desk"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "ok: 8 verdicts, hash chains intact, append-only protection in place",
        "signatures: 3 valid, 5 unsigned (written before signing)",
        "chains: one per case (2 cases), after 5 verdicts in one chain from before",
    ]
    out = tmp_path / "upgraded.jsonl"  # its export holds both kinds of chain, and imports
    assert run("log", "export", "--db", db.url("desk"), "-o", str(out)).exit_code == 0
    assert run("log", "import", str(out), "--db", str(tmp_path / "copy.sqlite3")).output.startswith("added 8")
    tamper(db, "UPDATE verdicts SET note = 'x' WHERE id = 2")  # a row of the old chain
    result = run("log", "verify", "--db", db.url("desk"))
    assert result.output.splitlines()[0] == (
        "BROKEN at row 2: row 2 does not match its hash: it was changed after it was written"
    )
