"""Property: whatever the text, every mention is exactly ``article.text[start:end]``.

Arbitrary text mixed with the things the extractors look for (figures, dates, quote marks, names)
and the things that break naive offset code (emoji, combining accents, CRLF).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdesk.analysis import analyze
from factdesk.case import article_from_text
from factdesk.model import Case

PIECES = [
    "125,000", "over 125,000", "at least 10,000+", "€5.58m", "20 per cent", "two dozen", "25-minute",
    "10 to 15", "between 2,500 and 5,000", "two weeks ago", "in February", "March 21, 2012", "on Thursday",
    "Mark Zuckerberg", "Döpfner", "Dopfner", "Kim Jong-nam", "Twitter’s", "#Sons_Caliphate_Army",
    "“", "”", '"', "«", "»", "'", "’", "said John Smith.", "You announce daily that you suspend many",
    "😀", "👍🏽", "🇫🇷", "e\u0301", "\u00a0", "\u200b", "\r\n", "\n\n", "\n", " ", ". ", ", ", "—",
]
word = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    min_size=1, max_size=8,
)
piece = st.one_of(st.sampled_from(PIECES), word)


@st.composite
def outlets(draw: st.DrawFn) -> list[str]:
    """Two or three articles telling one story: shared pieces, each with its own additions."""
    story = draw(st.lists(piece, min_size=2, max_size=30))
    texts = []
    for _ in range(draw(st.integers(2, 3))):
        own = draw(st.lists(piece, max_size=8))
        at = draw(st.integers(0, len(story)))
        texts.append(" ".join(story[:at] + own + story[at:]))
    return texts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=outlets())
def test_every_mention_is_the_text_at_its_offsets(texts: list[str]) -> None:
    articles = tuple(article_from_text(f"a{i}.txt", t) for i, t in enumerate(texts))
    analysis = analyze(Case("property", "", articles))
    for claim in analysis.claims:
        for m in claim.mentions:
            text = analysis.case.article(m.file).text
            assert 0 <= m.start < m.end <= len(text)
            assert m.text == text[m.start:m.end]
            for span in m.diff:
                assert m.start <= span.start < span.end <= m.end
