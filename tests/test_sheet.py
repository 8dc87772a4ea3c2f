"""The discrepancy sheet's HTML: content, order, verdicts, escaping, options; the `sheet` command."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from sheet_support import accounts_claim, claim_block, record, seeds_analysis, visible_text, words

from factdesk.analysis import analyze
from factdesk.case import load_case
from factdesk.cli import cli
from factdesk.model import Analysis, Claim, Kind, Mention, Span, Status, VerdictState
from factdesk.publish.sheet import ABSENT, BLOCK_MARK, SheetOptions, sheet_html
from factdesk.publish.sheet_data import (
    Decision,
    article_labels,
    build,
    differing_spans,
    read_verdicts,
)
from factdesk.store import StoreError

PRINTED = dt.datetime(2026, 5, 10, 14, 32, tzinfo=dt.UTC)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default verdict log lives in tmp_path (FACTDESK_HOME); not created until a verdict is recorded."""
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path))
    monkeypatch.delenv("FACTDESK_DB", raising=False)
    return tmp_path / "factdesk.sqlite3"


@pytest.fixture(scope="module")
def markup_case(tmp_path_factory: pytest.TempPathFactory):
    """Articles whose title, file name and quotation contain HTML markup and a script."""
    folder = tmp_path_factory.mktemp("markup")
    (folder / "a1.txt").write_text(
        '<script>alert("title")</script> Flood closes <b>bridge</b>\n\n'
        "RIVERTOWN — The flood forced 1,200 residents from their homes on Monday, officials said. "
        '"We will <script>alert(1)</script> rebuild every house," mayor Jane Hollis said.\n',
        encoding="utf-8")
    (folder / "a2.txt").write_text(
        "Flood closes bridge in Rivertown\n\nRIVERTOWN — The flood forced 1,500 residents from their homes "
        'on Monday, officials said. "We will rebuild every single house," mayor Jane Hollis said.\n',
        encoding="utf-8")
    (folder / "a3 <i>.txt").write_text(
        "Rivertown bridge shut by flood\n\nThe flood forced about 1,200 residents from their homes "
        'on Monday. "We will rebuild every house," mayor Jane Hollis said.\n', encoding="utf-8")
    return analyze(load_case(folder))


# ----------------------------------------------------------------------------- content


def test_seed_sheet_shows_the_accounts_claim_with_every_outlets_wording() -> None:
    analysis = seeds_analysis()
    claim = accounts_claim(analysis)
    sheet = sheet_html(analysis, printed=PRINTED)
    block = claim_block(sheet, claim.id)
    seen = visible_text(block)
    assert words(claim.summary) in seen
    labels = article_labels(analysis.articles)
    for article in analysis.articles:
        mention = claim.mention_in(article.file)
        assert f"{labels[article.file]} {article.file.rsplit('.', 1)[0]}" in seen  # the outlet, named
        if mention is not None:
            assert words(mention.text) in seen  # the wording, within its sentence
        else:
            assert ABSENT in block
    assert len(claim.mentions) >= 3  # the seed case's five outlets mostly state it


def test_header_lists_case_articles_editors_date_and_counts(db: Path) -> None:
    analysis = seeds_analysis()
    record(db, analysis, accounts_claim(analysis), "ann", VerdictState.VERIFIED)
    sheet = sheet_html(analysis, read_verdicts(analysis.case), printed=PRINTED)
    header = visible_text(sheet.split(BLOCK_MARK)[1])
    # titled by what the case is about (its first headline), the case and its outlets named
    assert "DISCREPANCY SHEET" in header and words(analysis.articles[0].title) in header
    assert f"Case {analysis.case.name} · {len(analysis.articles)} outlets:" in header
    assert "Printed 2026-05-10" in header
    assert "editors: ann" in header
    conflicts = sum(c.status is Status.CONFLICT for c in analysis.claims)
    hedged = sum(c.status is Status.HEDGED for c in analysis.claims)
    assert f"{conflicts} {hedged} 1 0 0 0 {conflicts + hedged - 1} 0" in header
    articles = visible_text(sheet.split(BLOCK_MARK)[2])
    for a in analysis.articles:
        assert a.file.rsplit(".", 1)[0] in articles and words(a.title) in articles


def test_flagged_claims_come_most_urgent_first_and_agreeing_ones_only_on_request() -> None:
    analysis = seeds_analysis()
    sheet = sheet_html(analysis, printed=PRINTED)
    flagged = [c for c in analysis.claims if c.flagged]
    positions = [sheet.index(f"<b>{c.id}</b> &nbsp;") for c in flagged]
    assert positions == sorted(positions)
    agreeing = [c for c in analysis.claims if c.status is Status.AGREE]
    assert agreeing, "the seed case has claims the articles agree on"
    assert "claims the articles agree on" not in sheet
    with_agreeing = sheet_html(analysis, options=SheetOptions(include_agreeing=True), printed=PRINTED)
    section = visible_text(with_agreeing.split(BLOCK_MARK)[-3])  # before the sign-off and the colophon
    assert "claims the articles agree on" in section
    assert all(f" {c.id} " in f" {section} " for c in agreeing)


def test_differing_words_are_emphasised() -> None:
    analysis = seeds_analysis()
    claim = accounts_claim(analysis)
    hedged = [m for m in claim.mentions if m.qualifier]
    assert hedged
    for m in hedged:
        emphasised = " ".join(m.text[s:e] for s, e in differing_spans(claim, m))
        assert m.qualifier.split()[0] in emphasised.lower()
        assert "125,000" not in emphasised
    block = claim_block(sheet_html(analysis, printed=PRINTED), claim.id)
    assert f"<u>{html.escape(hedged[0].text.split()[0])}</u>" in block


def test_quotation_diffs_are_shown_word_by_word() -> None:
    analysis = seeds_analysis()
    quotes = [c for c in analysis.claims if c.flagged and any(m.diff for m in c.mentions)]
    assert quotes
    claim = quotes[0]
    block = claim_block(sheet_html(analysis, printed=PRINTED), claim.id)
    for m in claim.mentions:
        for s in m.diff:
            assert f"<u>{html.escape(analysis.case.article(m.file).text[s.start:s.end])}" in block


# ----------------------------------------------------------------------------- verdicts


def test_every_editors_latest_verdict_with_note_value_and_source(db: Path) -> None:
    analysis = seeds_analysis()
    claim = accounts_claim(analysis)
    record(db, analysis, claim, "ann", VerdictState.UNRESOLVED, note="first look")
    record(db, analysis, claim, "ann", VerdictState.VERIFIED, note="Twitter's post says over 125,000",
           correct_value="over 125,000", source="https://blog.twitter.com/2016")
    record(db, analysis, claim, "bob", VerdictState.DISPUTED, note="count unclear")
    verdicts = read_verdicts(analysis.case)
    block = visible_text(claim_block(sheet_html(analysis, verdicts, printed=PRINTED), claim.id))
    assert "≠ EDITORS DISAGREE" in block
    assert ("ann ✔ verified over 125,000 https://blog.twitter.com/2016 "
            "Twitter's post says over 125,000") in block
    assert "bob ⚑ disputed" in block and "count unclear" in block
    assert "first look" not in block  # only the latest verdict of each editor
    only_bob = sheet_html(analysis, verdicts, SheetOptions(editor="bob"), printed=PRINTED)
    bob_block = visible_text(claim_block(only_bob, claim.id))
    assert "⚑ DISPUTED" in bob_block and " ann " not in f" {bob_block} "
    assert "only bob’s verdicts" in visible_text(only_bob)


def test_stale_verdicts_are_marked(db: Path) -> None:
    analysis = seeds_analysis()
    claim = accounts_claim(analysis)
    record(db, analysis, claim, "ann", VerdictState.VERIFIED, stale=True)
    data = build(analysis, read_verdicts(analysis.case))
    entry = next(e for e in data.flagged if e.claim.id == claim.id)
    assert entry.stale and data.counts.stale == 1
    sheet = sheet_html(analysis, read_verdicts(analysis.case), printed=PRINTED)
    block = visible_text(claim_block(sheet, claim.id))
    assert "⚠ STALE" in block and "made on an earlier wording" in block


def test_still_open_lists_flagged_claims_without_a_verdict(db: Path) -> None:
    analysis = seeds_analysis()
    claim = accounts_claim(analysis)
    record(db, analysis, claim, "ann", VerdictState.VERIFIED)
    data = build(analysis, read_verdicts(analysis.case))
    assert claim.id not in {e.claim.id for e in data.still_open}
    assert {e.claim.id for e in data.still_open} == {c.id for c in analysis.claims if c.flagged} - {claim.id}
    assert all(e.decision is Decision.OPEN for e in data.still_open)
    sheet = sheet_html(analysis, read_verdicts(analysis.case), printed=PRINTED)
    assert "Still open" in sheet
    assert "Still open" not in sheet_html(analysis, options=SheetOptions(include_open=False))


def test_window_filters_restrict_the_claims() -> None:
    analysis = seeds_analysis()
    claim = accounts_claim(analysis)
    sheet = sheet_html(analysis, options=SheetOptions(claim_ids=frozenset({claim.id})), printed=PRINTED)
    flagged_ids = [c.id for c in analysis.claims if c.flagged and c.id != claim.id]
    assert all(f"<b>{i}</b> &nbsp;" not in sheet for i in flagged_ids)
    assert f"<b>{claim.id}</b> &nbsp;" in sheet


def test_missing_log_means_no_verdicts_and_is_not_created(db: Path) -> None:
    assert read_verdicts(seeds_analysis().case) == {}
    assert not db.exists()


def test_damaged_log_is_a_clear_error(db: Path) -> None:
    db.write_bytes(b"this is not a database\n" * 100)
    with pytest.raises(StoreError, match="not a factdesk verdict log"):
        read_verdicts(seeds_analysis().case)


# ----------------------------------------------------------------------------- escaping


def _with_quote_claim(analysis: Analysis) -> Analysis:
    """The analysis plus the quotation whose a1 wording holds a script (whether or not the aligner
    pairs those quotes today, the sheet must print such a wording as text)."""
    a1, a3 = analysis.case.article("a1.txt"), analysis.case.article("a3 <i>.txt")
    mentions = []
    for article in (a1, a3):
        start = article.text.index("We will")
        end = article.text.index("house", start) + len("house")
        diff = ()
        if "<script>" in article.text[start:end]:
            s = article.text.index("<script>", start)
            diff = (Span(s, article.text.index("</script>", s) + len("</script>")),)
        mentions.append(Mention(article.file, start, end, article.text[start:end], Kind.QUOTE, diff=diff))
    summary = f"quotation: “{mentions[0].text}” vs “{mentions[1].text}”"
    claim = Claim("c99", Kind.QUOTE, Status.CONFLICT, 0.7, summary, tuple(mentions), fingerprint="markup")
    return replace(analysis, claims=(*analysis.claims, claim))


def test_markup_from_articles_prints_as_text(markup_case: Analysis, db: Path) -> None:
    analysis = _with_quote_claim(markup_case)
    claim = next(c for c in analysis.claims if c.status is Status.CONFLICT and c.kind is Kind.NUMBER)
    record(db, analysis, claim, "<i>eve</i>", VerdictState.DISPUTED, note="<img src=x onerror=alert(2)>")
    sheet = sheet_html(analysis, read_verdicts(analysis.case), printed=PRINTED)
    assert "<script" not in sheet.lower()
    assert "<img" not in sheet and "<i>eve" not in sheet and "a3 <i>" not in sheet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in sheet  # the quotation, emphasised as a difference
    title = "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Flood closes &lt;b&gt;bridge&lt;/b&gt;"
    assert title in sheet
    assert "a3 &lt;i&gt;" in sheet  # the outlet (file name) escaped
    assert "&lt;img src=x onerror=alert(2)&gt;" in sheet and "&lt;i&gt;eve&lt;/i&gt;" in sheet
    seen = visible_text(sheet)
    assert "“We will <script>alert(1)</script> rebuild every house”" in seen


def test_article_labels_go_past_z() -> None:
    from factdesk.model import Article

    labels = article_labels(Article(file=f"f{i}.txt", text="") for i in range(30))
    assert [labels[f"f{i}.txt"] for i in (0, 25, 26, 29)] == ["A", "Z", "AA", "AD"]


# ----------------------------------------------------------------------------- the command


def test_sheet_command_writes_html(tmp_path: Path, db: Path) -> None:
    out = tmp_path / "sheet.html"
    result = CliRunner().invoke(cli, ["sheet", str(Path(__file__).parents[1] / "seeds"), "-o", str(out),
                                      "--include-agreeing"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "claims the articles agree on" in text
    assert words(accounts_claim(seeds_analysis()).summary) in visible_text(text)
    assert not db.exists()


def test_sheet_command_damaged_log_is_one_line_exit_1(tmp_path: Path, db: Path) -> None:
    db.write_bytes(b"garbage" * 50)
    result = CliRunner().invoke(cli, ["sheet", str(Path(__file__).parents[1] / "seeds"), "-o",
                                      str(tmp_path / "s.html")])
    assert result.exit_code == 1
    assert "not a factdesk verdict log" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "s.html").exists()


def test_sheet_command_refuses_unknown_output_kind(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sheet", "seeds", "-o", str(tmp_path / "sheet.docx")])
    assert result.exit_code == 2
    assert "name it .pdf or .html" in result.output
