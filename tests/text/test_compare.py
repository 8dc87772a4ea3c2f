"""Status of aligned figures, names and dates, on small real cases: what the desk sees flagged."""

from __future__ import annotations

import pytest

from factdesk.analysis import analyze
from factdesk.case import article_from_text
from factdesk.model import Case, Claim, Kind, Status
from factdesk.text import compare


def claims_of(kind: Kind, *sentences: str) -> list[Claim]:
    """Analyse one sentence per outlet (under a shared headline) and keep the claims of one kind."""
    articles = tuple(
        article_from_text(f"{chr(97 + i)}.txt", f"Storm report\n\n{sentence}\n")
        for i, sentence in enumerate(sentences)
    )
    return [c for c in analyze(Case("t", "", articles)).claims if c.kind is kind]


def only_claim(kind: Kind, *sentences: str) -> Claim:
    (claim,) = claims_of(kind, *sentences)
    return claim


def test_close_bare_counts_conflict() -> None:
    claim = only_claim(Kind.NUMBER,
                       "Police said four people were in custody on Friday.",
                       "Police said three people were in custody on Friday.")
    assert claim.status is Status.CONFLICT


@pytest.mark.parametrize(("fine", "coarse"), [("95.1 percent", "95 percent"), ("70.3 percent", "70 percent")])
def test_rounding_is_hedged_not_a_conflict(fine: str, coarse: str) -> None:
    claims = claims_of(Kind.NUMBER,
                       f"The survival rate for localized cancer was {fine}, the study found.",
                       f"The survival rate for localized cancer was {coarse}, the study found.")
    (claim,) = [c for c in claims if c.mentions[0].unit == "percent"]
    assert claim.status is Status.HEDGED


def test_capitals_in_a_dateline_are_no_spelling_variant() -> None:
    claims = claims_of(Kind.NAME,
                       "NEW YORK (AP) — The subway will close in New York at noon, officials said.",
                       "The subway will close in New York at noon, officials said.")
    assert all(c.status is Status.AGREE for c in claims), [c.summary for c in claims]


def test_initials_of_a_place_are_no_spelling_variant() -> None:
    claims = claims_of(Kind.NAME,
                       "Marchers gathered in Washington D.C. on Sunday, organisers said.",
                       "Marchers gathered in Washington on Sunday, organisers said.")
    assert not any(c.flagged for c in claims), [c.summary for c in claims]


def test_a_misspelt_place_is_flagged() -> None:
    claim = only_claim(Kind.NAME,
                       "The storm reached Morehead City before dawn, forecasters said.",
                       "The storm reached Moorehead City before dawn, forecasters said.")
    assert claim.status is Status.CONFLICT


def test_a_place_stated_in_by_one_outlet_and_near_by_another_is_hedged() -> None:
    claim = only_claim(Kind.NAME,
                       "The van overturned in Springfield on Friday, the sheriff said.",
                       "The van overturned near Springfield on Friday, the sheriff said.")
    assert claim.status is Status.HEDGED
    assert sorted(m.text for m in claim.mentions) == ["in Springfield", "near Springfield"]


def test_outside_a_place_is_near_it() -> None:
    claim = only_claim(Kind.NAME,
                       "The van overturned just outside Springfield on Friday, the sheriff said.",
                       "The van overturned in Springfield on Friday, the sheriff said.")
    assert claim.status is Status.HEDGED
    assert "just outside Springfield" in [m.text for m in claim.mentions]


def test_a_place_stated_in_by_every_outlet_agrees_and_keeps_its_span() -> None:
    claim = only_claim(Kind.NAME,
                       "The van overturned in Springfield on Friday, the sheriff said.",
                       "The van overturned in Springfield late on Friday, the sheriff said.")
    assert claim.status is Status.AGREE
    assert [m.text for m in claim.mentions] == ["Springfield", "Springfield"]


def test_today_and_a_weekday_are_one_day_worded_differently() -> None:
    claims = claims_of(Kind.DATE,
                       "The governor will tour the flooded coast today, her office said.",
                       "The governor will tour the flooded coast on Saturday, her office said.")
    (claim,) = [c for c in claims if len({m.file for m in c.mentions}) == 2]
    assert claim.status is Status.HEDGED, claim.summary


def test_a_weekend_and_one_of_its_days_agree() -> None:
    claims = claims_of(Kind.DATE,
                       "Volunteers cleared the beach over the weekend, the mayor said.",
                       "Volunteers cleared the beach on Saturday, the mayor said.")
    assert not any(c.flagged for c in claims), [c.summary for c in claims]


def test_figures_an_order_of_magnitude_apart_are_not_one_claim() -> None:
    claims = claims_of(Kind.NUMBER,
                       "The storm could cause as much as $13.9 billion in damage, analysts said.",
                       "Beach houses that rent for $4,000 a week stood empty, analysts said.")
    assert not any(c.flagged for c in claims), [c.summary for c in claims]


def test_a_hashtag_is_no_spelling_of_the_name_it_tags() -> None:
    claims = claims_of(Kind.NAME,
                       "Donors gave to the Harbour Relief Fund on Monday. #Harbour_Relief_Fund",
                       "Donors gave to the Harbour Relief Fund on Monday, organisers said.")
    assert not any(c.flagged for c in claims), [c.summary for c in claims]


def test_the_same_figure_with_its_noun_left_unsaid_agrees() -> None:
    claims = claims_of(Kind.NUMBER,
                       "Traffic on Route 12 was backed up for miles as residents left, police said.",
                       "Traffic on Route 12 corridor lanes was backed up for miles as residents left, police said.")
    assert not any(c.flagged for c in claims), [c.summary for c in claims]


QUOTED = '"We will rebuild the old ferry pier before the winter storms come,"'


def test_the_same_words_put_in_two_mouths_are_flagged() -> None:
    claim = only_claim(Kind.QUOTE,
                       f"{QUOTED} said Alice Brennan, the harbour master.",
                       f"{QUOTED} said Tomas Okafor, a town councillor.")
    assert claim.status is Status.CONFLICT, claim.summary
    assert claim.note == "attributed to different speakers"


def test_one_speaker_named_more_or_less_fully_agrees() -> None:
    claim = only_claim(Kind.QUOTE,
                       f"{QUOTED} said Alice Brennan, the harbour master.",
                       f"{QUOTED} said Dr. Brennan on Monday.")
    assert claim.status is Status.AGREE, claim.summary


@pytest.mark.parametrize(("speakers", "different"), [
    ({"Brennan", "Alice Brennan"}, False),
    ({"Mayor Alice Brennan", "Alice M. Brennan"}, False),
    ({"Alice Brennan", "Tomas Okafor"}, True),
    ({"Brennan"}, False),
])
def test_different_speakers(speakers: set[str], different: bool) -> None:
    assert compare.different_speakers(speakers) is different


def test_a_passage_that_differs_in_one_quotation_is_shown_by_that_quotation() -> None:
    first = "We have cleared the whole north bank of debris"
    said = '," the foreman said. "'
    claim = only_claim(Kind.QUOTE,
                       f'"{first}{said}Nobody will fish in that damned river again this year."',
                       f'"{first}{said}Nobody will fish in that river again this year."')
    assert claim.status is Status.CONFLICT
    for m in claim.mentions:
        assert first not in m.text and m.text.startswith("Nobody will fish"), m.text
        assert all(m.start <= d.start and d.end <= m.end for d in m.diff)
