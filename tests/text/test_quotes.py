"""Quotations: odd quote marks, passages over paragraphs, word differences and speakers."""

from __future__ import annotations

import pytest

from factdesk.text.quotes import Quote, QuoteSegment, find_quotes, passages, word_diff

LONG = "We will never give up the fight for our town"


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


def one_passage(text: str) -> QuoteSegment:
    (seg,) = passages(text, find_quotes(text))
    return seg


def changed(a: str, b: str) -> tuple[list[str], list[str]]:
    """The words of quote ``a`` and quote ``b`` that word_diff marks as different."""
    sa, sb = one_passage(a), one_passage(b)
    d = word_diff(sa, sb)
    return [a[slice(*sa.word_spans[i])] for i in d.in_a], [b[slice(*sb.word_spans[i])] for i in d.in_b]


# --- odd quote marks never crash -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"""',
        "“",
        "”",
        "““””",
        'A " B " C "',
        'He said "we will never give up the fight for our town.',
        "”closing first, then “an opening mark that never closes",
        '"We will fight," he said. "They will lose',
        '"\n"\n"\n',
        "«Nous ne céderons jamais devant les menaces», a dit le maire.",
        "“Nested “marks” inside” and out.",
        '5\'10" tall and 6" wide, he said "maybe"',
        "",
        "\n\n\n",
    ],
)
def test_odd_quote_marks_never_crash(text: str) -> None:
    for q in find_quotes(text):
        assert 0 <= q.start < q.end <= len(text)
        inner = text[q.start:q.end]
        assert "\n" not in inner  # a quote never runs past its paragraph
        assert inner == inner.strip()
    for seg in passages(text, find_quotes(text)):
        assert seg.text == text[seg.start:seg.end]
        assert len(seg.words) == len(seg.word_spans)
        assert all(seg.start <= a < b <= seg.end for a, b in seg.word_spans)


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = f'He said "{LONG}.\n\nThe next paragraph is not part of the quotation.'
    assert quoted(text) == [f"{LONG}."]


def test_a_single_mark_quotes_nothing() -> None:
    assert quoted('"') == []
    assert quoted("“") == []


def test_three_marks_quote_the_first_pair() -> None:
    text = f'"{LONG}," he said, adding " and more'
    assert quoted(text)[0] == LONG


def test_straight_quote_after_a_digit_is_not_an_opening_mark() -> None:
    text = f'The 6" pipe burst. "{LONG}," the engineer said.'
    assert LONG in quoted(text)


# --- paragraphs -------------------------------------------------------------------------------------


def test_multi_paragraph_quote_opens_on_each_paragraph() -> None:
    first = "The first paragraph of the statement is long enough here."
    second = "The second paragraph of the statement follows it right here."
    text = f"The statement read:\n\n“{first}\n\n“{second}”\n\nReporters asked no questions."
    assert quoted(text) == [first, second]  # each paragraph's quotation stops at its paragraph
    (passage,) = passages(text, find_quotes(text))  # ... and both make one passage
    assert passage.text.startswith(first)
    assert passage.text.endswith(second)
    assert passage.words == tuple(w.lower().strip(".") for w in f"{first} {second}".split())


def test_quotes_by_two_speakers_are_two_passages() -> None:
    text = (f"“{LONG},” said John Smith.\n\n"
            "“This is a lie from start to finish,” said Jane Doe.")
    found = passages(text, find_quotes(text))
    assert [p.speaker for p in found] == ["John Smith", "Jane Doe"]


def test_a_straight_mark_closed_by_a_curly_one_ends_the_quotation() -> None:
    text = '"Can anybody tell me why they did that?” asks Ann Berg. “We will keep going until the end.”'
    passage = one_passage(text)
    assert "asks" not in passage.words and "berg" not in passage.words
    assert passage.words[-3:] == ("until", "the", "end")


def test_attribution_inside_a_passage_is_not_quoted_words() -> None:
    text = f"“{LONG},” said John Smith. “We will rebuild every single house.”"
    passage = one_passage(text)
    assert "said" not in passage.words and "smith" not in passage.words
    assert passage.words[-3:] == ("every", "single", "house")
    assert passage.speaker == "John Smith"
    assert [text[a:b] for a, b in passage.word_spans][:2] == ["We", "will"]


def test_short_quoted_title_is_no_passage() -> None:
    text = "The group calls itself “Sons Caliphate Army” online."
    assert len(find_quotes(text)) == 1
    assert passages(text, find_quotes(text)) == []


# --- word differences ---------------------------------------------------------------------------------


def test_inflection_is_a_difference() -> None:
    a = "“You announce daily that you suspend many of our accounts.”"
    b = "“You announce daily that you suspended many of our accounts.”"
    assert changed(a, b) == (["suspend"], ["suspended"])


def test_different_word_is_a_difference() -> None:
    a = "“If you close one account we will take ten in return.”"
    b = "“If you close one account we will take twenty in return.”"
    assert changed(a, b) == (["ten"], ["twenty"])


def test_punctuation_is_not_a_difference() -> None:
    a = "“You announce daily that you suspend many of our accounts.”"
    b = '"You announce daily, that you suspend many of our accounts!"'
    sa, sb = one_passage(a), one_passage(b)
    assert sa.words == sb.words
    assert not word_diff(sa, sb)


def test_curly_and_straight_apostrophes_are_not_a_difference() -> None:
    a = "\"It's a day we won't forget for a long time,\" she said."
    b = "“It’s a day we won’t forget for a long time,” she said."
    sa, sb = one_passage(a), one_passage(b)
    assert sa.words == sb.words
    assert not word_diff(sa, sb)


def test_shorter_excerpt_is_not_a_difference() -> None:
    a = "“You announce daily that you suspend many of our accounts and we laugh.”"
    b = "“You announce daily that you suspend many of our accounts.”"
    assert changed(a, b) == ([], [])


def test_word_spans_are_the_words_in_the_text() -> None:
    text = "“You announce daily that you suspended many of our accounts.”"
    seg = one_passage(text)
    assert [text[a:b] for a, b in seg.word_spans] == text.strip("“”.").split()


# --- speakers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"“{LONG},” said John Smith.",
        f"John Smith said: “{LONG}.”",
        f"“{LONG},” John Smith said.",
        f"“{LONG},” John Smith told reporters.",
    ],
)
def test_named_speaker(text: str) -> None:
    (q,) = find_quotes(text)
    assert q.speaker == "John Smith"


def test_speaker_who_told_someone_before_the_quote() -> None:
    (q,) = find_quotes(f'John Smith told reporters: "{LONG}."')
    assert q.speaker == "John Smith"


def test_speaker_travels_with_the_passage() -> None:
    text = f"“{LONG}. We will rebuild every house,” said John Smith."
    assert one_passage(text).speaker == "John Smith"


def test_quote_without_attribution_has_no_speaker() -> None:
    (q,) = find_quotes(f"Posters on the wall read “{LONG}” in red paint.")
    assert q.speaker is None


@pytest.mark.parametrize("text", [f"She said: “{LONG}.”", f'He said "{LONG}."'])
def test_pronoun_is_not_a_speaker_name(text: str) -> None:
    (q,) = find_quotes(text)
    assert q.speaker is None


def test_quote_value_type() -> None:
    (q,) = find_quotes(f"“{LONG},” said John Smith.")
    assert isinstance(q, Quote)


def test_narration_paragraph_ends_a_passage() -> None:
    text = ("“Many of these accounts have been given to supporters,” the video says.\n\n"
            "Social media companies are under pressure to close down accounts used by ISIS.\n\n"
            "“We don't want people doing that kind of stuff on Facebook,” Zuckerberg said.")
    found = passages(text, find_quotes(text))
    assert len(found) == 2
    assert found[0].speaker != "Zuckerberg"
    assert "Social" not in found[0].text


def test_person_spoken_to_is_not_the_speaker() -> None:
    (q,) = find_quotes("“I am very concerned but not because of the video,” he told Mathias Döpfner.")
    assert q.speaker != "Mathias Döpfner"


@pytest.mark.parametrize(("a", "b"), [
    ("The well being of our patients comes first, always and everywhere",
     "The well-being of our patients comes first, always and everywhere"),
    ("We waited for hours _ then the doors finally opened to the public",
     "We waited for hours — then the doors finally opened to the public"),
    ("She asked 'Is it over? Is it safe?' and nobody answered her at all",
     "She asked ‘Is it over? Is it safe?’ and nobody answered her at all"),
])
def test_hyphens_dashes_and_inner_quote_marks_are_no_word_difference(a: str, b: str) -> None:
    (first,), (second,) = ([*passages(t, find_quotes(t))] for t in (f"“{a},” she said.\n", f"“{b},” she said.\n"))
    assert not word_diff(first, second)


def test_an_unclosed_straight_quote_ends_where_the_next_one_opens() -> None:
    """A scrape that lost a closing mark must not swap what is quoted and what is narration."""
    text = ('The senator said tellers would face charges. "They could go to prison. '
            '"But you squeezed your staff to the breaking point," she said.')
    assert [text[q.start:q.end] for q in find_quotes(text)] == [
        "They could go to prison.", "But you squeezed your staff to the breaking point"]


def test_straight_quotes_that_close_normally_are_read_as_before() -> None:
    text = 'He said "we will win" and "we will fight" today.'
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["we will win", "we will fight"]
