"""Dates: relative and absolute references, their resolution against the article's date, and how two
references to one event relate."""

from __future__ import annotations

import datetime as dt

from factdesk.text import dates
from factdesk.text.dates import DateRef, find_dates

ARTICLE_DATE = dt.date(2016, 3, 10)  # a Thursday


def refs(text: str, anchor: dt.date | None = ARTICLE_DATE) -> list[tuple[str, DateRef]]:
    return [(text[r.start:r.end], r) for r in find_dates(text, 0, len(text), anchor)]


def only_ref(text: str, anchor: dt.date | None = ARTICLE_DATE) -> tuple[str, DateRef]:
    found = refs(text, anchor)
    assert len(found) == 1, found
    return found[0]


def days(ref: DateRef) -> tuple[dt.date, dt.date]:
    assert ref.low is not None and ref.high is not None, ref
    return dt.date.fromordinal(ref.low), dt.date.fromordinal(ref.high)


def rel(a: str, b: str) -> str:
    """Relation of the one reference in ``a`` to the one in ``b`` (checked both ways round)."""
    _, ra = only_ref(a)
    _, rb = only_ref(b)
    forward, backward = dates.relation(ra, rb), dates.relation(rb, ra)
    assert forward == backward, (forward, backward)
    return forward


# --- relative dates -----------------------------------------------------------------------------------


def test_weeks_ago_resolves_around_the_article_date() -> None:
    text, r = only_ref("Twitter suspended the accounts two weeks ago.")
    assert text == "two weeks ago"
    assert r.form == "relative"
    lo, hi = days(r)
    assert lo <= ARTICLE_DATE - dt.timedelta(days=14) <= hi
    assert hi < ARTICLE_DATE


def test_in_the_past_six_months_runs_up_to_the_article_date() -> None:
    text, r = only_ref("It suspended accounts in the past six months.")
    assert text == "in the past six months"
    lo, hi = days(r)
    assert hi == ARTICLE_DATE
    assert dt.date(2015, 9, 1) <= lo <= dt.date(2015, 9, 15)


def test_yesterday_is_the_day_before_the_article() -> None:
    text, r = only_ref("The video appeared yesterday.")
    assert text == "yesterday"
    assert days(r) == (dt.date(2016, 3, 9), dt.date(2016, 3, 9))


def test_last_month_is_found() -> None:
    text, r = only_ref("The company changed its policy last month.")
    assert text == "last month"
    assert r.form == "relative"


def test_last_month_resolves_to_the_previous_calendar_month() -> None:
    _, r = only_ref("The company changed its policy last month.")
    assert days(r) == (dt.date(2016, 2, 1), dt.date(2016, 2, 29))


def test_relative_dates_stay_unresolved_without_an_article_date() -> None:
    for sentence in ("It happened two weeks ago.", "It happened yesterday.", "In the past six months it grew."):
        _, r = only_ref(sentence, anchor=None)
        assert r.low is None and r.high is None


def test_weekday_resolves_to_the_most_recent_one() -> None:
    _, r = only_ref("The group posted the video on Tuesday morning.")
    assert days(r) == (dt.date(2016, 3, 8), dt.date(2016, 3, 8))
    assert r.part == "morning"


# --- absolute dates -----------------------------------------------------------------------------------


def test_full_date_month_first() -> None:
    text, r = only_ref("He was born on March 21, 2012.")
    assert text == "on March 21, 2012"
    assert (r.year, r.month, r.day) == (2012, 3, 21)
    assert days(r) == (dt.date(2012, 3, 21), dt.date(2012, 3, 21))


def test_day_first_without_year_takes_the_article_year() -> None:
    text, r = only_ref("The vote was held on 13 February.")
    assert text == "on 13 February"
    assert (r.year, r.month, r.day) == (None, 2, 13)
    assert days(r) == (dt.date(2016, 2, 13), dt.date(2016, 2, 13))


def test_month_of_year() -> None:
    text, r = only_ref("The threat came in May of 2015.")
    assert text == "in May of 2015"
    assert days(r) == (dt.date(2015, 5, 1), dt.date(2015, 5, 31))


def test_year_range() -> None:
    text, r = only_ref("He lived there between 1998 and 2011.")
    assert text == "between 1998 and 2011"
    assert days(r) == (dt.date(1998, 1, 1), dt.date(2011, 12, 31))


def test_the_verb_may_is_not_a_month() -> None:
    assert refs("She may come later, officials said.") == []


def test_time_of_day() -> None:
    text, r = only_ref("The office opened at 10:30 a.m.")
    assert r.form == "time"
    assert r.minutes == 10 * 60 + 30
    assert text == "at 10:30 a.m."


def test_month_without_year_is_the_latest_one_before_the_article() -> None:
    _, r = only_ref("Back in September they moved to Telegram.")
    assert days(r) == (dt.date(2015, 9, 1), dt.date(2015, 9, 30))


def test_day_range_covers_every_day() -> None:
    text, r = only_ref("The attacks of January 7-9, 2015 shocked France.")
    assert "January 7-9, 2015" in text
    assert days(r) == (dt.date(2015, 1, 7), dt.date(2015, 1, 9))


# --- relation -------------------------------------------------------------------------------------------


def test_two_days_apart_conflict() -> None:
    assert rel("The attack was on April 14.", "The attack was on April 16.") == dates.CONFLICT


def test_on_thursday_and_thursday_are_the_same() -> None:
    assert rel("They met on Thursday.", "They met Thursday.") == dates.SAME


def test_different_weekdays_conflict() -> None:
    assert rel("They met on Thursday.", "They met on Friday.") == dates.CONFLICT


def test_morning_and_afternoon_of_one_day_conflict() -> None:
    assert rel("It happened Saturday morning.", "It happened Saturday afternoon.") == dates.CONFLICT


def test_last_friday_falls_within_last_week() -> None:
    assert rel("It happened last Friday.", "It happened last week.") == dates.COMPATIBLE


def test_relative_and_absolute_reference_are_reworded() -> None:
    assert rel("Twitter acted two weeks ago.", "Twitter acted in February.") == dates.REWORDED
    assert rel("Twitter acted in the past six months.", "Twitter acted in February.") == dates.REWORDED


def test_month_within_its_year_is_compatible() -> None:
    assert rel("It began in 2015.", "It began in May 2015.") == dates.COMPATIBLE


def test_different_years_conflict() -> None:
    assert rel("In 2014 they threatened Twitter.", "They threatened Twitter in May of 2015.") == dates.CONFLICT


def test_same_time_written_two_ways() -> None:
    assert rel("It opened at 10:30 a.m. sharp.", "It opened at 10:30 am sharp.") == dates.SAME
    assert rel("It opened at 10 a.m. sharp.", "It opened at 11 a.m. sharp.") == dates.CONFLICT


def test_qualified_date_is_reworded() -> None:
    assert rel("It ended before May 2015.", "It ended in May 2015.") == dates.REWORDED


def test_day_inside_a_day_range_is_compatible() -> None:
    assert rel("The attacks of January 7-9, 2015 shocked France.",
               "The attack of January 8, 2015 shocked France.") == dates.COMPATIBLE


def test_last_may_is_a_month_but_the_verb_may_is_not() -> None:
    text, r = only_ref("The study was published last May in a leading journal.")
    assert (text, r.form, r.month) == ("last May", "relative", 5)
    assert refs("Officials said the bridge may reopen soon.") == []
    assert refs("This May be the last chance, she wrote.") == []


def test_a_month_named_from_now_and_by_the_calendar_is_one_month() -> None:
    """"last October" and "in October" (or "Oct. 3") state one month; another month conflicts."""
    assert rel("The factory closed last October.", "The factory closed in October.") == dates.COMPATIBLE
    assert rel("The factory closed last October.", "The factory closed on Oct. 3.") == dates.COMPATIBLE
    assert rel("The factory closed last October.", "The factory closed in November.") == dates.CONFLICT
    assert rel("The factory closed last month.", "The factory closed in October.") == dates.REWORDED


def test_not_until_a_day_states_that_day() -> None:
    """"The court will not sit until Monday morning" says it sits on Monday morning: no "until" to flag."""
    _, r = only_ref("The court will not sit until Monday morning.")
    assert r.qualifier is None
    assert rel("The court will not sit until Monday morning.", "The court sits on Monday morning.") == dates.SAME
    assert rel("The shop won't reopen until Tuesday.", "The shop reopens Tuesday.") == dates.SAME
    _, r = only_ref("The road stays closed until Monday.")
    assert r.qualifier == "until"
    _, r = only_ref("Nobody was hurt. The road stays closed until Monday.")
    assert r.qualifier == "until"
