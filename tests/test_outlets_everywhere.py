"""Articles by outlet everywhere: check JSON, the text report, the sheet, CSV and ClaimReview."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sheet_support import SEEDS, accounts_claim, record

from factdesk.analysis import analyze
from factdesk.case import load_case
from factdesk.case.manifest import update_article
from factdesk.case.metadata import ArticleMeta
from factdesk.cli import cli
from factdesk.model import VerdictState
from factdesk.publish.exports import claim_review, write_csv
from factdesk.publish.sheet import sheet_html
from factdesk.publish.sheet_data import build, read_verdicts

OUTLETS = ("Example Wire", "The Daily Example", "Example Herald", "Morning Courier", "Northern Times")


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("outlets") / "seeds"
    shutil.copytree(SEEDS, folder)
    files = [a.file for a in load_case(folder).articles]
    for i, (file, outlet) in enumerate(zip(files, OUTLETS, strict=False)):
        update_article(folder, file, ArticleMeta(outlet=outlet, url=f"https://news{i}.example/story",
                                                 published=f"2016-08-1{i}T10:00+00:00", byline=f"Writer {i}"))
    return folder


@pytest.fixture(scope="module")
def analysis(case_dir: Path):  # type: ignore[no-untyped-def]
    return analyze(load_case(case_dir))


def test_check_json_names_each_articles_outlet_and_keeps_the_offsets(case_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(case_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    first = out["articles"][0]
    assert first["outlet"] == "Example Wire"
    assert first["url"] == "https://news0.example/story"
    assert first["published"] == "2016-08-10T10:00+00:00"
    assert first["byline"] == "Writer 0"
    texts = {a["file"]: (case_dir / a["file"]).read_text(encoding="utf-8") for a in out["articles"]}
    for claim in out["claims"]:
        for m in claim["mentions"]:
            assert texts[m["file"]][m["start"]:m["end"]] == m["text"]


def test_the_text_report_names_outlets(case_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(case_dir)])
    assert "Example Wire" in result.output and "Northern Times" in result.output


def test_sheet_csv_and_claimreview_name_outlets(analysis, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path))
    monkeypatch.delenv("FACTDESK_DB", raising=False)
    claim = accounts_claim(analysis)
    record(tmp_path / "factdesk.sqlite3", analysis, claim, "ann", VerdictState.DISPUTED)
    data = build(analysis, read_verdicts(analysis.case))
    page = sheet_html(analysis, read_verdicts(analysis.case))
    assert "Example Wire" in page and "Writer 0" in page
    buf = io.StringIO(newline="")
    write_csv(data, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue(), newline="")))
    assert {r["outlet"] for r in rows} == set(OUTLETS[:len(analysis.articles)])
    (review,) = claim_review(data)["@graph"]
    appearances = review["itemReviewed"]["appearance"]
    for work in appearances:
        assert work["url"].startswith("https://news") and work["url"].endswith(".example/story")
        assert work["datePublished"].startswith("2016-08-1")
        assert work["publisher"]["name"] in OUTLETS
