"""Offline first, against a real server: many writers at once, the server stopped or restarted mid-write,
a connection lost mid-transaction; every verdict arrives exactly once after `log sync`."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result

from benchmarks.pg_cluster import PgCluster, SharedDb
from factdesk.cli import cli
from factdesk.store import VerdictLog
from factdesk.store.chain import content_uid
from factdesk.store.errors import ChainBroken
from factdesk.store.rows import content_of, normalise
from factdesk.store.server import ServerLog, ServerRefused, SharedLog
from factdesk.store.signing import sign_all

from ..helpers import REPO, child_env, verdict

WRITER = Path(__file__).with_name("server_writer_proc.py")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def start_writer(url: str, local: Path, editor: str, count: int, *flags: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), url, str(local), editor, str(count), *flags],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=child_env(), cwd=REPO,
    )


def run_together(writers: list[subprocess.Popen[str]], each: int) -> None:
    """Wait until every writer is ready, start them all at once, and check each sent ``each`` verdicts."""
    for w in writers:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready", w.stderr and w.stderr.read()
    for w in writers:  # all open: off they go together
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        out, err = w.communicate(timeout=240)
        assert w.returncode == 0, err
        assert out.split().count("server") == each  # none had to fall back on its local log


def server_rows(shared: SharedDb) -> list[tuple[str, str]]:
    """(fingerprint, uid) of every row on the server, in log order."""
    with psycopg.connect(shared.superuser) as conn:
        return [(r[0], r[1]) for r in conn.execute("SELECT fingerprint, uid FROM verdicts ORDER BY id")]


def test_eight_processes_of_500_verdicts_make_4000_rows_and_unforked_chains(shared: SharedDb, tmp_path: Path) -> None:
    """Each process goes round the same three cases: every case has eight writers at once."""
    writers = [start_writer(shared.url("ann" if i % 2 else "bob"), tmp_path / f"local{i}.sqlite3", f"w{i}", 500,
                            "wait", "cases=3") for i in range(8)]
    run_together(writers, 500)
    rows = server_rows(shared)
    assert len(rows) == 4000
    assert len({fp for fp, _ in rows}) == 4000
    with ServerLog(shared.url("desk"), readonly=True) as log:
        report = log.verify()
    assert report.ok and report.rows == 4000 and report.chains == 3, report
    with psycopg.connect(shared.superuser) as conn:
        links = conn.execute("SELECT case_key, count(*), count(DISTINCT prev_hash) FROM verdicts GROUP BY 1").fetchall()
    assert sorted(links) == [(f"race-{n}", rows, rows) for n, rows in enumerate((1336, 1336, 1328))]  # no fork


def _acks(proc: subprocess.Popen[str], n: int) -> list[tuple[str, str]]:
    assert proc.stdout is not None
    got = []
    for _ in range(n):
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else ""
        where, fingerprint = line.split()
        got.append((where, fingerprint))
    return got


def test_server_stopped_during_a_write_loop(pg: PgCluster, shared: SharedDb, tmp_path: Path) -> None:
    local = tmp_path / "local.sqlite3"
    proc = start_writer(shared.url("ann"), local, "ann", 120, "pause")
    acks = _acks(proc, 30)
    try:
        pg.stop("fast")  # clients are cut off, mid-write or between writes
        acks += _acks(proc, 40)
    finally:
        pg.start()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    acks += [tuple(line.split()) for line in out.splitlines()]  # type: ignore[misc]
    assert len(acks) == 120
    offline = [fp for where, fp in acks if where == "local"]
    assert len(offline) >= 30  # the stop was noticed: those wait in the local log
    with VerdictLog(local) as log:
        assert log.count_unsent() == len(offline)
        assert {c.fingerprint for _, _, c in log.unsent()} == set(offline)
    assert not {fp for fp, _ in server_rows(shared)} & set(offline)

    result = run("log", "sync", "--db", shared.url("ann"), "--local", str(local))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"sent {len(offline)} verdicts to ")
    assert "holds 120 verdicts, hash chain intact" in result.output
    rows = server_rows(shared)
    assert sorted(fp for fp, _ in rows) == sorted(f"ann-{i}" for i in range(120))  # each exactly once
    again = run("log", "sync", "--db", shared.url("ann"), "--local", str(local))
    assert again.output.startswith("nothing waiting to be sent; the shared log holds 120 verdicts")
    assert len(server_rows(shared)) == 120


def _wait_for_blocked_backend(shared: SharedDb, user: str) -> int:
    """The pid of ``user``'s backend once it waits on a lock (it is inside its write transaction)."""
    with psycopg.connect(shared.superuser, autocommit=True) as conn:
        for _ in range(500):
            row = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE usename = %s AND wait_event_type = 'Lock'", [user]
            ).fetchone()
            if row:
                return row[0]
            time.sleep(0.01)
    raise AssertionError(f"{user} never got into its transaction")


def _record_in_thread(log: SharedLog, uid_of: dict[str, str]) -> threading.Thread:
    v = verdict("fp-held", "ann", note="typed while the line dropped")
    uid_of["uid"] = content_uid(sign_all([content_of(normalise(v))])[0].canonical())  # as the log signs it

    def work() -> None:
        log.record(v)

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def _hold_the_head(shared: SharedDb) -> psycopg.Connection:
    conn = psycopg.connect(shared.superuser)
    conn.execute("LOCK TABLE case_heads IN ACCESS EXCLUSIVE MODE")  # the editor's insert will queue behind it
    return conn


def test_a_connection_lost_mid_transaction_loses_and_doubles_nothing(shared: SharedDb, tmp_path: Path) -> None:
    local = tmp_path / "local.sqlite3"
    with SharedLog(shared.url("ann"), local) as log:
        log.record(verdict("fp-before"))
        holder = _hold_the_head(shared)
        uid: dict[str, str] = {}
        thread = _record_in_thread(log, uid)
        pid = _wait_for_blocked_backend(shared, "ann")
        with psycopg.connect(shared.superuser, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        holder.rollback()
        holder.close()
        thread.join(30)
        log.sync()
        assert log.status().waiting == 0
    rows = server_rows(shared)
    assert [u for _, u in rows].count(uid["uid"]) == 1
    assert len(rows) == 2


def test_server_restarted_mid_write(pg: PgCluster, shared: SharedDb, tmp_path: Path) -> None:
    local = tmp_path / "local.sqlite3"
    log = SharedLog(shared.url("ann"), local)
    holder = _hold_the_head(shared)
    uid: dict[str, str] = {}
    thread = _record_in_thread(log, uid)
    _wait_for_blocked_backend(shared, "ann")
    try:
        pg.stop("fast")
        thread.join(30)
    finally:
        pg.start()
    holder.close()
    assert log.last_write_offline  # the verdict waits in the local log
    report = log.sync()
    log.close()
    assert report.sent == 1 and report.rows == 1
    assert [u for _, u in server_rows(shared)] == [uid["uid"]]


def test_a_send_whose_answer_was_lost_is_not_stored_twice(shared: SharedDb, tmp_path: Path) -> None:
    local = tmp_path / "local.sqlite3"
    v = verdict("fp-1", "ann")
    with VerdictLog(local) as log:
        log.record_many([v], unsent=True)
    with ServerLog(shared.url("ann")) as server:
        server.record(v)  # it had reached the server before the line dropped
    result = run("log", "sync", "--db", shared.url("ann"), "--local", str(local))
    assert result.output.startswith("sent 0 verdicts to"), result.output
    assert "1 verdict had arrived already and were not stored twice" in result.output
    assert len(server_rows(shared)) == 1
    with VerdictLog(local) as log:
        assert log.count_unsent() == 0


def test_sync_refuses_to_send_onto_a_broken_chain(shared: SharedDb, tmp_path: Path) -> None:
    local = tmp_path / "local.sqlite3"
    with ServerLog(shared.url("ann")) as server:
        server.record(verdict("fp-0"))
    with psycopg.connect(shared.superuser, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("UPDATE verdicts SET editor = 'mallory' WHERE id = 1")
    with VerdictLog(local) as log:
        log.record_many([verdict("fp-1")], unsent=True)
    result = run("log", "sync", "--db", shared.url("ann"), "--local", str(local))
    assert result.exit_code == 1
    assert "fails its check (BROKEN at row 1" in result.output and "nothing was sent" in result.output
    with VerdictLog(local) as log:
        assert log.count_unsent() == 1


def test_an_unreachable_server_is_one_line_and_the_waiting_count(pg: PgCluster, tmp_path: Path) -> None:
    local = tmp_path / "local.sqlite3"
    with VerdictLog(local) as log:
        log.record_many([verdict("fp-1"), verdict("fp-2")], unsent=True)
    nowhere = f"postgresql://ann:ann-pw@/factdesk?host={tmp_path}&port=1"
    result = run("log", "sync", "--db", nowhere, "--local", str(local))
    assert result.exit_code == 1
    line = result.output.strip()
    assert line.startswith("Error: cannot reach the shared verdict log postgresql://ann@/factdesk")
    assert line.endswith("2 verdicts wait in the local log") and "\n" not in line
    assert "ann-pw" not in line


def test_offline_verdicts_are_read_back_before_they_are_sent(shared: SharedDb, tmp_path: Path) -> None:
    local = tmp_path / "local.sqlite3"
    with VerdictLog(local) as log:
        log.record_many([verdict("fp-1", "ann", "disputed")], unsent=True)
    with SharedLog(shared.url("ann"), local) as log:
        log_status = log.status()
        assert log_status.connected and log_status.waiting == 1
        assert str(log_status) == "shared log connected · 1 waiting to be sent"
        assert log.latest("case-a")["fp-1"]["ann"].verdict == "disputed"
        log.record(verdict("fp-2", "ann"))  # the next verdict sends the waiting one first
        assert log.status().waiting == 0
    with ServerLog(shared.url("desk"), readonly=True) as server:
        assert [v.fingerprint for v in server.history("case-a")] == ["fp-1", "fp-2"]


def tamper(shared: SharedDb, row_id: int) -> None:
    with psycopg.connect(shared.superuser, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("UPDATE verdicts SET editor = 'mallory' WHERE id = %s", [row_id])


def test_sync_walks_on_from_its_last_check_and_log_verify_still_walks_it_all(
    shared: SharedDb, tmp_path: Path
) -> None:
    local = tmp_path / "local.sqlite3"
    with ServerLog(shared.url("ann")) as server:
        server.record_many([verdict("fp-0"), verdict("fp-1")])
    with SharedLog(shared.url("ann"), local) as log:
        assert log.sync().rows == 2  # the whole chain walked: rows 1-2 are the checkpoint
        tamper(shared, 1)  # before the checkpoint: this sync does not walk it again
        with VerdictLog(local) as waiting:
            waiting.record_many([verdict("fp-2")], unsent=True)
        assert str(log.sync()).startswith("sent 1 verdict to ")
        tamper(shared, 3)  # after the checkpoint: the next sync finds it and sends nothing
        with VerdictLog(local) as waiting:
            waiting.record_many([verdict("fp-3")], unsent=True)
        with pytest.raises(ChainBroken, match="BROKEN at row 3"):
            log.sync()
        assert log.status().waiting == 1
    result = run("log", "verify", "--db", shared.url("desk"))
    assert result.exit_code != 0 and "row 1" in result.output, result.output


def test_sync_notices_its_checkpoint_row_changed(shared: SharedDb, tmp_path: Path) -> None:
    local = tmp_path / "local.sqlite3"
    with ServerLog(shared.url("ann")) as server:
        server.record_many([verdict("fp-0"), verdict("fp-1")])
    with SharedLog(shared.url("ann"), local) as log:
        log.sync()
        with psycopg.connect(shared.superuser, autocommit=True) as conn:
            conn.execute("SET session_replication_role = replica")
            conn.execute("UPDATE verdicts SET hash = repeat('0', 64) WHERE id = 2")
        with pytest.raises(ChainBroken, match="row 2 of case 'case-a', verified before, was changed or replaced"):
            log.sync()


def test_a_log_connecting_in_the_background_connects_only_when_probed(shared: SharedDb, tmp_path: Path) -> None:
    local = tmp_path / "local.sqlite3"
    with SharedLog(shared.url("ann"), local, connect_in_background=True) as log:
        assert not log.status().connected  # opening it did not connect
        log.record(verdict("fp-1"))  # nor does a write: it waits in the local log
        assert log.last_write_offline and log.status().waiting == 1
        assert log.status(probe=True).connected  # the window's background check connects...
        assert log.sync().sent == 1  # ...and sends what waits
        log.record(verdict("fp-2"))
        assert not log.last_write_offline
    assert [fp for fp, _ in server_rows(shared)] == ["fp-1", "fp-2"]
    with SharedLog(shared.url("ann", "wrong"), local, connect_in_background=True) as log:
        status = log.status(probe=True)  # the server says no: not "offline", the reason is kept
        assert not status.connected and "refused the password of ann" in status.problem
        with pytest.raises(ServerRefused, match="refused the password of ann"):
            log.record(verdict("fp-3"))  # the window keeps it pending and says why
