"""Several real processes on one log: SIGKILL mid-write, two writers at once, a held lock."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factdesk.store import DatabaseLocked, VerdictLog

from .helpers import child_env, start_writer, verdict

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def acknowledged(proc: subprocess.Popen[str], at_least: int) -> list[tuple[int, str]]:
    assert proc.stdout is not None
    acks = []
    while len(acks) < at_least:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"writer stopped early: {proc.stderr.read() if proc.stderr else ''}")
        row_id, fingerprint = line.split()
        acks.append((int(row_id), fingerprint))
    return acks


def test_sigkill_mid_writes_loses_no_acknowledged_verdict(db_path: Path) -> None:
    VerdictLog(db_path).close()
    acked: list[tuple[int, str]] = []
    for round_no, wanted in enumerate((40, 250)):
        proc = start_writer(db_path, f"w{round_no}", 1_000_000)
        acked += acknowledged(proc, wanted)
        time.sleep(0.002 * round_no)  # let it get into the next write
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        # whatever was acknowledged before the kill (and printed) is there
        with VerdictLog(db_path) as log:
            stored = {(v.id, v.fingerprint) for v in log.history("race")}
            assert set(acked) <= stored
            report = log.verify()
            assert report.ok, report
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


def test_two_writers_at_once_keep_one_linear_chain(db_path: Path) -> None:
    VerdictLog(db_path).close()
    writers = [start_writer(db_path, name, 500, wait=True) for name in ("ann", "bob")]
    for w in writers:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready"
    for w in writers:  # both open: start them together
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    outputs = [w.communicate(timeout=120) for w in writers]
    for w, (_, err) in zip(writers, outputs, strict=True):
        assert w.returncode == 0, err
    with VerdictLog(db_path) as log:
        assert log.count() == 1000
        rows = log.history("race")
        assert {v.editor for v in rows} == {"ann", "bob"}
        assert len({v.fingerprint for v in rows}) == 1000
        assert sorted(v.id for v in rows) == list(range(1, 1001))
        assert log.verify().ok
    # the acknowledged ids printed by both writers are exactly the rows
    printed = {tuple(line.split()) for out, _ in outputs for line in out.splitlines()}
    assert printed == {(str(v.id), v.fingerprint) for v in rows}


def test_two_writers_on_a_new_file(tmp_path: Path) -> None:
    db_path = tmp_path / "fresh.sqlite3"
    writers = [start_writer(db_path, name, 50) for name in ("ann", "bob")]
    for w in writers:
        _, err = w.communicate(timeout=60)
        assert w.returncode == 0, err
    with VerdictLog(db_path) as log:
        assert log.count() == 100
        assert log.verify().ok


HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def test_a_lock_held_past_the_timeout_is_a_clear_error_and_loses_nothing(db_path: Path) -> None:
    with VerdictLog(db_path) as log:
        log.record(verdict("fp-0"))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with VerdictLog(db_path, timeout=0.3) as log:
            assert log.count() == 1  # reading still works while another process writes
            pending = verdict("fp-1")
            started = time.monotonic()
            with pytest.raises(DatabaseLocked, match="locked by another program") as caught:
                log.record(pending)
            assert time.monotonic() - started >= 0.25
            assert "\n" not in str(caught.value)
            assert holder.stdin is not None
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(timeout=10)
            retried = log.record(pending)  # the window retries the pending verdict
            assert retried.id == 2
            assert [v.fingerprint for v in log.history("case-a")] == ["fp-0", "fp-1"]
            assert log.verify().ok
    finally:
        holder.kill()
        holder.wait()


def test_backup_after_a_kill_holds_every_acknowledged_verdict(db_path: Path, tmp_path: Path) -> None:
    """Issue #15, 3: the -wal file still holds committed pages after kill -9; `log backup` copies them."""
    VerdictLog(db_path).close()
    proc = start_writer(db_path, "ann", 1_000_000)
    acked = acknowledged(proc, 300)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert Path(f"{db_path}-wal").exists()
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    dest = elsewhere / "backup.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "factdesk.cli", "log", "backup", str(dest), "--db", str(db_path)],
        capture_output=True, text=True, env=child_env(), timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stdout
    assert sorted(p.name for p in elsewhere.iterdir()) == ["backup.sqlite3"]  # one file, no -wal
    with VerdictLog(dest, readonly=True) as copy:
        stored = {(v.id, v.fingerprint) for v in copy.history("race")}
        assert set(acked) <= stored
        assert copy.verify().ok
    again = subprocess.run(
        [sys.executable, "-m", "factdesk.cli", "log", "backup", str(dest), "--db", str(db_path)],
        capture_output=True, text=True, env=child_env(), timeout=120,
    )
    assert again.returncode == 1 and "already exists; use --force" in again.stderr
