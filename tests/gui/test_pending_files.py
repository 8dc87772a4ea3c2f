"""Issue #15, 4: two windows with the log locked keep separate pending files; a crash loses nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from factdesk.gui.verdicts import VerdictBook
from factdesk.store import VerdictLog

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("pending_window_proc.py")


def window_process(db: Path, editor: str, fingerprint: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, str(CHILD), str(db), editor, fingerprint], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)


def test_two_windows_with_the_log_locked_then_one_crashes_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    VerdictLog(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    first = window_process(db, "ann", "fp-ann")
    second = window_process(db, "bob", "fp-bob")
    try:
        for window in (first, second):
            assert window.stdout is not None and window.stdout.readline().strip() == "pending"
        os.kill(first.pid, signal.SIGKILL)  # the first window crashes
        first.wait()
        assert second.stdin is not None
        second.stdin.write("\n")  # the second one ends too, its verdict still pending
        second.stdin.flush()
        second.wait(timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        for window in (first, second):
            if window.poll() is None:
                window.kill()
                window.wait()
    book = VerdictBook(db)  # the next window adopts both files and writes them once
    assert {v.editor for v in book.pending} == {"ann", "bob"}
    assert book.flush() == ""
    book.close()
    again = VerdictBook(db)  # nothing is replayed twice
    assert again.pending == []
    again.close()
    with VerdictLog(db) as log:
        assert {(v.editor, v.fingerprint) for v in log.history("race")} == {("ann", "fp-ann"), ("bob", "fp-bob")}
        assert log.count() == 2
    assert not list(tmp_path.glob("log.sqlite3.pending/*.json"))  # every pending file is gone


def test_an_open_windows_pending_file_is_left_to_it(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    VerdictLog(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    window = window_process(db, "ann", "fp-ann")
    try:
        assert window.stdout is not None and window.stdout.readline().strip() == "pending"
        other = VerdictBook(db)  # a second window, opened while the first still runs
        assert other.pending == []
        other.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        window.kill()
        window.wait()
    later = VerdictBook(db)
    assert [v.editor for v in later.pending] == ["ann"]
    later.close()
