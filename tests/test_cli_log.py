"""`factdesk verdict` and `factdesk log ...` end to end, on a real log file and a small real case."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from factdesk.cli import cli
from factdesk.model import MentionSnapshot, Verdict, VerdictState
from factdesk.store import VerdictLog

A1 = """Flood forces 12,000 from their homes

Officials said on Monday that 12,000 people had been evacuated after the river burst its banks. \
"We have never seen water this high," mayor Anna Berg said.
"""
A2 = """River floods town, more than 15,000 evacuated

More than 15,000 people were evacuated on Monday, officials said. \
"We have never seen the water this high," said mayor Anna Berg.
"""


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "log.sqlite3"
    monkeypatch.setenv("FACTDESK_DB", str(path))
    monkeypatch.delenv("FACTDESK_EDITOR", raising=False)
    return path


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "flood"
    folder.mkdir()
    (folder / "a1.txt").write_text(A1, encoding="utf-8")
    (folder / "a2.txt").write_text(A2, encoding="utf-8")
    return folder


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def seed_log(path: Path, editor: str = "ann", n: int = 3) -> None:
    with VerdictLog(path) as log:
        for i in range(n):
            mention = MentionSnapshot("a1.txt", 0, 3, "abc")
            log.record(Verdict("flood", f"fp-{i}", editor, VerdictState.VERIFIED, snapshot=(mention,)))


def test_verdict_then_show_then_verify(db: Path, case_dir: Path) -> None:
    result = run(
        "verdict", str(case_dir), "c1", "disputed", "--editor", "ann",
        "--note", "the agency says 14,800", "--correct", "14,800", "--source", "agency release",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("recorded #1: c1 disputed by ann")
    assert run("verdict", str(case_dir), "c1", "verified", env={"FACTDESK_EDITOR": "bob"}).exit_code == 0

    shown = run("log", "show", str(case_dir))
    assert shown.exit_code == 0
    assert "case flood: 2 current verdicts on 1 claim" in shown.output
    assert "note: the agency says 14,800 · correct: 14,800 · source: agency release" in shown.output
    assert "“12,000” (a1.txt)" in shown.output
    assert "! editors disagree" in shown.output
    assert "case flood" in run("log", "show").output  # every case
    assert "case flood" in run("log", "show", "flood").output  # by name

    assert run("verdict", str(case_dir), "c1", "retracted", "--editor", "ann").exit_code == 0
    assert "1 current verdict on 1 claim" in run("log", "show", str(case_dir)).output
    history = run("log", "show", "--all", str(case_dir)).output
    assert "3 verdicts in log order" in history and "retracted" in history

    verified = run("log", "verify")
    assert verified.exit_code == 0 and verified.output.startswith("ok: 3 verdicts")
    with VerdictLog(db) as log:
        assert set(log.article_hashes("flood")) == {"a1.txt", "a2.txt"}


def test_show_check_flags_a_changed_wording(db: Path, case_dir: Path) -> None:
    assert run("verdict", str(case_dir), "c1", "disputed", "--editor", "ann").exit_code == 0
    assert "STALE" not in run("log", "show", "--check", str(case_dir)).output
    (case_dir / "a2.txt").write_text(A2.replace("More than 15,000", "Nearly 15,000"), encoding="utf-8")
    assert "! STALE: the wording changed since" in run("log", "show", "--check", str(case_dir)).output


def test_verdict_errors_are_one_line(db: Path, case_dir: Path) -> None:
    missing = run("verdict", str(case_dir), "c99", "verified", "--editor", "ann")
    assert missing.exit_code == 2 and "no claim c99 in flood" in missing.output
    retract = run("verdict", str(case_dir), "c1", "retracted", "--editor", "ann")
    assert retract.exit_code == 1 and "ann has no verdict on c1 to retract" in retract.output
    assert run("verdict", str(case_dir), "c1", "approved").exit_code == 2
    no_case = run("verdict", str(case_dir / "nope"), "c1", "verified")
    assert no_case.exit_code == 2
    for result in (missing, retract, no_case):
        no_traceback(result)
    assert not db.exists() or VerdictLog(db).count() == 0


def test_show_of_an_unknown_case(db: Path, tmp_path: Path) -> None:
    seed_log(db)
    assert "no verdicts recorded for case fire" in run("log", "show", "fire").output
    missing = run("log", "show", str(tmp_path / "nope"))
    assert missing.exit_code == 2 and "case folder not found" in missing.output


def test_an_unwritable_log_fails_before_the_analysis(db: Path, case_dir: Path) -> None:
    db.write_bytes(b"not a database")
    result = run("verdict", str(case_dir), "c1", "verified", "--editor", "ann")
    assert result.exit_code == 1 and "is not a factdesk verdict log" in result.output
    assert db.read_bytes() == b"not a database"


def test_show_and_verify_without_a_log(db: Path) -> None:
    assert "no verdicts recorded yet" in run("log", "show").output
    result = run("log", "verify")
    assert result.exit_code == 1 and f"no verdict log at {db}: nothing was verified" in result.output
    assert not db.exists()


def test_verify_reports_the_first_broken_row(db: Path) -> None:
    seed_log(db)
    conn = sqlite3.connect(db, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE verdicts SET verdict = 'disputed' WHERE id = 2")
    conn.execute("DROP TRIGGER verdicts_no_update")
    conn.execute("UPDATE verdicts SET verdict = 'disputed' WHERE id = 2")
    conn.close()
    result = run("log", "verify")
    assert result.exit_code == 1
    assert result.output.startswith("BROKEN at row 2:")
    no_traceback(result)


def test_a_file_that_is_not_a_log_is_a_clear_error(db: Path) -> None:
    db.write_text("my notes\n", encoding="utf-8")
    for args in (("log", "show"), ("log", "verify"), ("log", "export")):
        result = run(*args)
        assert result.exit_code == 1
        assert "is not a factdesk verdict log" in result.output
        assert len(result.output.strip().splitlines()) == 1
        no_traceback(result)
    assert db.read_text(encoding="utf-8") == "my notes\n"


def test_export_and_import_merge_two_editors(db: Path, tmp_path: Path) -> None:
    seed_log(db, "ann")
    other = tmp_path / "bob.sqlite3"
    seed_log(other, "bob", 2)
    exported = tmp_path / "bob.jsonl"
    result = run("log", "export", "-o", str(exported), "--db", str(other))
    assert result.exit_code == 0 and "exported 2 verdicts" in result.output
    assert json.loads(exported.read_text(encoding="utf-8").splitlines()[0])["rows"] == 2
    again = run("log", "export", "-o", str(exported), "--db", str(other))
    assert again.exit_code == 1 and "already exists" in again.output
    assert run("log", "export", "-o", str(exported), "--force", "--db", str(other)).exit_code == 0

    merged = run("log", "import", str(exported))
    assert merged.exit_code == 0
    assert merged.output.strip() == (
        "added 2 verdicts (bob: 2) in 1 case (flood); skipped 0 already in the log"
    )
    assert "skipped 2" in run("log", "import", str(exported)).output
    assert run("log", "verify").output.startswith("ok: 5 verdicts")

    csv_out = run("log", "export", "--format", "csv")
    assert csv_out.output.splitlines()[0].startswith("id,case,fingerprint,editor,verdict")
    assert len(csv_out.output.splitlines()) == 6


def test_import_of_a_tampered_export_is_refused(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "bob.sqlite3"
    seed_log(other, "bob", 2)
    exported = tmp_path / "bob.jsonl"
    run("log", "export", "-o", str(exported), "--db", str(other))
    exported.write_text(exported.read_text(encoding="utf-8").replace('"bob"', '"eve"', 1), encoding="utf-8")
    result = run("log", "import", str(exported))
    assert result.exit_code == 1
    assert "refused bob.jsonl: its hash chain is broken — row 1 does not match its hash" in result.output
    no_traceback(result)


def _record_far_future(db: Path, case_dir: Path, when: dt.datetime) -> None:
    """ann's verdict on c1 of the case, dated ``when`` (as a colleague's wrong clock would)."""
    from factdesk.analysis import analyze
    from factdesk.case import load_case
    from factdesk.store import case_key, snapshot

    case = load_case(str(case_dir))
    claim = analyze(case).claims[0]
    with VerdictLog(db) as log:
        log.record_case(case)
        log.record(Verdict(case_key(case), claim.fingerprint, "ann", VerdictState.VERIFIED,
                           snapshot=snapshot(claim), claim_id=claim.id, created=when))


def test_show_marks_a_verdict_dated_in_the_future_and_later_ones_count(db: Path, case_dir: Path) -> None:
    _record_far_future(db, case_dir, dt.datetime(2031, 6, 1, tzinfo=dt.UTC))
    assert run("verdict", str(case_dir), "c1", "disputed", "--editor", "ann").exit_code == 0
    shown = run("log", "show", str(case_dir))
    assert "1 current verdict on 1 claim" in shown.output and "disputed" in shown.output
    history = run("log", "show", "--all", str(case_dir)).output
    assert "! dated in the future" in history


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Adak", "UTC"])
def test_a_verdict_dated_9999_prints_on_the_sheet_in_any_time_zone(
    db: Path, case_dir: Path, tmp_path: Path, zone: str
) -> None:
    _record_far_future(db, case_dir, dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC))
    out = tmp_path / "sheet.html"
    env = {**os.environ, "TZ": zone, "FACTDESK_DB": str(db), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "factdesk.cli", "sheet", str(case_dir), "-o", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "9999-12-31" in out.read_text(encoding="utf-8")


def test_show_keeps_names_and_notes_on_their_line_and_escape_sequences_off_the_terminal(db: Path) -> None:
    """Issue #15, 13: an imported editor name with a newline cannot fake a line; ESC never reaches the terminal."""
    with VerdictLog(db) as log:
        log.record(Verdict("flood", "fp-1", "mallory\n  c9    verified   ann", VerdictState.DISPUTED,
                           note="\x1b[2J\x1b]0;pwned\x07 cleared", snapshot=(MentionSnapshot("a1.txt", 0, 3, "a\rb"),)))
    shown = run("log", "show", "flood").output
    assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
    assert not any(line.lstrip().startswith("c9") for line in shown.splitlines())
    assert "mallory c9 verified ann" in shown and "\\x1b[2J" in shown
