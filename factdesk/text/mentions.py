"""Find the candidate mentions of one article: quotes, dates, figures and names with context.

Quotes are found first; figures and dates inside a quotation belong to the quote.
Ignored boilerplate never yields a mention.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from factdesk.text.align import Candidate
from factdesk.text.dates import find_dates
from factdesk.text.figures import find_figures
from factdesk.text.names import find_names, quoted_names
from factdesk.text.pipeline import Chunk
from factdesk.text.quotes import MIN_WORDS, find_quotes, passages

if TYPE_CHECKING:
    from spacy.tokens import Doc

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
NEAR = 6  # tokens either side that count as the mention's immediate context
WIDE = 25  # tokens either side that count as the mention's wider context (across sentences)


@dataclass
class ArticleMentions:
    figures: list[Candidate]
    dates: list[Candidate]
    quotes: list[Candidate]
    names: list[Candidate]


class ChunkIndex:
    """Token positions, content lemmas and sentence bounds of one parsed chunk."""

    def __init__(self, chunk: Chunk):
        doc: Doc = chunk.doc
        self.base = chunk.base
        self.starts = [t.idx + chunk.base for t in doc]
        tagged = any(t.pos_ for t in doc[:50])
        self.content: list[str | None] = [_content_word(t, tagged) for t in doc]
        self.verb_of = [_governing_verb(t) for t in doc]
        self.sent_of = [0] * len(doc)
        self.sents: list[tuple[int, int]] = []
        for k, s in enumerate(doc.sents):
            self.sents.append((s.start, s.end))
            for i in range(s.start, s.end):
                self.sent_of[i] = k

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        j = max(i + 1, bisect.bisect_left(self.starts, end))
        return i, j

    def context(self, start: int, end: int) -> Context:
        if not self.starts:
            return Context()
        i, j = self.token_range(start, end)
        s_lo, s_hi = self.sents[self.sent_of[min(i, len(self.sent_of) - 1)]]
        near = {w for w in self.content[max(s_lo, i - NEAR):i] + self.content[j:min(s_hi, j + NEAR)] if w}
        sent = {w for w in self.content[s_lo:i] + self.content[j:s_hi] if w}
        wide = {w for w in self.content[max(0, i - WIDE):i] + self.content[j:j + WIDE] if w}
        prev = next((w for w in reversed(self.content[s_lo:i]) if w and not w.startswith("#")), "")
        anchor = self.verb_of[min(j, len(self.verb_of)) - 1]
        return Context(frozenset(near), frozenset(sent), frozenset(wide), prev, anchor)


@dataclass(frozen=True)
class Context:
    """What surrounds a mention: the evidence of what it is about."""

    near: frozenset[str] = frozenset()
    sent: frozenset[str] = frozenset()
    wide: frozenset[str] = frozenset()
    prev: str = ""
    anchor: str = ""


def _governing_verb(t) -> str:
    """The lemma of the verb a token hangs from ("killed" for "11" in "Gloria killed 11")."""
    for _ in range(6):
        if t.pos_ == "VERB" or t.head is t:
            break
        t = t.head
    return (t.lemma_ or t.lower_).lower() if t.pos_ == "VERB" else ""


def _content_word(t, tagged: bool) -> str | None:
    """The lemma a token contributes to context, or None for function words and punctuation."""
    if t.like_num and any(ch.isdigit() for ch in t.text):
        return "#" + t.text.replace(",", "")
    if t.is_alpha and not t.is_stop and len(t) > 1 and (t.pos_ in CONTENT_POS or not tagged):
        return (t.lemma_ or t.lower_).lower()
    return None


def _overlap_test(ranges: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """``overlaps(s, e)``: whether any of ``ranges`` overlaps ``[s, e)`` -- ``any(a < e and s < b ...)`` in log time."""
    ordered = sorted(ranges)
    starts = [a for a, _ in ordered]
    reach = list(accumulate((b for _, b in ordered), max))  # the farthest end of the ranges so far

    def overlaps(s: int, e: int) -> bool:
        i = bisect.bisect_left(starts, e)  # ranges[:i] start before e
        return i > 0 and reach[i - 1] > s

    return overlaps


def _within(ranges: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The ranges that overlap ``[start, end)``: all a chunk's mentions can meet (each chunk's work stays its own)."""
    return [(a, b) for a, b in ranges if a < end and start < b]


def find_mentions(file: str, article_index: int, text: str, chunks: list[Chunk],
                  ignored: list[tuple[int, int]], headline_end: int,
                  anchor: dt.date | None) -> ArticleMentions:
    out = ArticleMentions([], [], [], [])
    indexes = [ChunkIndex(c) for c in chunks]

    def index_for(pos: int) -> ChunkIndex | None:
        for ix, c in zip(indexes, chunks, strict=True):
            if c.base <= pos < c.base + len(c.text):
                return ix
        return None

    def make(start: int, end: int, payload, keys=()) -> Candidate:
        ix = index_for(start)
        ctx = ix.context(start, end) if ix else Context()
        return Candidate(file, article_index, start, end, payload, ctx.near, ctx.sent, ctx.wide, ctx.prev,
                         ctx.anchor, start / max(len(text), 1), tuple(keys), in_headline=start < headline_end)

    in_junk = _overlap_test(ignored)
    quotes = [q for q in find_quotes(text) if not in_junk(q.start, q.end)]
    # a title or scare quote keeps its names and figures; a real quotation owns them
    quote_ranges = [(q.start - 1, q.end + 1) for q in quotes if len(text[q.start:q.end].split()) >= MIN_WORDS]
    for seg in passages(text, quotes):
        out.quotes.append(make(seg.start, seg.end, seg, keys=_shingles(seg.words)))
    skip = ignored + quote_ranges
    quoted = quoted_names(text, quotes)
    for chunk in chunks:
        c_start, c_end = chunk.base, chunk.base + len(chunk.text)
        chunk_skip, chunk_ignored = _within(skip, c_start, c_end), _within(ignored, c_start, c_end)
        date_refs = find_dates(text, c_start, c_end, anchor, chunk_skip)
        for d in date_refs:
            out.dates.append(make(d.start, d.end, d))
        date_ranges = [(d.start, d.end) for d in date_refs]
        figure_ranges = []
        for f in find_figures(chunk.doc, chunk.base, chunk_skip + date_ranges, chunk.text):
            out.figures.append(make(f.start, f.end, f))
            figure_ranges.append((f.start, f.end))
        titled = [n for n in quoted if c_start <= n.start < c_end]
        titled_ranges = [(n.start, n.end) for n in titled]
        names = find_names(chunk.doc, chunk.base, chunk_ignored + date_ranges + figure_ranges + titled_ranges)
        for n in [*titled, *names]:
            out.names.append(make(n.start, n.end, n))
    return out


def _shingles(words: tuple[str, ...], k: int = 3) -> list[tuple[str, ...]]:
    return [words[i:i + k] for i in range(max(1, len(words) - k + 1))]
