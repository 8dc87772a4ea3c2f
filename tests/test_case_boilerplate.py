"""Scraped junk: general rules, checked on the seed case and on synthetic lines."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from factdesk.case import article_from_text, load_case
from factdesk.case.boilerplate import Reason, find_boilerplate, is_title_like
from factdesk.case.sentences import is_question, sentence_count
from factdesk.model import Article, IgnoredSpan

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BODY = "The storm killed 12 people on Thursday, officials said, and more than 2,000 homes lost power."


def ignored_texts(article: Article) -> list[str]:
    return [article.text[s.start : s.end] for s in article.ignored]


def covered(article: Article, snippet: str) -> bool:
    start = article.text.index(snippet)
    return all(article.is_ignored(i, i + 1) for i in range(start, start + len(snippet)))


def touched(article: Article, snippet: str) -> bool:
    start = article.text.index(snippet)
    return article.is_ignored(start, start + len(snippet))


def assert_well_formed(text: str, spans: tuple[IgnoredSpan, ...]) -> None:
    """Sorted, non-overlapping, each span made of whole lines."""
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.start == 0 or text[s.start - 1] in "\r\n"
        assert s.end == len(text) or text[s.end] in "\r\n"
        assert s.reason


# --- the seed case ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    case = load_case(SEEDS)
    return {a.file[:3]: a for a in case.articles}


def test_seed_spans_are_well_formed(seeds: dict[str, Article]) -> None:
    for a in seeds.values():
        assert_well_formed(a.text, a.ignored)


def test_001_comment_form_is_ignored(seeds: dict[str, Article]) -> None:
    a = seeds["001"]
    start = a.text.index("Leave a Reply")
    assert a.ignored[-1] == IgnoredSpan(start, len(a.text.rstrip("\r\n")), Reason.COMMENT_FORM)
    assert covered(a, "This site uses Akismet to reduce spam.")
    assert covered(a, "You are commenting using your Facebook account.")
    assert not touched(a, "The state would serve as base")  # the paragraph just above the form


def test_001_inline_related_links_and_screenshots(seeds: dict[str, Article]) -> None:
    a = seeds["001"]
    assert covered(a, "Related: Facebook founder Mark Zuckerberg reveals 2010 Pakistan death threat")
    assert covered(a, "Screen Shot 2016-03-04 at 8.36.38 PM")
    assert covered(a, "A screenshot from the recent video released by the Islamic State")
    assert not touched(a, "suspended over 125,000 accounts")
    assert not touched(a, "In the video the group claimed to have hacked over 10,000 Facebook accounts")


def test_002_related_list_and_site_news_are_ignored(seeds: dict[str, Article]) -> None:
    a = seeds["002"]
    start = a.text.index("related articles")
    last = a.ignored[-1]
    assert (last.start, last.end, last.reason) == (start, len(a.text.rstrip("\r\n")), Reason.RELATED)
    assert covered(a, "Faith leaders pray for Trump")
    assert covered(a, "ISIS under pressure as Syrian army edges closer")


def test_002_opening_caption_is_ignored_and_the_125000_paragraph_is_not(seeds: dict[str, Article]) -> None:
    a = seeds["002"]
    assert a.ignored[0].reason == Reason.PHOTO_CAPTION
    assert covered(a, "This is a screenshot from a video footage threatening Jack Dorsey")
    assert not touched(a, "Twitter recently announced that it has suspended 125,000 accounts")
    assert not touched(
        a, "In 2014, Twitter received death threats after it started cracking down on terrorists."
    )
    assert not touched(a, "ISIS targets Facebook's Mark Zuckerberg")  # headline


def test_000_photo_captions_are_ignored(seeds: dict[str, Article]) -> None:
    a = seeds["000"]
    assert covered(a, "Jack Dorsey with powerful friends")
    assert covered(a, "[Photo by Scott Olson/Getty Images]")
    assert covered(a, "Founder and CEO of Facebook Mark Zuckerberg [Photo by David Ramos/Getty Images]")
    assert covered(a, "[Photos by Scott Olson and David Ramos/Getty Images]")
    assert not touched(a, "Then ISIS threatened Mark Zuckerberg and Jack Dorsey")
    assert not touched(a, "because 125,000")


def test_003_has_no_junk(seeds: dict[str, Article]) -> None:
    assert seeds["003"].ignored == ()


def test_004_next_previous_links_are_ignored(seeds: dict[str, Article]) -> None:
    a = seeds["004"]
    assert [s.reason for s in a.ignored] == [Reason.PHOTO_CAPTION, Reason.PROBLEM_REPORT, Reason.NAVIGATION]
    assert covered(a, "Report a problem with article")
    assert covered(a, "Microsoft updates Facebook Beta app")
    assert covered(a, "but do they mean it?")
    assert not touched(a, "Since then, hacktivist group Anonymous has countered its moves")


# --- line rules ---------------------------------------------------------------------------------

JUNK_LINES = [
    ("Leave a Reply", Reason.COMMENT_FORM),
    ("Your email address will not be published. Required fields are marked *", Reason.COMMENT_FORM),
    ("Name *", Reason.COMMENT_FORM),
    ("Post Comment", Reason.COMMENT_FORM),
    ("Report a problem with article", Reason.PROBLEM_REPORT),
    ("Read more: Storm batters the coast", Reason.RELATED),
    ("More from Reuters", Reason.RELATED),
    ("Next post", Reason.NAVIGATION),
    ("« Previous Article", Reason.NAVIGATION),
    ("Photo: Jane Doe/Reuters", Reason.PHOTO_CAPTION),
    ("Firefighters at the scene. (Photo by Jane Doe/Getty Images)", Reason.PHOTO_CAPTION),
    ("Firefighters at the scene on Thursday. AP Photo/Jane Doe", Reason.PHOTO_CAPTION),
    ("Getty Images", Reason.PHOTO_CAPTION),
    ("Image caption Firefighters at the scene", Reason.PHOTO_CAPTION),
    ("Image copyright Reuters", Reason.PHOTO_CAPTION),
    ("caption", Reason.PHOTO_CAPTION),
    ("Firefighters at the scene on Thursday. (Jane Doe/The Daily, Pool)", Reason.PHOTO_CAPTION),
    ("FILE - In this March 3, 2016, file photo, the mayor speaks in the town hall.", Reason.PHOTO_CAPTION),
    ("Media playback is unsupported on your device Media caption The mayor speaks", Reason.VIDEO_CAPTION),
    ("Share this", Reason.SHARE),
    ("Share this article", Reason.SHARE),
    ("Tweet", Reason.SHARE),
    ("Email", Reason.SHARE),
    ("Facebook", Reason.SHARE),
    ("Pinterest", Reason.SHARE),
    ("Facebook | Twitter | Email | 12 Comments", Reason.SHARE),
    ("Subscribe", Reason.NEWSLETTER),
    ("Sign up for our newsletter", Reason.NEWSLETTER),
    ("Get the latest headlines delivered to your inbox", Reason.NEWSLETTER),
    (
        "We use cookies to give you the best experience. By continuing to use this site you accept them.",
        Reason.COOKIES,
    ),
    ("Advertisement", Reason.ADVERTISEMENT),
    ("Story continues below advertisement", Reason.ADVERTISEMENT),
    ("Click here to see the storm's path", Reason.CLICK_HERE),
    ("© 2016 Example Media Group. All rights reserved.", Reason.COPYRIGHT),
    ("Copyright 2016 The Associated Press. All rights reserved.", Reason.COPYRIGHT),
    ("The mayor at 11pm pic.twitter.com/AbC123xyz", Reason.EMBEDDED_POST),
    ("— Jane Doe (@janedoe) March 2, 2016", Reason.EMBEDDED_POST),
    ("Write to Jane Doe at jane.doe@example.com", Reason.FOOTER),
    ("(Reporting by Jane Doe; Editing by John Roe)", Reason.FOOTER),
    ("AP writer John Roe in London contributed to this report.", Reason.FOOTER),
]


@pytest.mark.parametrize(("line", "reason"), JUNK_LINES)
def test_junk_line_is_ignored(line: str, reason: str) -> None:
    text = f"Headline\n\n{BODY}\n\n{line}\n\n{BODY} Again.\n"
    spans = find_boilerplate(text)
    start = text.index(line)
    assert spans == (IgnoredSpan(start, start + len(line), reason),)


BODY_LINES = [
    "Facebook said it had removed 10,000 accounts, while Twitter suspended 125,000 more.",
    "He said he would share this information with the committee on Tuesday.",
    "The mayor urged residents to sign up for emergency alerts; 2,000 already had.",
    "The bakery sold 5,000 cookies on Saturday, the owner said.",
    "Copyright lawyers say the case could take years.",
    "Contact tracing began after 12 cases, officials said on Twitter.",
    "More — and worse — was to come, the report said.",
    "Photo evidence was shown in court, the judge said.",
    "The caption on the photo said 125,000 people had attended.",
    "Read his statement in full, the lawyer told reporters.",
    "Next, the committee will vote on the budget.",
    "Click and collect orders rose 12 percent.",
    "A screenshot of the post, seen by Reuters, shows 5,000 accounts. The company declined to comment.",
    "WASHINGTON (AP) — The Senate voted 52-48 on Thursday to confirm the nominee.",
    "Related charges were filed against 3 other men, prosecutors said.",
]


@pytest.mark.parametrize("line", BODY_LINES)
def test_body_line_is_kept(line: str) -> None:
    text = f"Headline\n\n{BODY}\n\n{line}\n\n{BODY} Again.\n"
    assert find_boilerplate(text) == ()


# --- block and shape rules ----------------------------------------------------------------------


def test_related_header_takes_the_links_under_it_but_not_the_body_after() -> None:
    text = (
        f"Headline\n\n{BODY}\n\nRelated\n\nStorm batters the coast\nMayor declares emergency\n\n"
        f"{BODY} Then more.\n\n{BODY} And more.\n\n{BODY} The end.\n"
    )
    spans = find_boilerplate(text)
    start = text.index("Related")
    end = text.index("Mayor declares emergency") + len("Mayor declares emergency")
    assert spans == (IgnoredSpan(start, end, Reason.RELATED),)


def test_related_header_then_mostly_links_takes_the_rest() -> None:
    links = "\n".join(f"Headline number {i} about something else" for i in range(8))
    teaser = "A teaser paragraph about another story that ends with a full stop."
    text = f"Headline\n\n{BODY}\n\nYou may also like\n{links}\n\n{teaser}\n\nOne more headline\n{teaser}\n"
    (span,) = find_boilerplate(text)
    assert (span.start, span.end, span.reason) == (
        text.index("You may also like"),
        len(text) - 1,
        Reason.RELATED,
    )


def test_trailing_run_of_title_like_lines_is_a_related_list() -> None:
    text = (
        f"Headline\n\n{BODY}\n\n{BODY} The end.\n\n"
        "Storm batters the coast\nMayor declares emergency\n"
        "Floods close 12 schools\nWhy the river rose so fast\n"
    )
    (span,) = find_boilerplate(text)
    assert text[span.start : span.end].startswith("Storm batters") and span.reason == Reason.RELATED


def test_two_short_lines_at_the_end_are_not_a_list() -> None:
    text = f"Headline\n\n{BODY}\n\n{BODY} The end.\n\nStorm batters the coast\nMayor declares emergency\n"
    assert find_boilerplate(text) == ()


def test_short_sentences_at_the_end_are_body() -> None:
    ending = "An autopsy was pending.\n\nNo arrests were made.\n\nPolice are investigating.\n"
    text = f"Headline\n\n{BODY}\n\n{ending}"
    assert find_boilerplate(text) == ()


def test_a_closing_question_under_the_last_paragraph_is_body_text() -> None:
    question = "Will the new bridge open before the winter storms arrive?"
    signature = "-- Jane Doe\n\nexample.com/janedoe\n"
    text = f"Headline\n\n{BODY}\n\n{BODY} The end.\n\n{question}\n\n{signature}"
    assert find_boilerplate(text) == ()
    links = "Storm batters the coast\nMayor declares emergency\nFloods close 12 schools\n"
    listed = f"Headline\n\n{BODY}\n\n{question}\n\n{links}"
    (span,) = find_boilerplate(listed)
    assert listed[span.start : span.end] == links.strip() and span.reason == Reason.RELATED


def test_a_line_of_several_sentences_is_not_a_link() -> None:
    prose = "The council votes next week. Nobody can say how it will go"
    assert not is_title_like(prose)
    text = f"Headline\n\n{BODY}\n\n{prose}\nJane Doe\nexample.com/janedoe\n"
    assert find_boilerplate(text) == ()


@pytest.mark.parametrize(
    ("line", "sentences", "question"),
    [
        ("Storm hits coast", 1, False),
        ("Sen. Ortiz visits U.S. Army base with Gov. A. Smith", 1, False),
        ("Storm hits coast. Thousands flee", 2, False),
        ("Floods closed 12 schools in 2016. More closed this year", 2, False),
        ("What now? Will the dam hold?", 2, True),
        ('He asked: "Is the dam safe?"', 1, True),
        ("Crews saved the bridge!", 1, False),
    ],
)
def test_sentence_shape_of_a_line(line: str, sentences: int, question: bool) -> None:
    assert (sentence_count(line), is_question(line)) == (sentences, question)


def test_caption_title_above_a_caption_line() -> None:
    caption = "The mayor at work\nThe mayor in her office. [Photo by Jane Doe/Getty Images]"
    text = f"Headline\n\n{BODY}\n\n{caption}\n\n{BODY}\n"
    (span,) = find_boilerplate(text)
    assert (
        text[span.start : span.end].startswith("The mayor at work\n") and span.reason == Reason.PHOTO_CAPTION
    )


def test_embedded_tweet_text_and_signature() -> None:
    tweet = "#breaking Floods close 12 schools in #springfield tonight @CityHall"
    sig = "More at 11pm pic.twitter.com/zfnu02RjyU — Jane Doe (@janedoe) August 12, 2018"
    text = f"{tweet}\n\n{sig}\n\n{BODY}\n"
    (span,) = find_boilerplate(text)
    assert (span.start, span.end, span.reason) == (0, len(tweet) + 2 + len(sig), Reason.EMBEDDED_POST)


def test_comment_form_block() -> None:
    form = (
        "Leave a Reply\nCancel reply\nYour email address will not be published.\n"
        "Comment\nName *\nEmail *\nWebsite"
    )
    text = f"Headline\n\n{BODY}\n\n{form}\nPost Comment\n"
    (span,) = find_boilerplate(text)
    assert text[span.start : span.end] == form + "\nPost Comment"


def test_date_line_and_byline_at_the_top() -> None:
    text = f"Headline\nBy Jane Doe, The Daily\nPublished March 3, 2016 10:12 EST\n\n{BODY}\n"
    spans = find_boilerplate(text)
    assert [(text[s.start : s.end], s.reason) for s in spans] == [
        ("By Jane Doe, The Daily", Reason.BYLINE),
        ("Published March 3, 2016 10:12 EST", Reason.DATE_LINE),
    ]


def test_crlf_text_spans_cover_lines_without_their_breaks() -> None:
    text = f"Headline\r\n\r\n{BODY}\r\n\r\nAdvertisement\r\n\r\n{BODY}\r\n"
    (span,) = find_boilerplate(text)
    assert text[span.start : span.end] == "Advertisement"
    assert_well_formed(text, (span,))


def test_article_title_and_headline_skip_a_leading_caption() -> None:
    caption = "Firefighters at the scene on Thursday. (Photo: Jane Doe/Reuters)"
    a = article_from_text("a.txt", f"{caption}\n\n{BODY}\n")
    assert a.ignored[0].reason == Reason.PHOTO_CAPTION
    assert a.title.startswith("The storm killed 12 people")
    assert a.headline_end == 0  # the first real line is a lede paragraph, not a headline


def test_many_related_headers_over_prose_each_hide_only_their_own_line() -> None:
    # a megabyte of "Related" headers, each over prose: every header is junk, every paragraph is kept
    # (this took minutes while each header re-read the rest of the text; benchmarks/bench_runaway.py times it)
    block = (
        "Related\n"
        "The council met on Tuesday and agreed to spend the money on roads. It was a long meeting.\n"
        "The mayor said 12 people came. Nobody else spoke at the meeting.\n\n"
    )
    text = "Title\n\n" + block * (1_000_000 // len(block))
    spans = find_boilerplate(text)
    assert len(spans) == text.count("Related\n")
    assert all(text[s.start : s.end] == "Related" and s.reason == "related links" for s in spans)
