"""The editor corrects the machine, end to end on a real log file and a small real case: the `claim`
commands, `check` with and without the corrections, staleness, export/import and a tampered log."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from factdesk.analysis import analyze
from factdesk.case import load_case
from factdesk.cli import cli
from factdesk.corrections.desk import corrected
from factdesk.corrections.judge import compare_mentions
from factdesk.model import Kind, Mention, Status, Verdict, VerdictState
from factdesk.store import VerdictLog

A1 = """Flood forces 12,000 from their homes

Officials said on Monday that 12,000 people had been evacuated after the river burst its banks. \
About 300 homes were flooded in the old town. \
"We have never seen water this high," mayor Anna Berg said.
"""
A2 = """River floods town, more than 15,000 evacuated

More than 15,000 people were evacuated on Monday, officials said. \
Some 300 homes were flooded. \
"We have never seen the water this high," said mayor Anna Berg.
"""
A3 = """Thousands flee rising river

Police said 12,000 people had left their homes by Monday night. \
At least 320 houses were under water, the fire service said.
"""


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "log.sqlite3"
    monkeypatch.setenv("FACTDESK_DB", str(path))
    monkeypatch.setenv("FACTDESK_EDITOR", "ann")
    return path


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "flood"
    folder.mkdir()
    for name, text in (("a1.txt", A1), ("a2.txt", A2), ("a3.txt", A3)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def check_json(case_dir: Path, *flags: str) -> dict:
    result = run("check", str(case_dir), "--format", "json", *flags)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def claim_with(report: dict, text: str) -> dict:
    return next(c for c in report["claims"] if any(m["text"] == text for m in c["mentions"]))


def rows(db: Path) -> int:
    if not db.exists():
        return 0
    with VerdictLog(db) as log:
        return log.count()


def test_every_mention_carries_its_sentence_with_the_mention_marked(db: Path, case_dir: Path) -> None:
    report = check_json(case_dir)
    figure = claim_with(report, "More than 15,000")
    said = next(m for m in figure["mentions"] if m["file"] == "a2.txt")
    assert said["context"] == "⟦More than 15,000⟧ people were evacuated on Monday, officials said."
    assert all(c["origin"] == "machine" for c in report["claims"])


def test_dismiss_takes_the_claim_off_the_report_and_raw_brings_it_back(db: Path, case_dir: Path) -> None:
    target = claim_with(check_json(case_dir), "More than 15,000")
    result = run("claim", "dismiss", str(case_dir), target["id"], "--note", "two different counts")
    assert result.exit_code == 0, result.output
    assert "dismissed by ann: two different counts" in result.output
    report = check_json(case_dir)
    assert target["fingerprint"] not in {c["fingerprint"] for c in report["claims"]}
    assert [c["fingerprint"] for c in report["dismissed"]] == [target["fingerprint"]]
    assert target["fingerprint"] in {c["fingerprint"] for c in check_json(case_dir, "--raw")["claims"]}
    text = run("check", str(case_dir)).output
    assert "dismissed by the desk (1):" in text


def test_merge_judges_the_joined_claim_anew_and_says_it_is_the_editors(db: Path, case_dir: Path) -> None:
    report = check_json(case_dir, "--all")
    people, homes = claim_with(report, "More than 15,000"), claim_with(report, "Some 300")
    result = run("claim", "merge", str(case_dir), people["id"], homes["id"], "--format", "json")
    assert result.exit_code == 0, result.output
    merged = json.loads(result.output)
    assert merged["origin"] == "editor" and merged["status"] == "conflict"
    assert {m["text"] for m in merged["mentions"]} >= {"12,000", "More than 15,000", "Some 300", "About 300"}
    after = check_json(case_dir, "--all")
    assert sum(c["origin"] == "editor" for c in after["claims"]) == 1
    assert len(after["claims"]) == len(report["claims"]) - 1


def test_split_takes_one_articles_mention_out(db: Path, case_dir: Path) -> None:
    people = claim_with(check_json(case_dir), "More than 15,000")
    result = run("claim", "split", str(case_dir), people["id"], "a2.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    alone = json.loads(result.output)
    assert [m["file"] for m in alone["mentions"]] == ["a2.txt"] and alone["status"] == "single"
    rest = claim_with(check_json(case_dir, "--all"), "12,000")
    assert {m["file"] for m in rest["mentions"]} == {"a1.txt", "a3.txt"} and rest["status"] == "agree"


def test_add_makes_a_claim_compared_like_any_other(db: Path, case_dir: Path) -> None:
    a1, a3 = A1.index("the old town"), A3.index("the fire service")
    result = run("claim", "add", str(case_dir), "--kind", "name", f"a1.txt:{a1}:{a1 + 12}",
                 f"a3.txt:{a3}:{a3 + 16}", "--note", "who counted", "--format", "json")
    assert result.exit_code == 0, result.output
    added = json.loads(result.output)
    assert added["origin"] == "editor" and added["status"] == "conflict" and added["kind"] == "name"
    assert added["mentions"][0]["context"].startswith("About 300 homes were flooded in ⟦the old town⟧")


@pytest.mark.parametrize("args, message", [
    (["dismiss", "{case}", "c99"], "no claim c99"),
    (["merge", "{case}", "c1"], "a merge needs two or more different claim ids"),
    (["split", "{case}", "c1", "nowhere.txt"], "has no mention in nowhere.txt"),
    (["add", "{case}", "--kind", "number", "a1.txt:0:5"], "two or more places"),
    (["add", "{case}", "--kind", "number", "a1.txt:0:5", "a2.txt:10:99999"], "is not a span of a2.txt"),
    (["add", "{case}", "--kind", "number", "a1.txt:0:5", "a2.txt"], "is not a span: write FILE:START:END"),
    (["add", "{case}", "--kind", "number", "a1.txt:0:5", "a9.txt:0:5"], "a9.txt is not an article of the case"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_is_written(db: Path, case_dir: Path, args: list[str],
                                                              message: str) -> None:
    result = run("claim", *[a.format(case=case_dir) for a in args])
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert rows(db) == 0


def test_a_correction_whose_wording_is_gone_is_stale_not_dropped(db: Path, case_dir: Path) -> None:
    target = claim_with(check_json(case_dir), "More than 15,000")
    assert run("claim", "dismiss", str(case_dir), target["id"]).exit_code == 0
    # an edit above the mention shifts it: the correction still finds its wording
    (case_dir / "a2.txt").write_text(A2.replace("River floods town", "River floods the town"), encoding="utf-8")
    assert check_json(case_dir)["stale_corrections"] == []
    assert target["fingerprint"] in {c["fingerprint"] for c in check_json(case_dir)["dismissed"]}
    # the wording itself changes in every article: nothing left to anchor to
    for name in ("a1.txt", "a2.txt", "a3.txt"):
        path = case_dir / name
        path.write_text(path.read_text(encoding="utf-8").replace("12,000", "11,000").replace("15,000", "14,000"),
                        encoding="utf-8")
    report = check_json(case_dir)
    assert [s["action"] for s in report["stale_corrections"]] == ["dismiss"]
    assert report["dismissed"] == []
    assert "stale correction: dismiss by ann" in run("check", str(case_dir)).output


def test_corrections_survive_an_export_and_import_round_trip(db: Path, case_dir: Path, tmp_path: Path) -> None:
    report = check_json(case_dir)
    people = claim_with(report, "More than 15,000")
    run("claim", "dismiss", str(case_dir), people["id"])
    export = tmp_path / "export.jsonl"
    assert run("log", "export", "-o", str(export)).exit_code == 0
    other = tmp_path / "other.sqlite3"
    assert run("log", "import", str(export), "--db", str(other)).exit_code == 0
    case = load_case(str(case_dir))
    with VerdictLog(other) as log:
        again = corrected(analyze(case), log)
    assert [c.fingerprint for c in again.claims if c.dismissed] == [people["fingerprint"]]
    assert run("log", "verify", "--db", str(other)).output.startswith("ok: 1 verdicts")


def test_log_verify_detects_a_tampered_correction(db: Path, case_dir: Path) -> None:
    people = claim_with(check_json(case_dir), "More than 15,000")
    run("claim", "dismiss", str(case_dir), people["id"], "--note", "not the same")
    conn = sqlite3.connect(db, isolation_level=None)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE verdicts SET verdict = 'merge' WHERE verdict = 'dismiss'")
    conn.close()
    result = run("log", "verify")
    assert result.exit_code != 0 and "BROKEN" in result.output


def test_the_latest_of_two_editors_conflicting_corrections_applies_both_are_kept(db: Path, case_dir: Path) -> None:
    report = check_json(case_dir, "--all")
    people, homes = claim_with(report, "More than 15,000"), claim_with(report, "Some 300")
    assert run("claim", "merge", str(case_dir), people["id"], homes["id"], "--editor", "ann").exit_code == 0
    merged = next(c for c in check_json(case_dir, "--all")["claims"] if c["origin"] == "editor")
    assert run("claim", "split", str(case_dir), merged["id"], "a2.txt", "--editor", "bob").exit_code == 0
    after = [c for c in check_json(case_dir, "--all")["claims"] if c["origin"] == "editor"]
    # bob's later split applies on top of ann's merge: one a2 mention alone, the rest still joined
    assert sorted(len(c["mentions"]) for c in after) == [1, 4]
    with VerdictLog(db) as log:
        assert [v.editor for v in log.corrections("flood")] == ["ann", "bob"]


def test_log_show_lists_corrections_apart_and_leaves_the_verdicts_as_they_were(db: Path, case_dir: Path) -> None:
    report = check_json(case_dir)
    people = claim_with(report, "More than 15,000")
    assert run("verdict", str(case_dir), people["id"], "disputed", "--note", "check the police").exit_code == 0
    before = run("log", "show", str(case_dir)).output
    assert "correction" not in before
    assert run("claim", "dismiss", str(case_dir), people["id"], "--note", "two counts").exit_code == 0
    after = run("log", "show", str(case_dir)).output
    assert after.startswith(before)  # the verdicts are shown exactly as before, the corrections after them
    extra = after[len(before):].splitlines()
    assert extra[0] == "case flood: 1 correction in force"
    assert extra[1].split()[:3] == ["*", "dismissed", "ann"]
    assert "“More than 15,000” (a2.txt)" in extra[2] and "“12,000” (a1.txt)" in extra[2]
    assert extra[3].strip() == "note: two counts"
    with VerdictLog(db) as log:  # the dismissal is withdrawn (as Undo in the window does)
        made = log.corrections("flood")[0]
        log.record(Verdict(case="flood", fingerprint=made.fingerprint, editor="ann", verdict=VerdictState.RETRACTED))
    assert run("log", "show", str(case_dir)).output == before
    history = run("log", "show", str(case_dir), "--all").output
    assert "case flood: 2 corrections in log order, withdrawals included" in history
    assert [line.split()[1] for line in history.splitlines() if line.startswith("  * ")] == ["dismissed", "withdrawn"]


def test_an_editors_quote_claim_with_one_wording_and_two_speakers_is_a_conflict() -> None:
    def quote(file: str, speaker: str) -> Mention:
        words = "we have never seen water this high"
        return Mention(file, 0, len(words), words, Kind.QUOTE, value=words, speaker=speaker)

    status, _, note = compare_mentions(Kind.QUOTE, [quote("a.txt", "Anna Berg"), quote("b.txt", "Ivo Lund")])
    assert (status, note) == (Status.CONFLICT, "attributed to different speakers")
    assert compare_mentions(Kind.QUOTE, [quote("a.txt", "Anna Berg"), quote("b.txt", "Mayor Berg")])[0] is Status.AGREE
