"""The shared log's verified-prefix memo on a real server: a second verify checks no signature again,
never one of a row rewritten since, nor on the word of a memo that is forged or another server's."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from benchmarks.pg_cluster import PgCluster, SharedDb
from factdesk.store import memo
from factdesk.store.chain import CaseHead, StoredRow, content_uid, row_hash
from factdesk.store.rows import SELECT_ROW, content_of, normalise
from factdesk.store.server import ServerLog, SharedLog
from factdesk.store.server import memo as server_memo
from factdesk.store.server.memo import server_identity
from factdesk.store.server.verify import ServerCheckpoint
from factdesk.store.signing import sign_all

from ..helpers import verdict
from .test_case_chains import _INSERT, old_log, run, three_cases


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # this test's memos only


def verify(shared: SharedDb, full: bool = False):  # type: ignore[no-untyped-def]
    with ServerLog(shared.url("desk"), readonly=True) as desk:
        return desk.verify(full=full)


def identity(shared: SharedDb, role: str = "desk") -> str:
    with psycopg.connect(shared.url(role)) as conn:
        return server_identity(conn)


def memo_file(shared: SharedDb) -> Path:
    return memo.memo_file(identity(shared))


def forge(shared: SharedDb, row_id: int, note: str = "nothing to see") -> str:
    """What a superuser going round the triggers can do: change a signed row's note (not its signature)
    and rehash its case's chain from there on consistently, head included; the case's new last hash."""
    with psycopg.connect(shared.superuser, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        case = conn.execute("SELECT case_key FROM verdicts WHERE id = %s", [row_id]).fetchone()[0]  # type: ignore[index]
        rows = [StoredRow(*r) for r in conn.execute(f"{SELECT_ROW} WHERE case_key = %s AND id >= %s ORDER BY id",
                                                     [case, row_id])]
        prev = rows[0].prev_hash
        for row in rows:
            content = row.content._replace(note=note) if row.id == row_id else row.content
            uid = content_uid(content.canonical())
            digest = row_hash(prev, row.id, uid)
            conn.execute("UPDATE verdicts SET note = %s, uid = %s, prev_hash = %s, hash = %s WHERE id = %s",
                         [content.note, uid, prev, digest, row.id])
            prev = digest
        conn.execute("UPDATE case_heads SET hash = %s WHERE case_key = %s", [prev, case])
    return prev


def test_a_second_verify_checks_no_signature_again(shared: SharedDb) -> None:
    three_cases(shared)
    first = verify(shared)
    assert first.ok and (first.rows, first.signed, first.checked_signatures, first.trusted_rows) == (12, 12, 12, 0)
    second = verify(shared)
    assert second.ok and (second.checked_signatures, second.trusted_rows) == (0, 12)
    assert (second.head, second.signed, second.keys) == (first.head, first.signed, first.keys)
    assert "signatures: 12 valid (those of 12 of them as found by an earlier check: their chains are unchanged)" \
        in str(second)
    with ServerLog(shared.url("bob")) as bob:
        bob.record_many([verdict("fp-new", "bob", case="case-b"), verdict("fp-new", "bob", case="case-new")])
    third = verify(shared)  # case-b's new row and the new case's are checked, the rest is not
    assert third.ok and (third.rows, third.checked_signatures, third.trusted_rows) == (14, 2, 12)
    assert verify(shared).checked_signatures == 0


def test_the_rows_of_the_global_chain_from_before_the_switch_are_covered_too(pg: PgCluster) -> None:
    db = old_log(pg)
    with psycopg.connect(db.url("ann")) as conn:  # written by the old trigger, signed: one chain
        for content in sign_all([content_of(normalise(verdict(f"fp-{i}", case=f"case-{i % 2}"))) for i in range(4)]):
            conn.execute("INSERT INTO cases (key, path, first_seen) VALUES (%s, '', %s) ON CONFLICT DO NOTHING",
                         [content.case, content.created])
            conn.execute(_INSERT, [*content, content_uid(content.canonical())])
    ServerLog(db.owner).close()  # the step to case chains
    with ServerLog(db.url("ann")) as ann:
        ann.record_many([verdict("fp-9", case="case-0"), verdict("fp-9", case="case-1")])
    first = verify(db)
    assert first.ok and (first.global_rows, first.signed, first.checked_signatures) == (4, 6, 6)
    second = verify(db)
    assert second.ok and (second.checked_signatures, second.trusted_rows) == (0, 6)


def test_a_signature_forged_in_an_old_row_is_found_though_a_memo_of_the_genuine_chain_exists(
        shared: SharedDb) -> None:
    ids = three_cases(shared)
    assert verify(shared).ok
    genuine = server_memo.recall(identity(shared))
    assert genuine is not None and genuine.heads["case-b"].last_id == ids["case-b"][-1]
    forged_head = forge(shared, ids["case-b"][1])
    assert server_memo.recall(identity(shared)) == genuine  # still there, and authentic: of the old chain
    report = verify(shared)
    row = ids["case-b"][1]
    assert (report.ok, report.broken_id) == (False, row)
    assert report.reason == (f"row {row}'s signature by 'ann' does not match it: "
                             "the entry was changed after it was signed")
    assert report.trusted_rows == 8  # the two other cases' rows, still as verified: not checked again
    # the chain itself is intact: only the signature gives the rewrite away
    assert verify(shared, full=True).broken_id == row
    # nor is the forged chain noted: a memo vouching for it would need this user's secret
    assert server_memo.recall(identity(shared)) == genuine and forged_head != genuine.heads["case-b"].hash


def test_a_memo_forged_for_a_rewritten_chain_without_the_secret_is_ignored(shared: SharedDb) -> None:
    ids = three_cases(shared)
    assert verify(shared).ok
    forged_head = forge(shared, ids["case-c"][0])
    path = memo_file(shared)
    record = json.loads(path.read_text(encoding="utf-8"))
    for head in record["checkpoints"][0]["heads"]:  # vouches for the rewritten chain, without the secret
        if head[0] == "case-c":
            head[3] = forged_head
    path.write_text(json.dumps(record), encoding="utf-8")
    assert server_memo.recall(identity(shared)) is None
    report = verify(shared)
    assert (report.ok, report.broken_id, report.trusted_rows) == (False, ids["case-c"][0], 0)


@pytest.mark.parametrize("damage", ["wrong mac", "truncated", "another server's"])
def test_a_damaged_or_foreign_memo_is_ignored_and_replaced(shared: SharedDb, pg: PgCluster, damage: str) -> None:
    three_cases(shared)
    assert verify(shared).ok
    path = memo_file(shared)
    text = path.read_text(encoding="utf-8")
    if damage == "another server's":  # a log in another database, verified here: its memo is authentic
        other = SharedDb(pg, pg.create_log())
        ServerLog(other.owner).close()
        three_cases(other)
        assert verify(other).ok
        text = memo_file(other).read_text(encoding="utf-8")
    elif damage == "wrong mac":
        record = json.loads(text)
        record["mac"] = "0" * 64
        text = json.dumps(record)
    else:
        text = text[: len(text) // 2]
    path.write_text(text, encoding="utf-8")
    report = verify(shared)
    assert report.ok and (report.checked_signatures, report.trusted_rows) == (12, 0)
    assert verify(shared).trusted_rows == 12  # rewritten by the sound verify


def test_the_memo_is_filed_under_the_servers_address_and_identifier_never_its_password(shared: SharedDb) -> None:
    with psycopg.connect(shared.superuser) as conn:
        system = conn.execute("SELECT system_identifier FROM pg_control_system()").fetchone()[0]  # type: ignore[index]
    name = identity(shared)
    assert name.startswith("postgresql://desk@/") and name.endswith(f":5432/{shared.name}#{system}")
    assert "desk-pw" not in name
    three_cases(shared)
    assert verify(shared).ok
    assert json.loads(memo_file(shared).read_text(encoding="utf-8"))["log"] == name
    assert "desk-pw" not in memo_file(shared).read_text(encoding="utf-8")


def test_log_verify_on_the_command_line_checks_every_signature(shared: SharedDb) -> None:
    ids = three_cases(shared)
    forged_head = forge(shared, ids["case-a"][2])
    assert verify(shared).checkpoint is None  # broken: nothing to walk on from, nothing noted
    # a memo made with the local secret (stolen, or a bug) that vouches for the rewritten chain:
    with psycopg.connect(shared.superuser) as conn:
        anchor = conn.execute("SELECT rows, hash FROM log_head").fetchone()
        heads = conn.execute("SELECT case_key, rows, last_id, hash FROM case_heads").fetchall()
    assert anchor is not None
    vouching = ServerCheckpoint((anchor[0], anchor[1]), {case: CaseHead(*head) for case, *head in heads})
    assert vouching.heads["case-a"].hash == forged_head
    server_memo.remember(identity(shared), vouching)
    assert verify(shared).ok  # the window would trust it...
    result = run("log", "verify", "--db", shared.url("desk"))
    assert result.exit_code == 1  # ...`log verify` does not
    row = ids["case-a"][2]
    assert result.output.startswith(f"BROKEN at row {row}: row {row}'s signature by 'ann' does not match it")


def test_sync_and_the_shared_log_use_the_memo(shared: SharedDb, tmp_path: Path) -> None:
    three_cases(shared)
    with SharedLog(shared.url("ann"), tmp_path / "local.sqlite3") as log:
        assert log.verify().checked_signatures == 12
        assert log.verify().checked_signatures == 0
        assert log.verify(full=True).checked_signatures == 12
        assert log.sync().rows == 12  # its first walk: every chain, no signature checked again
    with ServerLog(shared.url("ann"), readonly=True) as again:
        assert again.verify().trusted_rows == 12  # the same memo for the same role and server
