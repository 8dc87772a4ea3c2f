"""`factdesk check`: the JSON contract, filters, the text report, and folders that are not a normal case.

Click's CliRunner runs the command in-process (the language model stays loaded); one test runs the
real executable as a user would.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from factdesk.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EXE = Path(sys.executable).parent / "factdesk"
KINDS = {"number", "date", "quote", "name"}
STATUSES = {"conflict", "hedged", "agree", "single"}

STORY = (
    "Twitter suspends accounts\n\n"
    "Twitter said on Thursday it had suspended {n} accounts linked to the group since February, "
    "according to Jack Dorsey, the company's chief executive.\n\n"
    "The video, posted by the group on Telegram, lasted 25 minutes.\n"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)


def write_story(folder: Path, name: str, n: str = "125,000", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(STORY.format(n=n).encode(encoding))
    return path


def content(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="module")
def seed_json() -> dict:
    """`factdesk check seeds --format json`, run as a separate process from the repository folder."""
    started = time.perf_counter()
    proc = subprocess.run([str(EXE), "check", "seeds", "--format", "json"], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    out = json.loads(proc.stdout)
    out["_seconds"] = time.perf_counter() - started
    return out


# --- the JSON contract ----------------------------------------------------------------------------------


def test_all_also_lists_what_only_one_article_states(seed_json: dict) -> None:
    everything = json.loads(run(str(SEEDS), "--format", "json", "--all").stdout)
    singles = [c for c in everything["claims"] if c["status"] == "single"]
    assert singles, "--all lists facts stated by one article"
    assert all(len({m["file"] for m in c["mentions"]}) == 1 for c in singles)
    # 000 alone says Facebook has "well over a billion" accounts
    assert any(m["text"] == "well over a billion" for c in singles for m in c["mentions"])
    # and every claim of the plain report is still there, flagged as before
    assert {c["summary"] for c in seed_json["claims"] if c["status"] in ("conflict", "hedged")} <= {
        c["summary"] for c in everything["claims"]}




def test_json_articles(seed_json: dict) -> None:
    files = sorted(p.name for p in SEEDS.glob("0*.txt"))
    assert [a["file"] for a in seed_json["articles"]] == files  # gold.json is not an article
    for a in seed_json["articles"]:
        assert isinstance(a["title"], str) and a["title"]
        assert a["chars"] == len(content(SEEDS / a["file"]))


def test_json_claims_follow_the_contract(seed_json: dict) -> None:
    files = {a["file"] for a in seed_json["articles"]}
    texts = {f: content(SEEDS / f) for f in files}
    claims = seed_json["claims"]
    assert claims
    assert [c["id"] for c in claims] == [f"c{i}" for i in range(1, len(claims) + 1)]
    for c in claims:
        assert c["kind"] in KINDS
        assert c["status"] in STATUSES - {"single"}  # singles only with --all
        assert isinstance(c["severity"], int | float) and 0 <= c["severity"] <= 1
        assert isinstance(c["summary"], str) and c["summary"]
        assert c["mentions"]
        for m in c["mentions"]:
            assert {"file", "start", "end", "text", "value", "qualifier"} <= set(m)
            assert m["file"] in files
            assert isinstance(m["start"], int) and isinstance(m["end"], int)
            assert m["text"] == texts[m["file"]][m["start"]:m["end"]]
            assert m["qualifier"] is None or isinstance(m["qualifier"], str)
            if c["kind"] == "number":
                assert isinstance(m["value"], int | float)


def test_json_shows_the_hedged_figure_like_the_contract_example(seed_json: dict) -> None:
    (claim,) = [c for c in seed_json["claims"] if c["kind"] == "number"
                and any(m["value"] == 125000 for m in c["mentions"])]
    assert claim["status"] == "hedged"
    over = [m for m in claim["mentions"] if m["text"] == "over 125,000"]
    assert over and all(m["qualifier"] == "over" and m["value"] == 125000 for m in over)


def test_cold_run_time_is_reported(seed_json: dict) -> None:
    # not a benchmark (see benchmarks/bench_analysis.py); a hang or a pathological slowdown fails here
    assert seed_json["_seconds"] < 120


def test_kind_filter(tmp_path: Path) -> None:
    write_story(tmp_path, "a.txt", "125,000")
    write_story(tmp_path, "b.txt", "over 125,000")
    everything = json.loads(run(str(tmp_path), "--format", "json").stdout)
    assert {c["kind"] for c in everything["claims"]} >= {"number", "name"}
    numbers = json.loads(run(str(tmp_path), "--format", "json", "--kind", "number").stdout)
    assert numbers["claims"]
    assert {c["kind"] for c in numbers["claims"]} == {"number"}
    assert [c["summary"] for c in numbers["claims"]] == [
        c["summary"] for c in everything["claims"] if c["kind"] == "number"]
    two = json.loads(run(str(tmp_path), "--format", "json", "--kind", "number", "--kind", "name").stdout)
    assert {c["kind"] for c in two["claims"]} == {"number", "name"}


def test_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(SEEDS), "--kind", "colour")
    assert result.exit_code == 2
    assert "colour" in result.stderr


# --- the text report -------------------------------------------------------------------------------------

CLAIM_LINE = re.compile(r"^\s*(c\d+)\s+(\S+) (conflict|hedged|agree|single)\s+(\w+)\s+severity (\d\.\d\d)\s+(.*)$")


def test_text_lists_claims_most_urgent_first(seed_json: dict) -> None:
    result = run(str(SEEDS))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert re.match(r"case seeds: 5 articles, \d+ claims, \d+ flagged", lines[0])
    claims = [m.groups() for m in map(CLAIM_LINE.match, lines) if m]
    assert [c[0] for c in claims] == [c["id"] for c in seed_json["claims"]]  # same claims as JSON
    flagged = [c[2] in ("conflict", "hedged") for c in claims]
    assert flagged == sorted(flagged, reverse=True)  # every flagged claim before the agreeing ones
    severities = [float(c[4]) for c, f in zip(claims, flagged, strict=True) if f]
    assert severities == sorted(severities, reverse=True)
    assert claims[0][2] == "conflict"
    n_flagged = int(re.search(r"(\d+) flagged", lines[0]).group(1))
    assert n_flagged == sum(flagged)


def test_text_shows_what_each_article_says(tmp_path: Path) -> None:
    write_story(tmp_path, "a.txt", "125,000")
    write_story(tmp_path, "b.txt", "over 125,000")
    out = run(str(tmp_path)).stdout
    assert "“over 125,000”" in out and "“125,000”" in out
    assert "hedged" in out


# --- folders that are not a normal case --------------------------------------------------------------------


def one_line_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    errors = [ln for ln in result.stderr.splitlines() if "rror" in ln]
    assert len(errors) == 1, result.stderr
    return errors[0]


def test_missing_folder(tmp_path: Path) -> None:
    line = one_line_error(run(str(tmp_path / "nowhere")))
    assert "not found" in line and "nowhere" in line


def test_empty_folder(tmp_path: Path) -> None:
    line = one_line_error(run(str(tmp_path)))
    assert "no articles" in line


def test_folder_with_only_gold_json(tmp_path: Path) -> None:
    (tmp_path / "gold.json").write_bytes((SEEDS / "gold.json").read_bytes())
    line = one_line_error(run(str(tmp_path)))
    assert "no articles" in line


@pytest.mark.parametrize("folder", ["nowhere", "empty"])
def test_error_is_exactly_one_line(tmp_path: Path, folder: str) -> None:
    result = run(str(tmp_path / "nowhere") if folder == "nowhere" else str(tmp_path))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_one_article_has_no_claims(tmp_path: Path) -> None:
    write_story(tmp_path, "only.txt")
    result = run(str(tmp_path), "--format", "json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert [a["file"] for a in out["articles"]] == ["only.txt"]
    assert out["claims"] == []
    text = run(str(tmp_path))
    assert text.exit_code == 0
    assert "1 articles, 0 claims" in text.stdout or "1 article, 0 claims" in text.stdout


def test_binary_file_is_skipped_with_a_warning_naming_it(tmp_path: Path) -> None:
    write_story(tmp_path, "a.txt", "125,000")
    write_story(tmp_path, "b.txt", "over 125,000")
    (tmp_path / "photo.txt").write_bytes(bytes(range(256)) * 8)
    result = run(str(tmp_path), "--format", "json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert [a["file"] for a in out["articles"]] == ["a.txt", "b.txt"]
    assert any("photo.txt" in w for w in out["warnings"])
    assert out["claims"]
    assert any("photo.txt" in ln and "warning" in ln for ln in run(str(tmp_path)).stdout.splitlines())


def test_cp1252_article_beside_utf8_is_read_with_a_warning(tmp_path: Path) -> None:
    story = "Café owner quoted\n\nMathias Döpfner said on Thursday that {n} accounts were suspended.\n"
    (tmp_path / "a.txt").write_bytes(story.format(n="125,000").encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(story.format(n="125,000").encode("utf-8"))
    (tmp_path / "c.txt").write_bytes(story.format(n="over 125,000").encode("cp1252"))
    result = run(str(tmp_path), "--format", "json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert [a["file"] for a in out["articles"]] == ["a.txt", "b.txt", "c.txt"]
    assert any(w.startswith("c.txt") and "cp1252" in w for w in out["warnings"])
    c_text = (tmp_path / "c.txt").read_bytes().decode("cp1252")
    mentions = [m for c in out["claims"] for m in c["mentions"] if m["file"] == "c.txt"]
    assert any(m["text"] == "Mathias Döpfner" for m in mentions)
    assert any(m["text"] == "over 125,000" for m in mentions)
    for m in mentions:  # offsets index the decoded text
        assert c_text[m["start"]:m["end"]] == m["text"]


def test_five_megabyte_article_completes_with_a_warning(tmp_path: Path) -> None:
    paragraphs = [p for f in sorted(SEEDS.glob("0*.txt")) for p in re.split(r"\n\s*\n", content(f))
                  if len(p) > 200]
    parts: list[str] = []
    size = 0
    while size < 5_000_000:
        parts.append(paragraphs[len(parts) % len(paragraphs)])
        size += len(parts[-1].encode("utf-8")) + 2
    (tmp_path / "huge.txt").write_text("\n\n".join(parts), encoding="utf-8")
    (tmp_path / "small.txt").write_bytes((SEEDS / "003_45184740cf43bbab.txt").read_bytes())
    started = time.perf_counter()
    result = run(str(tmp_path), "--format", "json")
    seconds = time.perf_counter() - started
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    huge = content(tmp_path / "huge.txt")
    assert out["articles"][0]["chars"] == len(huge)
    assert any(w.startswith("huge.txt is") and "only its first" in w for w in out["warnings"])
    for c in out["claims"]:
        for m in c["mentions"]:
            if m["file"] == "huge.txt":
                assert huge[m["start"]:m["end"]] == m["text"]
    print(f"5 MB article: {seconds:.0f} s")
