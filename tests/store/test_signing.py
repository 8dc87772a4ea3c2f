"""Signed entries: each editor's key, verify finding rewritten or forged entries, imports, broken chains."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

from click.testing import CliRunner

from factdesk.cli import cli
from factdesk.store import ChainBroken, VerdictLog
from factdesk.store.chain import GENESIS, Content, StoredRow, content_uid, row_hash
from factdesk.store.rows import SELECT_ROW
from factdesk.store.signing import EditorKey, editor_key, key_path

from .helpers import verdict
from .test_verify import drop_triggers


def rewrite_chain(db: Path, change: dict[int, dict[str, str]], sign_with: EditorKey | None = None) -> None:
    """What someone with the file and the sqlite3 shell can do: change rows and rehash the whole chain
    consistently (ids, uids, hashes and the head), optionally re-signing the changed rows with another key."""
    conn = sqlite3.connect(db, isolation_level=None)
    drop_triggers(conn)
    rows = [StoredRow(*r) for r in conn.execute(f"{SELECT_ROW} ORDER BY id").fetchall()]
    prev = GENESIS
    for row in rows:
        content: Content = row.content._replace(**change.get(row.id, {}))
        if sign_with is not None and row.id in change:
            content = sign_with.sign(content)
        uid = content_uid(content.canonical())
        digest = row_hash(prev, row.id, uid)
        conn.execute(
            "UPDATE verdicts SET note = ?, verdict = ?, signer_key = ?, signature = ?, uid = ?, prev_hash = ?, "
            "hash = ? WHERE id = ?",
            [content.note, content.verdict, content.signer_key, content.signature, uid, prev, digest, row.id],
        )
        prev = digest
    conn.execute("UPDATE log_head SET hash = ? WHERE id = 1", [prev])
    conn.close()


def restore_triggers(db: Path) -> None:
    from factdesk.store.schema import TRIGGERS

    conn = sqlite3.connect(db, isolation_level=None)
    for sql in TRIGGERS.values():
        conn.execute(sql)
    conn.close()


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_the_first_verdict_makes_the_editors_key_in_the_config_folder(db_path: Path) -> None:
    assert key_path("ann").parent == Path(os.environ["XDG_CONFIG_HOME"]) / "factdesk" / "keys"
    with VerdictLog(db_path) as log:
        log.record(verdict("fp-1", editor="ann"))
        report = log.verify()
    path = key_path("ann")
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert report.ok and report.signed == 1 and report.unsigned == 0 and not report.findings
    assert report.keys == {"ann": (editor_key("ann").public_key,)}
    raw = sqlite3.connect(db_path)
    assert raw.execute("SELECT editor, public_key, entries FROM editor_keys").fetchall() == [
        ("ann", editor_key("ann").public_key, 1)
    ]
    raw.close()


def test_verify_prints_the_signatures_and_the_head_hash(db_path: Path) -> None:
    with VerdictLog(db_path) as log:
        log.record_many([verdict(f"fp-{i}") for i in range(3)])
        head = log.head()[1]
    result = run("log", "verify", "--db", str(db_path))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[1] == "signatures: 3 valid"
    assert lines[2] == f"head: {head}"


def test_a_chain_rewritten_consistently_is_caught_by_the_signature(db_path: Path) -> None:
    with VerdictLog(db_path) as log:
        log.record_many([verdict(f"fp-{i}", note=f"note {i}") for i in range(5)])
    rewrite_chain(db_path, {3: {"note": "nothing to see", "verdict": "disputed"}})
    restore_triggers(db_path)
    result = run("log", "verify", "--db", str(db_path))
    assert result.exit_code == 1
    assert result.output.startswith("BROKEN at row 3: row 3's signature by 'ann' does not match it")
    assert "do not record onto it" in result.output


def test_entries_resigned_under_an_editors_name_with_another_key_are_reported(db_path: Path, tmp_path: Path,
                                                                             monkeypatch) -> None:
    with VerdictLog(db_path) as log:
        log.record_many([verdict(f"fp-{i}") for i in range(4)])
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "mallory-computer"))
    mallory_as_ann = editor_key("ann")  # a key made elsewhere, under the name ann
    monkeypatch.undo()
    rewrite_chain(db_path, {3: {"verdict": "disputed"}, 4: {"verdict": "disputed"}}, sign_with=mallory_as_ann)
    restore_triggers(db_path)
    result = run("log", "verify", "--db", str(db_path))
    assert result.exit_code == 0  # every signature matches its entry...
    warnings = [ln for ln in result.output.splitlines() if ln.startswith("warning:")]
    # ...but two entries bear another key than ann's first one, and not this computer's key for ann
    assert warnings[0].startswith("warning: key changed: 'ann': rows 3, 4 signed with another key")
    assert warnings[1].startswith("warning: key unknown: 'ann': rows 3, 4 signed with a key")


def test_export_and_import_carry_the_signatures(db_path: Path, tmp_path: Path) -> None:
    with VerdictLog(db_path) as log:
        log.record_many([verdict(f"fp-{i}") for i in range(3)])
    export = tmp_path / "x.jsonl"
    assert run("log", "export", "--db", str(db_path), "-o", str(export)).exit_code == 0
    records = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert records[0]["version"] == 2
    assert all(r["signer_key"] == editor_key("ann").public_key and len(r["signature"]) == 128 for r in records[1:])
    other = tmp_path / "other.sqlite3"
    result = run("log", "import", "--db", str(other), str(export))
    assert result.output.startswith("added 3 verdicts") and "unsigned" not in result.output
    with VerdictLog(other) as log:
        assert log.verify().signed == 3


def test_a_signature_changed_in_an_export_refuses_the_import(db_path: Path, tmp_path: Path) -> None:
    with VerdictLog(db_path) as log:
        log.record_many([verdict(f"fp-{i}", note="n") for i in range(3)])
    export = tmp_path / "x.jsonl"
    run("log", "export", "--db", str(db_path), "-o", str(export))
    lines = export.read_text(encoding="utf-8").splitlines()
    # the attacker changes row 2 and rehashes the export's chain, but cannot sign as ann
    records = [json.loads(line) for line in lines]
    prev = GENESIS
    for record in records[1:]:
        if record["id"] == 2:
            record["note"] = "forged"
        content = Content(record["case"], *(record[k] for k in (
            "fingerprint", "editor", "verdict", "note", "correct_value", "source", "created", "app_version",
            "claim_id")), json.dumps([[m["file"], m["start"], m["end"], m["text"]] for m in record["snapshot"]],
                                     ensure_ascii=False, separators=(",", ":")),
            record["signer_key"], record["signature"])
        record["uid"] = content_uid(content.canonical())
        record["prev_hash"], record["hash"] = prev, row_hash(prev, record["id"], record["uid"])
        prev = record["hash"]
    records[0]["head"] = prev
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    result = run("log", "import", "--db", str(other), str(export))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: refused x.jsonl: row 2's signature by 'ann' does not match it: the entry was changed "
        "after it was signed; nothing was imported"
    )


def test_an_export_from_before_signing_imports_as_unsigned(tmp_path: Path) -> None:
    prev, records = GENESIS, []
    for i in range(1, 3):
        content = Content("case-a", f"fp-{i}", "bob", "verified", "", "", "", "2024-01-02T03:04:05.000000+00:00",
                          "0.9", f"c{i}", "[]")
        uid = content_uid(content.canonical())
        digest = row_hash(prev, i, uid)
        records.append({"id": i, "case": "case-a", "fingerprint": f"fp-{i}", "editor": "bob", "verdict": "verified",
                        "note": "", "correct_value": "", "source": "", "created": content.created,
                        "app_version": "0.9", "claim_id": f"c{i}", "snapshot": [], "uid": uid, "prev_hash": prev,
                        "hash": digest})
        prev = digest
    header = {"format": "factdesk-verdict-log", "version": 1, "rows": 2, "head": prev}
    old = tmp_path / "old.jsonl"
    old.write_text("".join(json.dumps(r) + "\n" for r in [header, *records]), encoding="utf-8")
    db = tmp_path / "log.sqlite3"
    result = run("log", "import", "--db", str(db), str(old))
    assert result.exit_code == 0
    assert "2 verdicts are unsigned (an export from before signing)" in result.output
    verified = run("log", "verify", "--db", str(db))
    assert verified.output.splitlines()[1] == "signatures: 0 valid, 2 unsigned (written before signing)"


def test_writing_onto_a_broken_chain_is_refused_and_says_what_to_do(db_path: Path) -> None:
    with VerdictLog(db_path) as log:
        log.record_many([verdict(f"fp-{i}") for i in range(3)])
    conn = sqlite3.connect(db_path, isolation_level=None)
    drop_triggers(conn)
    conn.execute("UPDATE verdicts SET note = 'edited' WHERE id = 2")
    conn.close()
    restore_triggers(db_path)
    with VerdictLog(db_path) as log:
        try:
            log.record(verdict("fp-new"))
        except ChainBroken as exc:
            message = str(exc)
        else:
            raise AssertionError("a verdict was written onto a broken chain")
        assert log.count() == 3
    assert "is broken at row 2" in message and "nothing was recorded" in message
    assert "factdesk log backup" in message


def test_a_signature_made_here_is_checked_exactly_and_anything_malformed_is_refused() -> None:
    from factdesk.store.signing import signature_matches

    key = editor_key("ann")
    signed = key.sign(Content("case", "fp", "ann", "verified", "a note", "", "", "2026-01-02T03:04:05.000000+00:00",
                              "1", "c1", "[]"))
    text = signed.signing_text()
    assert signature_matches(signed.signer_key, signed.signature, text)
    assert not signature_matches(signed.signer_key, signed.signature, text.replace("a note", "a nose"))
    flipped = f"{int(signed.signature[0], 16) ^ 1:x}{signed.signature[1:]}"
    assert not signature_matches(signed.signer_key, flipped, text)
    for bad_key, bad_signature in ((signed.signer_key[:-2], signed.signature), ("zz" * 32, signed.signature),
                                   (signed.signer_key, signed.signature[:-2]), (signed.signer_key, "")):
        assert not signature_matches(bad_key, bad_signature, text)
