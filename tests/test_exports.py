"""CSV, JSON and ClaimReview exports of the sheet's claims and verdicts; the `export` command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sheet_support import SEEDS, accounts_claim, record, seeds_analysis

from factdesk.cli import cli
from factdesk.model import VerdictState
from factdesk.publish.exports import CSV_COLUMNS, claim_review, export_text, to_json, write_csv
from factdesk.publish.sheet_data import SheetOptions, build, read_verdicts


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path))
    monkeypatch.delenv("FACTDESK_DB", raising=False)
    return tmp_path / "factdesk.sqlite3"


@pytest.fixture
def with_verdicts(db: Path):
    """The seed case with ann's verdict on the accounts claim, bob's on it, and a stale one on another."""
    analysis = seeds_analysis()
    claim = accounts_claim(analysis)
    other = next(c for c in analysis.claims if c.flagged and c.id != claim.id)
    record(db, analysis, claim, "ann", VerdictState.VERIFIED, note="Twitter said over 125,000",
           correct_value="over 125,000", source="https://blog.twitter.com/2016")
    record(db, analysis, claim, "bob", VerdictState.DISPUTED, note="count unclear")
    record(db, analysis, other, "ann", VerdictState.UNRESOLVED, stale=True)
    return analysis, read_verdicts(analysis.case)


def test_csv_has_one_row_per_claim_and_article(with_verdicts) -> None:
    analysis, verdicts = with_verdicts
    data = build(analysis, verdicts)
    buf = io.StringIO(newline="")
    n = write_csv(data, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue(), newline="")))
    assert n == len(rows) == len(data.flagged) * len(analysis.articles)
    assert tuple(rows[0]) == CSV_COLUMNS
    claim = accounts_claim(analysis)
    mine = [r for r in rows if r["claim"] == claim.id]
    assert [r["file"] for r in mine] == [a.file for a in analysis.articles]
    for r in mine:
        m = claim.mention_in(r["file"])
        assert r["states"] == ("yes" if m else "no")
        assert r["wording"] == (" ".join(m.text.split()) if m else "")
        assert r["verdicts"] == "ann: verified | bob: disputed"
        assert r["decision"] == "split"
        assert r["correct_values"] == "ann: over 125,000"


def test_json_is_the_check_contract_plus_verdicts(with_verdicts) -> None:
    analysis, verdicts = with_verdicts
    out = json.loads(export_text(build(analysis, verdicts), "json"))
    assert {a["file"] for a in out["articles"]} == {a.file for a in analysis.articles}
    for c in out["claims"]:
        assert {"id", "kind", "status", "severity", "summary", "mentions", "verdicts", "decision"} <= set(c)
        for m in c["mentions"]:
            assert analysis.case.article(m["file"]).text[m["start"]:m["end"]] == m["text"]
    claim = accounts_claim(analysis)
    exported = next(c for c in out["claims"] if c["id"] == claim.id)
    assert [(v["editor"], v["verdict"], v["stale"]) for v in exported["verdicts"]] == [
        ("ann", "verified", False), ("bob", "disputed", False)]
    assert out["counts"]["stale"] == 1 and out["editors"] == ["ann", "bob"]


def test_json_of_one_editor(with_verdicts) -> None:
    analysis, verdicts = with_verdicts
    out = to_json(build(analysis, verdicts, SheetOptions(editor="bob")))
    assert out["verdicts_of"] == "bob"
    assert {v["editor"] for c in out["claims"] for v in c["verdicts"]} == {"bob"}


def test_claimreview_is_json_ld_with_the_required_fields(with_verdicts) -> None:
    analysis, verdicts = with_verdicts
    doc = json.loads(export_text(build(analysis, verdicts), "claimreview"))
    assert doc["@context"] == "https://schema.org"
    reviews = doc["@graph"]
    assert len(reviews) == 2  # ann's and bob's on the accounts claim; the stale one is left out
    claim = accounts_claim(analysis)
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == claim.summary
        dt.date.fromisoformat(review["datePublished"])
        assert review["author"]["@type"] == "Person" and review["author"]["name"] in {"ann", "bob"}
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"] in {"Verified", "Disputed"}
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert {a["identifier"] for a in item["appearance"]} == set(claim.files)
        assert all(a["@type"] == "CreativeWork" and a["text"] for a in item["appearance"])
    ann = next(r for r in reviews if r["author"]["name"] == "ann")
    assert ann["citation"] == "https://blog.twitter.com/2016"
    assert "over 125,000" in ann["reviewBody"]
    assert len(claim_review(build(analysis, verdicts), include_stale=True)["@graph"]) == 3


def test_no_verdicts_no_reviews(db: Path) -> None:
    assert claim_review(build(seeds_analysis(), read_verdicts(seeds_analysis().case)))["@graph"] == []
    assert not db.exists()


def test_export_command_writes_each_format(tmp_path: Path, with_verdicts) -> None:
    runner = CliRunner()
    out = tmp_path / "reviews.jsonld"
    result = runner.invoke(cli, ["export", str(SEEDS), "--format", "claimreview", "-o", str(out),
                                 "--editor", "ann"])
    assert result.exit_code == 0, result.output
    reviews = json.loads(out.read_text(encoding="utf-8"))["@graph"]
    assert [r["author"]["name"] for r in reviews] == ["ann"]
    result = runner.invoke(cli, ["export", str(SEEDS), "--format", "csv", "--include-agreeing"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["status"] for r in rows} >= {"conflict", "hedged", "agree"}


def test_export_command_missing_folder_fails_before_analysis(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(SEEDS), "--format", "json", "-o",
                                      str(tmp_path / "nope" / "x.json")])
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_the_export_command_offers_every_export_format() -> None:
    import factdesk.cli.sheet as cli_sheet
    from factdesk.publish import exports

    assert cli_sheet.FORMATS == exports.FORMATS


@pytest.fixture
def hostile_verdicts(db: Path):
    """Notes, values and an editor name written to attack whoever opens the exports."""
    analysis = seeds_analysis()
    claim = accounts_claim(analysis)
    record(db, analysis, claim, "=cmd|'/c calc'!A1", VerdictState.DISPUTED,
           note='</script><script>alert(1)</script> & more', correct_value="+1+1", source="@SUM(A1:A9)")
    record(db, analysis, claim, "-bob", VerdictState.VERIFIED, note="=HYPERLINK(\"http://evil\",\"x\")")
    return analysis, read_verdicts(analysis.case)


def test_csv_cells_that_look_like_formulas_stay_text(hostile_verdicts) -> None:
    """Issue #15, 11 (OWASP CSV injection)."""
    analysis, verdicts = hostile_verdicts
    rows = list(csv.DictReader(io.StringIO(export_text(build(analysis, verdicts), "csv"), newline="")))
    cells = [cell for row in rows for cell in row.values() if cell]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert any("=HYPERLINK" in cell for cell in cells)  # neutralised, not dropped


def test_claimreview_can_be_embedded_in_a_page(hostile_verdicts) -> None:
    """Issue #15, 12: no raw </script> (nor < > &) in the JSON-LD; a JSON reader gets the note back."""
    analysis, verdicts = hostile_verdicts
    text = export_text(build(analysis, verdicts), "claimreview")
    assert not any(ch in text for ch in "<>&")
    notes = [r["reviewRating"].get("ratingExplanation") for r in json.loads(text)["@graph"]]
    assert '</script><script>alert(1)</script> & more' in notes


def test_a_verified_value_marks_each_outlet_as_matching_or_differing(db: Path) -> None:
    """Until a verdict decides, the sheet and the CSV speak of the most common wording; once an editor
    verified a value, each outlet matches it or differs from it. Never "outlier" or "majority"."""
    from sheet_support import claim_block, visible_text

    from factdesk.publish.sheet import sheet_html

    analysis = seeds_analysis()
    claim = accounts_claim(analysis)
    before = sheet_html(analysis)
    assert "outlier" not in before.lower() and "majority" not in before.lower()
    record(db, analysis, claim, "ann", VerdictState.VERIFIED, correct_value="over 125,000",
           source="https://blog.twitter.com/2016")
    verdicts = read_verdicts(analysis.case)
    block = visible_text(claim_block(sheet_html(analysis, verdicts), claim.id))
    assert "Verified value: “over 125,000”" in block
    matching = [m for m in claim.mentions if " ".join(m.text.split()).lower() == "over 125,000"]
    assert matching and len(matching) < len(claim.mentions)
    assert block.count("✔ matches the verified value") == len(matching)
    assert block.count("≠ differs from the verified value") == len(claim.mentions) - len(matching)
    buf = io.StringIO(newline="")
    write_csv(build(analysis, verdicts), buf)
    rows = [r for r in csv.DictReader(io.StringIO(buf.getvalue())) if r["claim"] == claim.id and r["states"] == "yes"]
    roles = {r["file"]: r["role"] for r in rows}
    for m in claim.mentions:
        expected = "matches the verified value" if m in matching else "differs from the verified value"
        assert roles[m.file] == expected
