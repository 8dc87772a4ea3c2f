"""Figures: hedges, scales, number words, percentages, ranges and what a figure counts.

Small real sentences parsed with the real spaCy pipeline (loaded once per process).
"""

from __future__ import annotations

import itertools

import pytest

from factdesk.analysis import analyze
from factdesk.case import article_from_text
from factdesk.model import Case, Kind, Status
from factdesk.text.figures import Figure, find_figures
from factdesk.text.pipeline import parse


def figures(text: str) -> list[tuple[str, Figure]]:
    """Every figure of ``text`` with the words it covers."""
    (chunks,) = parse([text])
    return [(text[f.start:f.end], f) for c in chunks for f in find_figures(c.doc, c.base)]


def only_figure(text: str) -> tuple[str, Figure]:
    found = figures(text)
    assert len(found) == 1, found
    return found[0]


# --- hedges -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "surface", "hedge"),
    [
        ("Twitter suspended over 125,000 accounts.", "over 125,000", "over"),
        ("More than 40 people died in the fire.", "More than 40", "over"),
        ("At least 30 people were hurt.", "At least 30", "at least"),
        ("About 200 protesters came to the square.", "About 200", "about"),
        ("Nearly 500 homes burned down.", "Nearly 500", "nearly"),
        ("Up to 12 inches of snow fell overnight.", "Up to 12", "up to"),
        ("Fewer than 20 students passed the exam.", "Fewer than 20", "under"),
        ("The forum has 10,000+ users.", "10,000+", "at least"),
    ],
)
def test_hedge_is_part_of_the_figure(sentence: str, surface: str, hedge: str) -> None:
    text, f = only_figure(sentence)
    assert text == surface
    assert f.hedge == hedge
    assert f.low <= f.value <= f.high


@pytest.mark.parametrize(
    ("sentence", "direction"),
    [
        ("Twitter suspended over 125,000 accounts.", "above"),
        ("At least 30 people were hurt.", "above"),
        ("The forum has 10,000+ users.", "above"),
        ("Nearly 500 homes burned down.", "below"),
        ("Up to 12 inches of snow fell overnight.", "below"),
        ("Fewer than 20 students passed the exam.", "below"),
        ("About 200 protesters came to the square.", "both"),
    ],
)
def test_hedge_opens_the_interval_on_its_side(sentence: str, direction: str) -> None:
    _, f = only_figure(sentence)
    if direction == "above":
        assert f.low == f.value < f.high
    elif direction == "below":
        assert f.low < f.value == f.high
    else:
        assert f.low < f.value < f.high


def test_hedged_and_bare_figure_are_compatible_but_not_equal() -> None:
    _, bare = only_figure("Twitter suspended 125,000 accounts.")
    _, over = only_figure("Twitter suspended over 125,000 accounts.")
    assert bare.value == over.value == 125_000
    assert bare.hedge is None and over.hedge == "over"
    assert bare.low <= over.high and over.low <= bare.high  # intervals overlap


def test_qualifier_keeps_the_hedge_as_written() -> None:
    _, f = only_figure("More than 40 people died in the fire.")
    assert f.qualifier == "More than"


# --- scales and currencies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "surface", "value", "unit"),
    [
        ("The city has 7.7 million residents.", "7.7 million", 7_700_000, "resident"),
        ("The deal is worth $2 billion.", "$2 billion", 2_000_000_000, "USD"),
        ("He paid £14m for the house.", "£14m", 14_000_000, "GBP"),
        ("The club lost €5.58m in 2014.", "€5.58m", 5_580_000, "EUR"),
        ("It cost US$5 million to build.", "US$5 million", 5_000_000, "USD"),
    ],
)
def test_scales_and_currencies(sentence: str, surface: str, value: float, unit: str) -> None:
    text, f = only_figure(sentence)  # "in 2014" is a date, not a figure
    assert text == surface
    assert f.value == pytest.approx(value)
    assert f.unit == unit


def test_decimal_scale_keeps_its_precision() -> None:
    _, f = only_figure("The club lost €5.58m in 2014.")
    assert f.high - f.low == pytest.approx(10_000)  # stated to the ten thousand, not the million


def test_million_abbreviation_without_currency() -> None:
    text, f = only_figure("They sold 1.2m copies of the album.")
    assert text == "1.2m"
    assert f.value == pytest.approx(1_200_000)
    assert f.unit == "copy"


# --- number words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "surface", "value", "unit"),
    [
        ("Two dozen officers arrived at the scene.", "Two dozen", 24, "officer"),
        ("Twenty-five people were arrested.", "Twenty-five", 25, "people"),
        ("A hundred people marched to the town hall.", "A hundred", 100, "people"),
        ("They suspended about a dozen accounts.", "about a dozen", 12, "account"),
        ("Over one million people signed it.", "Over one million", 1_000_000, "people"),
    ],
)
def test_number_words(sentence: str, surface: str, value: float, unit: str) -> None:
    text, f = only_figure(sentence)
    assert text == surface
    assert f.value == value
    assert f.unit == unit


def test_lone_one_is_not_a_figure() -> None:
    assert figures("One of them said nothing at all.") == []


# --- percentages --------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["20%", "20 percent", "20 per cent"])
def test_percentages_written_three_ways(written: str) -> None:
    text, f = only_figure(f"Unemployment rose {written} last year.")
    assert text == written
    assert f.value == 20
    assert f.unit == "percent"


def test_percentages_written_three_ways_agree_across_articles() -> None:
    case = Case("pct", "", tuple(
        article_from_text(name, f"Jobless figures\n\nUnemployment in the region rose {written} last year, "
                                "the statistics office said.\n")
        for name, written in (("a.txt", "20%"), ("b.txt", "20 percent"), ("c.txt", "20 per cent"))
    ))
    claims = [c for c in analyze(case).claims if c.kind is Kind.NUMBER]
    (claim,) = claims
    assert {m.text for m in claim.mentions} == {"20%", "20 percent", "20 per cent"}
    assert claim.status is Status.AGREE


# --- compound adjectives, ranges, units ------------------------------------------------------------


def test_compound_adjective() -> None:
    text, f = only_figure("The group released a 25-minute video on Tuesday.")
    assert text == "25-minute"
    assert f.value == 25
    assert f.unit == "minute"


@pytest.mark.parametrize(
    ("sentence", "surface", "low", "high"),
    [
        ("Police said 10 to 15 people came.", "10 to 15", 10, 15),
        ("Between 2,500 and 5,000 people attended the rally.", "Between 2,500 and 5,000", 2_500, 5_000),
        ("About 1,200 to 1,500 troops remain.", "About 1,200 to 1,500", 1_200, 1_500),
        ("The judge handed down a two-to-eight-year term.", "two-to-eight-year", 2, 8),
        ("The walk takes a 10-to-15-minute stroll.", "10-to-15-minute", 10, 15),
    ],
)
def test_ranges(sentence: str, surface: str, low: float, high: float) -> None:
    text, f = only_figure(sentence)
    assert text == surface
    assert f.is_range
    assert (f.low, f.high) == (low, high)
    assert low < f.value < high


@pytest.mark.parametrize(
    ("sentence", "surface", "unit"),
    [
        ("Twitter suspended 125,000 accounts.", "125,000", "account"),
        ("Twitter suspended 125,000 of their accounts.", "125,000", "account"),
        ("It employs 3,000 people.", "3,000", "people"),
        ("Police counted 125 000 accounts.", "125 000", "account"),
    ],
)
def test_what_a_figure_counts(sentence: str, surface: str, unit: str) -> None:
    text, f = only_figure(sentence)
    assert text == surface
    assert f.unit == unit
    assert f.value == parse_plain(surface)


def parse_plain(s: str) -> float:
    return float(s.replace(",", "").replace(" ", ""))


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("The crane tipped over at a 30 degree angle.", "degree"),
        ("The crane tipped over at a 30-degree angle.", "degree"),
        ("Nurses worked a 12 hour shift on Sunday.", "hour"),
        ("Volunteers ran a 10 mile loop around the lake.", "mile"),
    ],
)
def test_a_measure_before_a_noun_is_the_unit(sentence: str, unit: str) -> None:
    _, f = only_figure(sentence)
    assert f.unit == unit


def test_modifier_narrows_the_unit() -> None:
    _, f = only_figure("They took 5,000 Twitter accounts.")
    assert f.unit == "account"
    assert "twitter" in f.modifiers


# --- not figures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2015 the firm grew quickly.",
        "He lived there between 1998 and 2011.",
        "The meeting began at 10:30 a.m. and ended at 5 p.m.",
        "Call 555-123-4567 for details.",
    ],
)
def test_years_times_and_phone_numbers_are_not_figures(sentence: str) -> None:
    assert figures(sentence) == []


def test_nine_eleven_is_not_a_figure() -> None:
    found = figures("The 9/11 attacks killed nearly 3,000 people.")
    assert [t for t, _ in found] == ["nearly 3,000"]


def test_fraction_is_one_figure() -> None:
    found = figures("Nearly two-thirds of voters agreed.")
    assert len(found) == 1
    text, f = found[0]
    assert text == "Nearly two-thirds"
    assert f.value == pytest.approx(2 / 3)


def test_figures_of_one_sentence_never_overlap() -> None:
    found = figures("Over 10,000 Facebook accounts, 150 Facebook groups and 5,000 Twitter accounts were taken.")
    assert [t for t, _ in found] == ["Over 10,000", "150", "5,000"]
    spans = sorted((f.start, f.end) for _, f in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_a_number_word_standing_for_people_named_before_is_no_figure() -> None:
    found = figures("Ana Ruiz and Tom Beck run the bakery. The two were robbed twice; police spoke to all three "
                    "of the staff, and the two owners lost 4,000 dollars.")
    # "The two" counts nothing; "all three of the staff" counts staff, "the two owners" owners
    assert [(text, f.unit) for text, f in found] == [("three", "staff"), ("two", "owner"), ("4,000", "USD")]
