"""The verified-prefix memo: a second verify skips the signatures the first one checked, never a forged row."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdesk.cli import cli
from factdesk.store import VerdictLog, memo
from factdesk.store.signing import editor_key

from .helpers import verdict
from .test_signing import restore_triggers, rewrite_chain
from .test_verify import drop_triggers


@pytest.fixture
def filled(db_path: Path) -> Path:
    with VerdictLog(db_path) as log:
        log.record_many([verdict(f"fp-{i}", note=f"note {i}") for i in range(1, 11)])
    return db_path


def verify(path: Path, full: bool = False):
    with VerdictLog(path) as log:
        return log.verify(full=full)


def hash_at(path: Path, row: int) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT hash FROM verdicts WHERE id = ?", [row]).fetchone()[0]
    finally:
        conn.close()


def tamper_row_3(path: Path) -> None:
    """An attacker who can write the file rewrites row 3 and rehashes the chain from there on."""
    rewrite_chain(path, {3: {"note": "nothing to see", "verdict": "disputed"}})
    restore_triggers(path)


def test_a_second_verify_checks_no_signature_again(filled: Path) -> None:
    first = verify(filled)
    assert first.ok and (first.checked_signatures, first.trusted_rows) == (10, 0)
    second = verify(filled)
    assert second.ok and (second.checked_signatures, second.trusted_rows) == (0, 10)
    assert "(those of rows 1-10 as found by an earlier check" in str(second)
    with VerdictLog(filled) as log:
        log.record_many([verdict(f"fp-new-{i}") for i in range(3)])
    third = verify(filled)
    assert third.ok and (third.rows, third.checked_signatures, third.trusted_rows) == (13, 3, 10)
    assert verify(filled).checked_signatures == 0


def test_the_keys_of_rows_the_memo_covers_are_still_counted(filled: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "mallory-computer"))
    mallory_as_ann = editor_key("ann")
    monkeypatch.undo()
    rewrite_chain(filled, {4: {"verdict": "disputed"}}, sign_with=mallory_as_ann)
    restore_triggers(filled)
    full = verify(filled, full=True)
    again = verify(filled)
    assert again.trusted_rows == 10 and again.checked_signatures == 0
    assert (again.signed, again.unsigned, again.findings, again.keys) == (
        full.signed, full.unsigned, full.findings, full.keys)
    assert [f.kind for f in again.findings] == ["changed", "unknown"] and again.findings[0].rows == (4,)


def test_a_signature_forged_in_an_old_row_is_found_once_the_memo_is_gone(filled: Path) -> None:
    assert verify(filled).ok
    tamper_row_3(filled)
    memo.memo_path(filled).unlink()
    report = verify(filled)
    assert (report.ok, report.broken_id) == (False, 3)
    assert "row 3's signature by 'ann' does not match it" in report.reason


def test_a_memo_of_the_genuine_chain_does_not_cover_a_rewritten_one(filled: Path) -> None:
    assert verify(filled).ok
    genuine = memo.checkpoints(filled)
    assert genuine == [(10, hash_at(filled, 10))]
    tamper_row_3(filled)
    assert memo.checkpoints(filled) == genuine  # still there, and authentic: it speaks of the old chain
    report = verify(filled)
    assert (report.ok, report.broken_id, report.trusted_rows) == (False, 3, 0)
    assert "row 3's signature by 'ann' does not match it" in report.reason


def test_a_memo_whose_mac_is_wrong_is_ignored(filled: Path) -> None:
    assert verify(filled).ok
    tamper_row_3(filled)
    path = memo.memo_path(filled)
    forged = json.loads(path.read_text(encoding="utf-8"))
    forged["checkpoints"] = [[10, hash_at(filled, 10)]]  # vouches for the rewritten chain, without the secret
    path.write_text(json.dumps(forged), encoding="utf-8")
    assert memo.checkpoints(filled) == []
    report = verify(filled)
    assert (report.ok, report.broken_id, report.trusted_rows) == (False, 3, 0)


def test_a_memo_made_under_another_secret_is_ignored(filled: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    tamper_row_3(filled)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "mallory-computer"))
    memo.remember(filled, 10, hash_at(filled, 10))  # a memo with a MAC of the attacker's own secret
    monkeypatch.undo()
    assert memo.memo_path(filled).exists() and memo.checkpoints(filled) == []
    assert (verify(filled).broken_id, verify(filled).trusted_rows) == (3, 0)


@pytest.mark.parametrize("damage", ["truncated", "empty", "not json", "another log's", "huge"])
def test_a_damaged_or_foreign_memo_is_ignored_and_rewritten(filled: Path, tmp_path: Path, damage: str) -> None:
    assert verify(filled).ok
    path = memo.memo_path(filled)
    text = path.read_text(encoding="utf-8")
    if damage == "another log's":
        other = tmp_path / "other.sqlite3"
        other.write_bytes(filled.read_bytes())
        assert verify(other).ok
        text = memo.memo_path(other).read_text(encoding="utf-8")  # true of this chain, but filed for another log
    replaced = {"truncated": text[: len(text) // 2], "empty": "", "not json": "\x00\xff garbage",
                "another log's": text, "huge": " " * (memo.MAX_MEMO_BYTES + 10) + text}[damage]
    path.write_bytes(replaced.encode("utf-8", "surrogateescape"))
    report = verify(filled)
    assert report.ok and (report.checked_signatures, report.trusted_rows) == (10, 0)
    assert verify(filled).trusted_rows == 10  # rewritten by the sound verification


def test_the_secret_is_private_made_once_and_never_replaced(filled: Path) -> None:
    verify(filled)
    secret = memo.secret_path()
    assert secret.parent == editor_key("ann").path.parent
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and len(secret.read_bytes()) == memo.SECRET_BYTES
    before = secret.read_bytes()
    memo.remember(filled, 10, hash_at(filled, 10))
    assert secret.read_bytes() == before


def test_a_secret_others_can_read_is_not_trusted(filled: Path) -> None:
    verify(filled)
    secret = memo.secret_path()
    os.chmod(secret, 0o644)
    try:
        assert memo.checkpoints(filled) == []
        assert verify(filled).trusted_rows == 0
    finally:
        os.chmod(secret, 0o600)
    assert verify(filled).trusted_rows == 10


def test_log_verify_on_the_command_line_checks_every_signature(filled: Path) -> None:
    tamper_row_3(filled)
    # even a memo made with the local secret (stolen, or a bug) that vouches for the rewritten chain
    memo.remember(filled, 10, hash_at(filled, 10))
    assert verify(filled).ok  # the window would trust it...
    result = CliRunner().invoke(cli, ["log", "verify", "--db", str(filled)], catch_exceptions=False)
    assert result.exit_code == 1  # ...`log verify` does not
    assert result.output.startswith("BROKEN at row 3: row 3's signature by 'ann' does not match it")


def test_a_backup_of_a_verified_log_checks_no_signature_again(filled: Path, tmp_path: Path) -> None:
    assert verify(filled).ok
    with VerdictLog(filled) as log:
        report = log.backup(tmp_path / "copy.sqlite3")
    assert report.ok and (report.checked_signatures, report.trusted_rows) == (0, 10)


def test_a_broken_chain_is_reported_before_any_signature_is_checked(filled: Path) -> None:
    tamper_row_3(filled)  # a forged signature at row 3...
    conn = sqlite3.connect(filled, isolation_level=None)
    drop_triggers(conn)
    conn.execute("UPDATE verdicts SET note = 'edited' WHERE id = 8")  # ...and the chain broken at row 8
    conn.close()
    restore_triggers(filled)
    report = verify(filled)
    assert (report.ok, report.broken_id, report.checked_signatures) == (False, 8, 0)
    assert "row 8 does not match its hash" in report.reason
