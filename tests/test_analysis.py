"""End to end on the bundled seed case: what a fact-checker opening it would look for.

The seed case is analysed once per session (``seed_analysis`` in conftest.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factdesk.model import Analysis, Claim, Kind, Mention, Status

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
F000, F001, F002, F003, F004 = sorted(p.name for p in SEEDS.glob("0*.txt"))


def content(file: str) -> str:
    with open(SEEDS / file, encoding="utf-8", newline="") as f:
        return f.read()


def claims_with(analysis: Analysis, kind: Kind, predicate) -> list[Claim]:
    return [c for c in analysis.claims if c.kind is kind and any(predicate(m) for m in c.mentions)]


def texts_by_file(claim: Claim) -> dict[str, str]:
    return {m.file: m.text for m in claim.mentions}


def diff_words(m: Mention) -> list[str]:
    text = content(m.file)
    return [text[s.start:s.end] for s in m.diff]


# --- what diverges is flagged ---------------------------------------------------------------------------


def test_suspended_accounts_figure_is_hedged_with_its_different_hedges(seed_analysis: Analysis) -> None:
    (claim,) = claims_with(seed_analysis, Kind.NUMBER, lambda m: m.value == 125_000)
    assert claim.status is Status.HEDGED
    assert texts_by_file(claim) == {
        F000: "125,000", F001: "over 125,000", F002: "125,000", F003: "over 125,000", F004: "at least 125,000",
    }
    assert {m.file: m.qualifier for m in claim.mentions} == {
        F000: None, F001: "over", F002: None, F003: "over", F004: "at least",
    }
    assert "125,000" in claim.summary
    assert claim.severity > 0


@pytest.mark.parametrize(
    ("value", "hedged_in"),
    [(10_000, {F001, F002, F004}), (150, {F002}), (5_000, {F002})],
)
def test_claimed_hacks_are_hedged_where_one_outlet_hedges(seed_analysis: Analysis, value: int,
                                                          hedged_in: set[str]) -> None:
    claims = claims_with(seed_analysis, Kind.NUMBER, lambda m: m.value == value and m.file == F002)
    (claim,) = claims
    assert claim.status is Status.HEDGED
    assert {m.file for m in claim.mentions if m.qualifier} == hedged_in


def test_when_the_accounts_were_suspended_is_flagged(seed_analysis: Analysis) -> None:
    claims = claims_with(seed_analysis, Kind.DATE, lambda m: "two weeks ago" in m.text)
    (claim,) = claims
    assert claim.flagged
    said = texts_by_file(claim)
    assert "two weeks ago" in said[F000]
    assert said[F001] == "in February"
    assert said[F002] == "in the past six months"


def test_suspend_and_suspended_quotation_is_a_conflict_showing_the_words(seed_analysis: Analysis) -> None:
    claims = claims_with(seed_analysis, Kind.QUOTE, lambda m: "announce daily that you suspend" in m.text)
    (claim,) = claims
    assert claim.status is Status.CONFLICT
    assert {F000, F001, F002, F004} <= set(claim.files)
    m000 = claim.mention_in(F000)
    assert m000 is not None and "suspended" in diff_words(m000)
    others = [w for m in claim.mentions if m.file != F000 for w in diff_words(m)]
    assert "suspend" in others
    for m in claim.mentions:  # the highlighted words lie inside the mention
        assert all(m.start <= s.start < s.end <= m.end for s in m.diff)


def test_dopfner_spelled_two_ways_inside_one_article_is_flagged(seed_analysis: Analysis) -> None:
    claims = [c for c in seed_analysis.claims if c.kind is Kind.NAME
              and {m.text for m in c.mentions} == {"Mathias Dopfner", "Mathias Döpfner"}]
    (claim,) = claims
    assert claim.status is Status.CONFLICT
    assert set(claim.files) == {F001}
    assert any("within one article" in w for w in claim.warnings)


# --- what agrees is never flagged -------------------------------------------------------------------------


def test_twenty_five_minute_video_is_never_flagged(seed_analysis: Analysis) -> None:
    claims = claims_with(seed_analysis, Kind.NUMBER, lambda m: m.text == "25-minute")
    assert not any(c.flagged for c in claims)
    for c in claims:
        assert {m.text for m in c.mentions} == {"25-minute"}


@pytest.mark.parametrize("name", ["Mark Zuckerberg", "Jack Dorsey", "Vocativ", "Telegram"])
def test_names_spelled_alike_everywhere_are_never_flagged(seed_analysis: Analysis, name: str) -> None:
    claims = claims_with(seed_analysis, Kind.NAME, lambda m: name in m.text)
    assert claims, f"{name} is not found"
    assert not any(c.flagged for c in claims), [c.summary for c in claims if c.flagged]
    widest = max(claims, key=lambda c: len(c.mentions))
    assert widest.status is Status.AGREE
    assert len(widest.mentions) >= 3


def test_gold_agreeing_facts_are_never_flagged(seed_analysis: Analysis) -> None:
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    flagged = [m for c in seed_analysis.flagged if "within one article" not in c.warnings for m in c.mentions]
    for entry in gold["entries"]:
        if entry["diverges"]:
            continue
        for file, v in entry["variants"].items():
            start, end = v["start"], v["start"] + len(v["text"])
            hits = [m for m in flagged if m.file == file and m.start < end and start < m.end]
            assert not hits, (entry["id"], entry["about"], [m.text for m in hits])


def test_name_mention_is_the_name_only(seed_analysis: Analysis) -> None:
    (claim,) = [c for c in claims_with(seed_analysis, Kind.NAME, lambda m: m.text == "Jack Dorsey")
                if len(c.mentions) > 1]
    assert {m.text for m in claim.mentions} == {"Jack Dorsey"}


def test_the_videos_words_are_not_attributed_to_a_person(seed_analysis: Analysis) -> None:
    video = ("You announce daily", "Many of these accounts have been given")
    speakers = {m.speaker for c in seed_analysis.claims if c.kind is Kind.QUOTE for m in c.mentions
                if any(v in m.text for v in video)}
    assert not speakers & {"Mathias Döpfner", "Mathias Dopfner", "Zuckerberg", "Mark Zuckerberg"}


# --- spans -----------------------------------------------------------------------------------------------


def test_every_mention_is_the_text_at_its_offsets(seed_analysis: Analysis) -> None:
    texts = {f: content(f) for f in (F000, F001, F002, F003, F004)}
    for c in seed_analysis.claims:
        for m in c.mentions:
            assert m.text == texts[m.file][m.start:m.end], (c.id, m)
            assert m.text.strip() == m.text and m.text


def test_no_mention_inside_ignored_boilerplate(seed_analysis: Analysis) -> None:
    assert any(a.ignored for a in seed_analysis.articles)  # photo captions, related links, comment form
    for c in seed_analysis.claims:
        for m in c.mentions:
            assert not seed_analysis.case.article(m.file).is_ignored(m.start, m.end), (c.id, m.text)


# --- the list of claims ------------------------------------------------------------------------------------


def test_claims_are_listed_most_urgent_first(seed_analysis: Analysis) -> None:
    claims = seed_analysis.claims
    assert [c.id for c in claims] == [f"c{i}" for i in range(1, len(claims) + 1)]
    flags = [c.flagged for c in claims]
    assert flags == sorted(flags, reverse=True)  # every flagged claim before every agreeing one
    severities = [c.severity for c in claims if c.flagged]
    assert severities == sorted(severities, reverse=True)
    assert all(0.0 <= c.severity <= 1.0 for c in claims)
    assert all(c.severity == 0 for c in claims if not c.flagged)


def test_fingerprints_are_unique(seed_analysis: Analysis) -> None:
    prints = [c.fingerprint for c in seed_analysis.claims]
    assert len(set(prints)) == len(prints)
    assert all(prints)


def test_claims_span_two_articles_or_say_why_not(seed_analysis: Analysis) -> None:
    for c in seed_analysis.claims:
        if len(set(c.files)) < 2:
            assert any("within one article" in w for w in c.warnings), c.summary


def test_the_real_language_model_was_used(seed_analysis: Analysis) -> None:
    assert "core_web_sm" in seed_analysis.model
    assert seed_analysis.warnings == ()
