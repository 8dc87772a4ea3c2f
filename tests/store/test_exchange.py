"""Export, then merge another editor's export: chain checked, known verdicts skipped."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from factdesk.store import ImportRefused, StoreError, VerdictLog

from .helpers import verdict


def export(log: VerdictLog, path: Path, format: str = "jsonl") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fp:
        log.export(fp, format)
    return path


@pytest.fixture
def ann(tmp_path: Path):
    with VerdictLog(tmp_path / "ann.sqlite3") as log:
        log.record(verdict("fp-1", "ann", "verified", note="ministry confirmed"))
        log.record(verdict("fp-2", "ann", "disputed", correct_value="120,000", source="agency"))
        log.record(verdict("fp-1", "ann", "retracted"))
        yield log


@pytest.fixture
def bob(tmp_path: Path):
    with VerdictLog(tmp_path / "bob.sqlite3") as log:
        log.record(verdict("fp-1", "bob", "disputed", note="différent: «125 000»\nsecond line"))
        yield log


@pytest.mark.parametrize("format", ["jsonl", "csv"])
def test_merging_keeps_both_editors(ann: VerdictLog, bob: VerdictLog, tmp_path: Path, format: str) -> None:
    exported = export(ann, tmp_path / f"ann.{format}", format)
    report = bob.import_file(exported)
    assert (report.added, report.skipped) == (3, 0)
    assert report.by_editor == {"ann": 3} and report.cases == ("case-a",)
    assert "added 3 verdicts (ann: 3) in 1 case (case-a); skipped 0" in str(report)
    latest = bob.latest("case-a")
    assert set(latest["fp-1"]) == {"bob"}  # ann retracted hers
    assert latest["fp-2"]["ann"].correct_value == "120,000"
    assert [(v.editor, v.verdict.value) for v in bob.history("case-a", "fp-1")] == [
        ("bob", "disputed"),  # in the order they reached bob's log
        ("ann", "verified"),
        ("ann", "retracted"),
    ]
    assert bob.verify().ok
    again = bob.import_file(exported)
    assert (again.added, again.skipped) == (0, 3)
    assert bob.count() == 4


def test_round_trip_both_ways(ann: VerdictLog, bob: VerdictLog, tmp_path: Path) -> None:
    bob.import_file(export(ann, tmp_path / "a.jsonl"))
    report = ann.import_file(export(bob, tmp_path / "b.jsonl", "jsonl"))
    assert (report.added, report.skipped) == (1, 3)
    def key(log: VerdictLog) -> list[tuple]:  # each log keeps the order verdicts reached it
        return sorted((v.editor, v.fingerprint, v.verdict, v.note, v.created) for v in log.history("case-a"))

    assert key(ann) == key(bob)

    def current(log: VerdictLog) -> dict[str, dict[str, str]]:
        return {fp: {e: v.verdict.value for e, v in eds.items()} for fp, eds in log.latest("case-a").items()}

    assert current(ann) == current(bob)


def test_export_is_self_describing(ann: VerdictLog) -> None:
    out = io.StringIO()
    assert ann.export(out) == 3
    header, *rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert header["format"] == "factdesk-verdict-log" and header["rows"] == 3
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert rows[0]["snapshot"] == [{"file": "a1.txt", "start": 10, "end": 17, "text": "125,000"}]
    assert rows[1]["prev_hash"] == rows[0]["hash"] and header["head"] == rows[2]["hash"]


def test_unknown_export_format(ann: VerdictLog) -> None:
    with pytest.raises(StoreError, match="unknown export format"):
        ann.export(io.StringIO(), "xml")


def tamper_jsonl(path: Path, line: int, **changes: object) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[line])
    record.update(changes)
    lines[line] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "changes", "reason"),
    [
        (2, {"verdict": "verified"}, "row 2 does not match its hash"),
        (1, {"editor": "eve"}, "row 1 does not match its hash"),
        (1, {"snapshot": [{"file": "a1.txt", "start": 10, "end": 17, "text": "126,000"}]}, "row 1"),
        (3, {"created": "2020-01-01T00:00:00.000000+00:00"}, "row 3 does not match its hash"),
        (3, {"id": 7}, "rows 3-6 are missing"),
    ],
)
def test_a_tampered_export_is_refused_with_the_reason(
    ann: VerdictLog, bob: VerdictLog, tmp_path: Path, line: int, changes: dict, reason: str
) -> None:
    exported = export(ann, tmp_path / "ann.jsonl")
    tamper_jsonl(exported, line, **changes)
    with pytest.raises(ImportRefused) as caught:
        bob.import_file(exported)
    message = str(caught.value)
    assert "hash chain is broken" in message and "nothing was imported" in message
    assert reason in message
    assert bob.count() == 1


def test_a_removed_line_is_refused(ann: VerdictLog, bob: VerdictLog, tmp_path: Path) -> None:
    exported = export(ann, tmp_path / "ann.jsonl")
    lines = exported.read_text(encoding="utf-8").splitlines()
    exported.write_text("\n".join(lines[:2] + lines[3:]) + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="incomplete"):
        bob.import_file(exported)
    assert bob.count() == 1


def test_a_header_that_does_not_match_is_refused(ann: VerdictLog, bob: VerdictLog, tmp_path: Path) -> None:
    exported = export(ann, tmp_path / "ann.jsonl")
    tamper_jsonl(exported, 0, head="0" * 64)
    with pytest.raises(ImportRefused, match="header does not match"):
        bob.import_file(exported)


def test_a_malformed_snapshot_is_refused(ann: VerdictLog, bob: VerdictLog, tmp_path: Path) -> None:
    exported = export(ann, tmp_path / "ann.jsonl")
    tamper_jsonl(exported, 1, snapshot=[{"file": "a1.txt", "start": "10", "end": 17, "text": "x"}])
    with pytest.raises(ImportRefused, match="line 2 is malformed"):
        bob.import_file(exported)


def test_a_tampered_csv_is_refused(ann: VerdictLog, bob: VerdictLog, tmp_path: Path) -> None:
    exported = export(ann, tmp_path / "ann.csv", "csv")
    with open(exported, encoding="utf-8", newline="") as fp:
        rows = list(csv.DictReader(fp))
    rows[1]["correct_value"] = "125,000"
    with open(exported, "w", encoding="utf-8", newline="") as fp:
        writer = csv.DictWriter(fp, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ImportRefused, match="row 2 does not match its hash"):
        bob.import_file(exported)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("just some notes\n", "not a factdesk export"),
        ('{"hello": 1}\n', "no factdesk export header"),
        ("{not json\n", "not valid JSON"),
        ('{"format": "other", "version": 1}\n', "unsupported export format"),
    ],
)
def test_other_files_are_refused(bob: VerdictLog, tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRefused, match=reason):
        bob.import_file(path)


def test_a_missing_file_is_refused(bob: VerdictLog, tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="cannot read"):
        bob.import_file(tmp_path / "nope.jsonl")


def test_a_malformed_row_is_refused(ann: VerdictLog, bob: VerdictLog, tmp_path: Path) -> None:
    exported = export(ann, tmp_path / "ann.jsonl")
    tamper_jsonl(exported, 1, verdict="approved")
    with pytest.raises(ImportRefused, match="line 2 is malformed"):
        bob.import_file(exported)
