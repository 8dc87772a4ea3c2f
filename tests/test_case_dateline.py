"""Publication dates from the top of an article, and the headline area."""

from __future__ import annotations

import datetime as dt

import pytest

from factdesk.case import article_from_text
from factdesk.case.dateline import find_publication_date, parse_date

BODY = "The storm killed 12 people on Thursday, officials said, and more than 2,000 homes lost power."


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("Published March 3, 2016", dt.date(2016, 3, 3)),
        ("Published 3 March 2016 10:12", dt.date(2016, 3, 3)),
        ("March 3, 2016", dt.date(2016, 3, 3)),
        ("Thursday, March 3rd, 2016 at 10:12 pm EST", dt.date(2016, 3, 3)),
        ("Updated Mar. 4, 2016 10:12 a.m. ET", dt.date(2016, 3, 4)),
        ("2016-03-03", dt.date(2016, 3, 3)),
        ("2016-03-03T10:12:00Z", dt.date(2016, 3, 3)),
        ("Posted on: 3rd of March 2016", dt.date(2016, 3, 3)),
        ("By Jane Doe | Sept. 30, 2016", dt.date(2016, 9, 30)),
        ("31/12/2016", dt.date(2016, 12, 31)),
        ("12/31/2016", dt.date(2016, 12, 31)),
        ("03/04/2016", None),  # March 4 or 3 April: no guess
        ("Thursday", None),  # a weekday alone
        ("March 3", None),  # no year
        ("March 3, '16", None),  # 2-digit year
        ("3/3/16", None),
        ("February 30, 2016", None),  # not a date
    ],
)
def test_date_line_under_the_headline(top: str, expected: dt.date | None) -> None:
    assert find_publication_date(f"Storm hits coast\n{top}\n\n{BODY}\n") == expected


def test_published_wins_over_updated() -> None:
    text = f"Headline\nUpdated March 4, 2016\nPublished March 3, 2016\n\n{BODY}\n"
    assert find_publication_date(text) == dt.date(2016, 3, 3)


@pytest.mark.parametrize(
    ("lede", "expected"),
    [
        ("WASHINGTON (AP) — The Senate voted on Thursday.", None),  # a city and no date
        ("MONTREAL—The Russian Embassy in Ottawa ripped into the government Thursday.", None),
        ("MONDAY, Jan. 25, 2016 (HealthDay News) -- Colon cancer rates are rising.", dt.date(2016, 1, 25)),
        ("WASHINGTON, March 3, 2016 (Reuters) - The Senate voted on Thursday.", dt.date(2016, 3, 3)),
        ("NEW YORK, March 3 (Reuters) - The Senate voted on Thursday.", None),
        ("The hearing on May 15, 2013 in Las Vegas lasted all day.", None),  # a date in a sentence
    ],
)
def test_dateline(lede: str, expected: dt.date | None) -> None:
    assert find_publication_date(f"{lede}\n\n{BODY}\n") == expected


def test_only_the_top_is_read() -> None:
    text = "Headline\n\n" + (BODY + "\n\n") * 10 + "Published March 3, 2016\n"
    assert find_publication_date(text) is None


def test_parse_date_shapes() -> None:
    assert parse_date("on 3 March 2016, and") == dt.date(2016, 3, 3)
    assert parse_date("Marchers 3, 2016") is None


def test_article_date_and_headline_area() -> None:
    text = f"Storm hits coast\nPublished March 3, 2016\n\n{BODY}\n"
    a = article_from_text("a.txt", text)
    assert a.date == dt.date(2016, 3, 3)
    assert a.text[: a.headline_end] == "Storm hits coast"


def test_headline_and_short_subtitle() -> None:
    text = f"Storm hits coast\nThousands without power as rivers rise\n{BODY}\n"
    a = article_from_text("a.txt", text)
    assert a.title == "Storm hits coast"
    assert a.text[: a.headline_end] == "Storm hits coast\nThousands without power as rivers rise"


def test_subtitle_with_a_final_period_is_the_lede() -> None:
    text = f"Storm hits coast\n\nThe mayor says it is the worst in years.\n\n{BODY}\n"
    a = article_from_text("a.txt", text)
    assert a.headline_end == len("Storm hits coast")


def test_lede_paragraph_is_not_a_headline() -> None:
    a = article_from_text("a.txt", f"{BODY}\n\n{BODY}\n")
    assert a.headline_end == 0
    assert a.title == BODY


def test_long_title_is_cut_at_a_word() -> None:
    words = " ".join(["word"] * 80)
    a = article_from_text("a.txt", f"{words}\n\n{BODY}\n")
    assert len(a.title) <= 200 and a.title.endswith("word…")
