"""The sentence around a mention, for the sheet's "each wording with its sentence"."""

from __future__ import annotations

from factdesk.publish.sentences import sentence_bounds, sentence_parts

TEXT = ("NEW YORK (Reuters) - Mayor Michael Bloomberg said on Thursday that Mr. Smith was wrong. "
        "The storm moved at 12 mph, the U.S. center said. Winds reached 90 mph!\nNext paragraph here.")


def span(word: str) -> tuple[int, int]:
    i = TEXT.index(word)
    return i, i + len(word)


def test_the_sentence_around_a_figure_ignores_abbreviations() -> None:
    s, e = sentence_bounds(TEXT, *span("12 mph"))
    assert TEXT[s:e] == "The storm moved at 12 mph, the U.S. center said."
    s, e = sentence_bounds(TEXT, *span("Smith"))
    assert TEXT[s:e].startswith("NEW YORK") and TEXT[s:e].endswith("was wrong.")


def test_a_line_break_ends_a_sentence_and_parts_split_around_the_mention() -> None:
    s, e = sentence_bounds(TEXT, *span("90 mph"))
    assert TEXT[s:e] == "Winds reached 90 mph!"
    assert sentence_parts(TEXT, *span("90 mph")) == ("Winds reached ", "90 mph", "!")


def test_a_very_long_sentence_is_cut_around_the_mention() -> None:
    text = "Before " + "word " * 200 + "the figure 42 people " + "more " * 200 + "end."
    start = text.index("42 people")
    before, mention, after = sentence_parts(text, start, start + len("42 people"))
    assert mention == "42 people"
    assert before.startswith("…") and after.endswith("…")
    assert len(before) + len(after) < 330


def test_a_quotation_that_closes_its_sentence_ends_the_context_there() -> None:
    text = 'The coach told reporters, "We played badly and we know it." Then he left the room quickly.'
    quote = '"We played badly and we know it."'
    start = text.index(quote)
    s, e = sentence_bounds(text, start, start + len(quote))
    assert text[s:e] == 'The coach told reporters, "We played badly and we know it."'


def test_every_mention_of_a_long_article_gets_the_same_sentence_as_alone() -> None:
    sentences = [f"Item {i} cost {i * 3} dollars, Dr. Lee said on Monday." for i in range(400)]
    text = " ".join(sentences)
    for i in (0, 17, 399):
        figure = f"cost {i * 3} dollars"
        start = text.index(figure)
        s, e = sentence_bounds(text, start, start + len(figure))
        assert text[s:e] == sentences[i]
