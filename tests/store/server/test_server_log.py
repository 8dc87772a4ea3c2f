"""The shared log on a real PostgreSQL server: schema steps, roles and grants, verify, export and import."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result

from benchmarks.pg_cluster import SharedDb
from factdesk.cli import cli
from factdesk.store import DatabaseReadOnly, VerdictLog
from factdesk.store.server import ServerLog, ServerRefused
from factdesk.store.server.schema import MIGRATIONS, MIGRATIONS_TABLE

from ..helpers import verdict


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_line_error(result: Result) -> str:
    """The CLI failed with exactly one line of message, no traceback."""
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_schema_steps_are_recorded_once(shared: SharedDb) -> None:
    ServerLog(shared.owner).close()
    with psycopg.connect(shared.superuser) as conn:
        names = [r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY name")]
    assert names == [m.name for m in MIGRATIONS]


def test_an_editor_cannot_create_the_tables(pg) -> None:  # type: ignore[no-untyped-def]
    db = SharedDb(pg, pg.create_log())
    with pytest.raises(ServerRefused, match=r"no factdesk tables yet.*server/setup\.sql"):
        ServerLog(db.url("ann"))


def test_editors_append_and_read_in_log_order(shared: SharedDb) -> None:
    with ServerLog(shared.url("ann")) as ann, ServerLog(shared.url("bob")) as bob:
        first = ann.record(verdict("fp-1", "ann"))
        assert ann.record(first).id == first.id  # the same verdict again: stored once
        bob.record(verdict("fp-1", "bob", "disputed"))
        ann.record(verdict("fp-1", "ann", "retracted"))
        assert ann.count() == 3
        assert [v.editor for v in bob.history("case-a")] == ["ann", "bob", "ann"]
        assert {fp: sorted(eds) for fp, eds in bob.latest("case-a").items()} == {"fp-1": ["bob"]}
        assert bob.verify().ok


def test_the_editors_role_may_not_update_delete_or_truncate(shared: SharedDb) -> None:
    with ServerLog(shared.url("ann")) as ann:
        for i in range(3):
            ann.record(verdict(f"fp-{i}"))
    with psycopg.connect(shared.url("ann"), autocommit=True) as conn:
        for sql in ("UPDATE verdicts SET note = 'x'", "DELETE FROM verdicts", "TRUNCATE verdicts",
                    "UPDATE log_head SET rows = 0", "DELETE FROM log_head",
                    "UPDATE case_heads SET rows = 0", "DELETE FROM case_heads", "TRUNCATE case_heads",
                    "INSERT INTO case_heads (case_key, rows, last_id, hash) VALUES ('x', 0, 0, 'x')"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    # and the triggers refuse it even to the superuser
    with psycopg.connect(shared.superuser, autocommit=True) as conn:
        for sql in ("UPDATE verdicts SET note = 'x'", "DELETE FROM verdicts", "TRUNCATE verdicts CASCADE",
                    "DELETE FROM case_heads", "TRUNCATE case_heads"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(sql)
        for sql, refusal in (
            ("UPDATE case_heads SET rows = rows + 1", "only moves with a new verdict of that case"),
            ("INSERT INTO case_heads (case_key, rows, last_id, hash) VALUES ('x', 0, 0, 'x')", "only starts with"),
            ("UPDATE log_head SET rows = rows + 1", "the global chain ended"),
        ):
            with pytest.raises(psycopg.errors.RaiseException, match=refusal):
                conn.execute(sql)
    result = run("log", "verify", "--db", shared.url("desk"))
    lines = result.output.splitlines()
    assert lines[:3] == ["ok: 3 verdicts, hash chains intact, append-only protection in place", "signatures: 3 valid",
                         "chains: one per case (1 case)"]


def test_verify_notices_a_grant_that_would_allow_rewriting(shared: SharedDb) -> None:
    with psycopg.connect(shared.superuser, autocommit=True) as conn:
        conn.execute("GRANT UPDATE ON verdicts TO factdesk_editor")
    result = run("log", "verify", "--db", shared.url("desk"))
    assert result.exit_code == 1
    assert "factdesk_editor may UPDATE the verdicts table" in result.output


def test_a_read_only_role_gets_one_clear_line_and_nothing_is_written(shared: SharedDb, tmp_path: Path) -> None:
    with ServerLog(shared.url("desk")) as desk, pytest.raises(DatabaseReadOnly, match="desk may only read"):
        desk.record(verdict())
    # through the CLI, with a case: nothing goes to the local log either (it would never be sendable)
    local = tmp_path / "local.sqlite3"
    result = run("log", "import", str(_export_file(tmp_path)), "--db", shared.url("desk"))
    assert "may only read the shared verdict log" in one_line_error(result)
    assert not local.exists()
    with ServerLog(shared.url("ann")) as ann:
        assert ann.count() == 0


def test_log_verify_finds_a_tampered_row(shared: SharedDb) -> None:
    with ServerLog(shared.url("ann")) as ann:
        for i in range(5):
            ann.record(verdict(f"fp-{i}", note=f"note {i}"))
    with psycopg.connect(shared.superuser, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # a superuser going round the triggers
        conn.execute("UPDATE verdicts SET note = 'nothing to see' WHERE id = 3")
    result = run("log", "verify", "--db", shared.url("desk"))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "BROKEN at row 3: row 3 of case 'case-a' does not match its hash: it was changed after it was written"
    )
    assert "do not record onto it" in result.output


def test_log_verify_finds_a_disabled_trigger(shared: SharedDb) -> None:
    with psycopg.connect(shared.superuser, autocommit=True) as conn:
        conn.execute("ALTER TABLE verdicts DISABLE TRIGGER verdicts_no_update")
    result = run("log", "verify", "--db", shared.url("desk"))
    assert result.exit_code == 1
    assert "append-only protection is disabled (trigger verdicts_no_update)" in result.output


def test_a_wrong_password_is_one_line_without_the_password(shared: SharedDb) -> None:
    result = run("log", "verify", "--db", shared.url("ann", "not-the-password"))
    line = one_line_error(result)
    assert "refused the password of ann" in line
    assert "not-the-password" not in line


def test_an_unknown_database_is_one_line(pg) -> None:  # type: ignore[no-untyped-def]
    line = one_line_error(run("log", "show", "--db", pg.url("ann", db="nosuchlog")))
    assert "refused the connection" in line and "nosuchlog" in line


def _export_file(tmp_path: Path) -> Path:
    local = tmp_path / "editor.sqlite3"
    with VerdictLog(local) as log:
        for i in range(4):
            log.record(verdict(f"fp-{i}", "chidi", note=f"n{i}"))
    out = tmp_path / "chidi.jsonl"
    assert run("log", "export", "--db", str(local), "-o", str(out)).exit_code == 0
    return out


def test_export_and_import_move_logs_between_a_server_and_a_file(shared: SharedDb, tmp_path: Path) -> None:
    exported = _export_file(tmp_path)
    result = run("log", "import", str(exported), "--db", shared.url("ann"))
    assert result.output.startswith("added 4 verdicts (chidi: 4)"), result.output
    assert "skipped 4 already" in run("log", "import", str(exported), "--db", shared.url("ann")).output
    with ServerLog(shared.url("ann")) as ann:
        ann.record(verdict("fp-9", "ann"))
    # the server's log, exported, is a file any log imports, chain checked
    back = tmp_path / "server.jsonl"
    assert run("log", "export", "--db", shared.url("desk"), "-o", str(back)).exit_code == 0
    header = json.loads(back.read_text().splitlines()[0])
    assert header["rows"] == 5
    elsewhere = tmp_path / "elsewhere.sqlite3"
    result = run("log", "import", str(back), "--db", str(elsewhere))
    assert result.output.startswith("added 5 verdicts"), result.output
    assert run("log", "verify", "--db", str(elsewhere)).exit_code == 0
