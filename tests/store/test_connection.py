"""Files that are not (usable) verdict logs: refused with a clear error, never modified."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from factdesk.store import DatabaseCorrupt, DatabaseReadOnly, StoreError, VerdictLog

from .helpers import run_python, verdict


def fingerprint_of(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize(
    "content",
    [
        b"Ann's notes about the flood story\n" * 50,
        b"\x00" * 4096,
        b"SQLite format 3\x00" + os.urandom(8192),
        b"PK\x03\x04" + os.urandom(500),
    ],
    ids=["text", "zeros", "sqlite-header-then-garbage", "zip"],
)
def test_a_file_that_is_not_a_log_is_refused_untouched(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    before = fingerprint_of(db_path)
    with pytest.raises(DatabaseCorrupt) as caught:
        VerdictLog(db_path)
    message = str(caught.value)
    assert str(db_path) in message and "\n" not in message
    assert "left untouched" in message
    assert fingerprint_of(db_path) == before
    assert siblings(db_path) == [db_path.name]  # no journal files were created either


def test_a_damaged_log_is_reported(db_path: Path) -> None:
    with VerdictLog(db_path) as log:
        log.record_many([verdict(f"fp-{i}", note="x" * 300) for i in range(200)])
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[5 * page : 6 * page] = os.urandom(page)  # scribble over a page in the middle
    db_path.write_bytes(bytes(data))
    before = fingerprint_of(db_path)
    try:
        with VerdictLog(db_path) as log:
            report = log.verify()
            assert not report.ok
            assert "integrity" in report.reason
    except DatabaseCorrupt as exc:
        assert "damaged" in str(exc)
    assert fingerprint_of(db_path) == before


def test_a_folder_at_the_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        VerdictLog(tmp_path)


def test_missing_folders_are_created(tmp_path: Path) -> None:
    with VerdictLog(tmp_path / "a" / "b" / "log.sqlite3") as log:
        log.record(verdict())
    assert (tmp_path / "a" / "b" / "log.sqlite3").exists()


# -- read-only files and folders (checked in a child without root's override powers) ---

ATTEMPT = """
import json, sys
from factdesk.store import VerdictLog, StoreError
from factdesk.model import Verdict
out = {}
try:
    with VerdictLog(sys.argv[1]) as log:
        log.record(Verdict("case-a", "fp-new", "ann", "verified"))
    out["write"] = "ok"
except StoreError as exc:
    out["write"] = type(exc).__name__
    out["message"] = str(exc)
try:
    with VerdictLog(sys.argv[1], readonly=True) as log:
        out["read"] = log.count()
except StoreError as exc:
    out["read"] = type(exc).__name__
print(json.dumps(out))
"""


@pytest.fixture
def shared_dir(tmp_path: Path) -> Iterator[Path]:
    """A scratch folder whose permissions are restored afterwards, so it can be cleaned up."""
    folder = tmp_path / "perm"
    folder.mkdir()
    try:
        yield folder
    finally:
        for p in [folder, *folder.rglob("*")]:
            p.chmod(0o777 if p.is_dir() else 0o666)


def attempt(db: Path) -> dict:
    result = run_python(ATTEMPT, str(db), unprivileged=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def make_log(db: Path, rows: int = 3) -> None:
    with VerdictLog(db) as log:
        log.record_many([verdict(f"fp-{i}") for i in range(rows)])
    db.chmod(0o666)


def test_a_read_only_log_is_a_clear_error(shared_dir: Path) -> None:
    folder = shared_dir / "rw-folder"
    folder.mkdir()
    folder.chmod(0o777)
    db = folder / "log.sqlite3"
    make_log(db)
    db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = db.read_bytes()
    out = attempt(db)
    assert out["write"] == "DatabaseReadOnly"
    assert "read-only" in out["message"] and "\n" not in out["message"]
    assert out["read"] == 3  # still readable: log show / export / verify work
    assert db.read_bytes() == before


def test_a_log_in_a_read_only_folder_is_a_clear_error(shared_dir: Path) -> None:
    folder = shared_dir / "ro-folder"
    folder.mkdir()
    db = folder / "log.sqlite3"
    make_log(db)
    folder.chmod(0o555)
    before = db.read_bytes()
    out = attempt(db)
    assert out["write"] == "DatabaseReadOnly"
    assert "folder" in out["message"]
    assert out["read"] == 3
    assert db.read_bytes() == before


def test_a_new_log_in_a_read_only_folder_is_a_clear_error(shared_dir: Path) -> None:
    folder = shared_dir / "empty-ro"
    folder.mkdir()
    folder.chmod(0o555)
    out = attempt(folder / "log.sqlite3")
    assert out["write"] == "DatabaseReadOnly"
    assert out["read"] == "DatabaseMissing"
    assert list(folder.iterdir()) == []


def test_read_only_errors_in_process(tmp_path: Path) -> None:
    """The same check without a second user: a log opened read-only refuses writes."""
    db = tmp_path / "log.sqlite3"
    make_log(db)
    with VerdictLog(db, readonly=True) as log, pytest.raises(DatabaseReadOnly):
        log.record(verdict("fp-x"))
