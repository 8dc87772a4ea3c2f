"""Editors' corrections on the shared log, against a real PostgreSQL server: recorded by `factdesk claim`,
applied by `check`, kept apart from the verdicts, waiting in the local log while the server is away."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result

from benchmarks.pg_cluster import SharedDb
from factdesk.cli import cli
from factdesk.store.server import ServerLog, ServerRefused, SharedLog
from factdesk.store.server.schema import MIGRATIONS_TABLE

A1 = "Flood forces 12,000 from their homes\n\nOfficials said on Monday that 12,000 people had been evacuated.\n"
A2 = "River floods town\n\nMore than 15,000 people were evacuated on Monday, officials said.\n"
A3 = "Thousands flee rising river\n\nPolice said 12,000 people had left their homes by Monday night.\n"


@pytest.fixture
def case_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FACTDESK_DB", raising=False)
    folder = tmp_path / "flood"
    folder.mkdir()
    for name, text in (("a1.txt", A1), ("a2.txt", A2), ("a3.txt", A3)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def check_json(case_dir: Path, url: str) -> dict:
    result = run("check", str(case_dir), "--format", "json", "--db", url)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def people(report: dict) -> dict:
    return next(c for c in report["claims"] if any(m["text"] == "More than 15,000" for m in c["mentions"]))


def test_a_dismissal_on_the_shared_log_is_applied_by_check_for_every_editor(shared: SharedDb, case_dir: Path) -> None:
    target = people(check_json(case_dir, shared.url("bob")))
    result = run("claim", "dismiss", str(case_dir), target["id"], "--note", "two counts", "--editor", "ann",
                 "--db", shared.url("ann"))
    assert result.exit_code == 0, result.output
    assert "dismissed by ann: two counts" in result.output
    report = check_json(case_dir, shared.url("bob"))  # another editor, reading the server
    assert [c["fingerprint"] for c in report["dismissed"]] == [target["fingerprint"]]
    assert target["fingerprint"] not in {c["fingerprint"] for c in report["claims"]}
    with ServerLog(shared.url("bob"), readonly=True) as log:
        assert [(c.verdict.value, c.editor, c.note) for c in log.corrections("flood")] == [("dismiss", "ann",
                                                                                           "two counts")]
        assert log.latest("flood") == {} and log.history("flood") == []  # a correction is not a verdict
        report = log.verify()
        assert report.ok and report.chains == 1  # chained in its case's chain, like the case's verdicts


def test_a_correction_made_offline_waits_in_the_local_log_and_still_applies(shared: SharedDb, tmp_path: Path,
                                                                            case_dir: Path) -> None:
    target = people(check_json(case_dir, shared.url("bob")))
    offline = "postgresql://ann@127.0.0.1:1/nowhere?connect_timeout=1"
    local = tmp_path / "home" / "factdesk.sqlite3"
    result = run("claim", "dismiss", str(case_dir), target["id"], "--editor", "ann", "--db", offline)
    assert result.exit_code == 0, result.output
    with SharedLog(offline, local) as log:
        assert [c.verdict.value for c in log.corrections("flood")] == ["dismiss"]
    with SharedLog(shared.url("ann"), local) as log:  # back online: the server's rows, then the waiting one
        assert [c.editor for c in log.corrections("flood")] == ["ann"]
        log.sync()
    with ServerLog(shared.url("bob"), readonly=True) as server:
        assert [c.verdict.value for c in server.corrections("flood")] == ["dismiss"]


def test_a_shared_log_set_up_before_corrections_is_upgraded_by_its_owner(shared: SharedDb) -> None:
    with psycopg.connect(shared.superuser, autocommit=True) as conn:  # as an older factdesk left it
        conn.execute("ALTER TABLE verdicts DROP CONSTRAINT verdicts_verdict_check")
        conn.execute("ALTER TABLE verdicts ADD CONSTRAINT verdicts_verdict_check "
                     "CHECK (verdict IN ('verified', 'disputed', 'unresolved', 'retracted'))")
        conn.execute(f"DELETE FROM {MIGRATIONS_TABLE} WHERE name = '0005_corrections_in_the_log'")
    with pytest.raises(ServerRefused, match=r"needs upgrading \(schema step 0005_corrections_in_the_log\)"):
        ServerLog(shared.url("ann"))  # an editor may not upgrade it: the owner does
    ServerLog(shared.owner).close()
    with psycopg.connect(shared.superuser) as conn:
        checks = conn.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                              "WHERE conname = 'verdicts_verdict_check'").fetchone()
    assert checks is not None and all(f"'{s}'" in checks[0] for s in ("dismiss", "merge", "split", "add"))
