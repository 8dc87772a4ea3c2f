"""Bad input to the log commands: one clear line, a non-zero exit status, nothing lost (#15 items 10 and 14)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli_log import no_traceback, run, seed_log

from factdesk.store import VerdictLog


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "log.sqlite3"
    monkeypatch.setenv("FACTDESK_DB", str(path))
    return path


def files_beside_the_log(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("log.sqlite3"))

HEADER = {"format": "factdesk-verdict-log", "version": 1, "rows": 1, "head": "0" * 64}


def one_line_error(result, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    no_traceback(result)
    assert result.exit_code != 0
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    for fragment in fragments:
        assert fragment in lines[0]


def _export_of(record_json: str) -> str:
    return json.dumps(HEADER) + "\n" + record_json + "\n"


@pytest.mark.parametrize(
    ("record_json", "reason"),
    [
        ('{"id": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"id": 1, "case": "\\ud800", "note": "x"}', "lone surrogate"),
        ('{"id": ' + "9" * 5000 + "}", "number is too long"),
    ],
    ids=["deeply-nested", "lone-surrogate", "5000-digits"],
)
def test_an_import_the_json_parser_chokes_on_is_one_line_and_imports_nothing(
    db: Path, tmp_path: Path, record_json: str, reason: str
) -> None:
    seed_log(db)
    before = db.read_bytes()
    bad = tmp_path / "colleague.jsonl"
    bad.write_text(_export_of(record_json), encoding="utf-8")
    one_line_error(run("log", "import", str(bad)), "refused colleague.jsonl", reason, "nothing was imported")
    with VerdictLog(db, readonly=True) as log:
        assert log.count() == 3
    assert db.read_bytes() == before


def test_a_csv_import_with_a_deeply_nested_snapshot_is_one_line(db: Path, tmp_path: Path) -> None:
    seed_log(db)
    export = tmp_path / "x.csv"
    assert run("log", "export", "--format", "csv", "-o", str(export)).exit_code == 0
    rows = export.read_bytes().decode("utf-8").split("\r\n")
    head, first = rows[0].split(","), rows[1]
    assert "snapshot" in head
    nested = "[" * 50_000 + "]" * 50_000
    rows[1] = first[: first.index('"[{')] + nested + first[first.index('}]"') + 3 :]
    export.write_text("\r\n".join(rows), encoding="utf-8", newline="")
    one_line_error(run("log", "import", str(export), "--db", str(tmp_path / "other.sqlite3")), "malformed")


def test_a_flipped_byte_in_the_schema_is_one_line_for_every_command(db: Path, tmp_path: Path) -> None:
    seed_log(db)
    data = bytearray(db.read_bytes())
    at = data.index(b"CREATE TABLE [verdicts]")
    data[at + 7] ^= 0x01  # CREATE TABLE -> CREATE UABLE
    db.write_bytes(bytes(data))
    for command in (["log", "verify"], ["log", "show"], ["log", "export"], ["log", "backup", str(tmp_path / "b")]):
        one_line_error(run(*command), "is damaged", "left untouched")
    assert db.read_bytes() == bytes(data)


def test_export_into_a_missing_folder_is_one_line(db: Path, tmp_path: Path) -> None:
    seed_log(db)
    one_line_error(run("log", "export", "-o", str(tmp_path / "nowhere" / "x.jsonl")), "does not exist")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_export_into_a_read_only_folder_is_one_line(db: Path, tmp_path: Path) -> None:
    seed_log(db)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        one_line_error(run("log", "export", "-o", str(folder / "x.jsonl")), "read-only")
    finally:
        folder.chmod(0o755)


def test_export_force_never_writes_through_a_link_or_into_a_fifo(db: Path, tmp_path: Path) -> None:
    seed_log(db)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "export.jsonl"
    link.symlink_to(precious)
    one_line_error(run("log", "export", "-o", str(link), "--force"), "symbolic link")
    assert link.is_symlink() and precious.read_text(encoding="utf-8") == "keep me"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    one_line_error(run("log", "export", "-o", str(fifo), "--force"), "not a plain file")
    folder = tmp_path / "folder"
    folder.mkdir()
    into_folder = run("log", "export", "-o", str(folder), "--force")  # click refuses it before we run
    assert into_folder.exit_code == 2 and "is a directory" in into_folder.output
    assert files_beside_the_log(tmp_path) == ["export.jsonl", "folder", "pipe", "precious.txt"]


def test_export_force_replaces_a_file_whole_with_the_users_file_mode(db: Path, tmp_path: Path) -> None:
    seed_log(db)
    out = tmp_path / "x.jsonl"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    old_umask = os.umask(0o022)
    try:
        assert run("log", "export", "-o", str(out), "--force").exit_code == 0
    finally:
        os.umask(old_umask)
    assert out.read_text(encoding="utf-8").count("\n") == 4
    assert out.stat().st_mode & 0o777 == 0o644
    assert files_beside_the_log(tmp_path) == ["x.jsonl"]


def test_db_pointing_at_a_fifo_is_one_line_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "log.fifo"
    os.mkfifo(fifo)
    for command in (["log", "show"], ["log", "verify"], ["log", "import", str(fifo)]):
        done = subprocess.run(
            [sys.executable, "-m", "factdesk.cli", *command, "--db", str(fifo)],
            capture_output=True, text=True, timeout=60, check=False,
        )
        assert done.returncode != 0 and "Traceback" not in done.stderr
        assert "not a plain file" in done.stderr or "not a regular file" in done.stderr.lower(), done.stderr


def test_a_zero_byte_log_is_reported_not_restarted(db: Path) -> None:
    db.touch()
    for command in (["log", "verify"], ["log", "show"], ["log", "backup", str(db.parent / "b.sqlite3")]):
        one_line_error(run(*command), "empty (0 bytes)")
    assert db.stat().st_size == 0


def test_verify_on_a_missing_path_fails(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite3"
    one_line_error(run("log", "verify", "--db", str(missing)), "no verdict log at", "nothing was verified")
    assert not missing.exists()


def test_an_empty_sqlite_database_becomes_a_log(tmp_path: Path) -> None:
    """An SQLite file with no tables yet (not a cut-short log) is still taken as a new log."""
    path = tmp_path / "new.sqlite3"
    sqlite3.connect(path).execute("PRAGMA user_version = 0").connection.close()
    with VerdictLog(path) as log:
        assert log.count() == 0
