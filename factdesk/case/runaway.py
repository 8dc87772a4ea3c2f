"""Text that would keep the analysis busy for minutes: runaway runs, and more text than a case can take.

* A run of ``RUNAWAY_RUN`` characters without a space is no word, figure or quote
  (50,000 ``"`` in a row, a data: URL, a minified script); the language model's
  tokenizer takes time that grows with the square of such a run. Its line is left
  out of the analysis, with a warning.
* A case's articles share ``CASE_TEXT_BUDGET`` characters of analysed text: each
  gets at least ``FAIR_SHARE``; a longer article is cut at a line start once its
  share is spent, with a warning naming it. A normal case (a few dozen articles
  of a few thousand characters) is never cut; fifty 1 MB files are analysed in
  under a minute instead of half an hour.
* In a case over its budget, an article is not even read to its end: junk, headline
  and date are looked for in its head only, ``LOOKAHEAD`` times its share of the
  case's text (:func:`reading_limits`); the rest is left out as over the budget
  (finding the junk in 50 MB took longer than all the rest of the analysis).

Everything here is one pass over the text (linear in its length).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import chain

from factdesk.case.textlines import Line
from factdesk.model import Article, IgnoredSpan

RUNAWAY_RUN = 1_000  # characters without a space
CASE_TEXT_BUDGET = 600_000  # characters of text analysed per case
FAIR_SHARE = 10_000  # characters every article may have analysed, whatever the budget
LOOKAHEAD = 2  # an over-full case's article is read this many times its share far, no farther
RUNAWAY = "runaway text (no spaces)"
OVER_BUDGET = "over the case's analysis budget"
_RUN = re.compile(r"\S+")
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{RUNAWAY_RUN},}}")  # from a word's start only: each word tried once


def runaway_spans(text: str, lines: Sequence[Line]) -> tuple[tuple[IgnoredSpan, ...], list[str]]:
    """Lines holding a run of ``RUNAWAY_RUN`` non-space characters (with the blank lines after them)."""
    spans: list[IgnoredSpan] = []
    notes: list[str] = []
    for k, line in enumerate(lines):
        if len(line.text) < RUNAWAY_RUN:
            continue
        longest = max((m.end() - m.start() for m in _RUN.finditer(line.text)), default=0)
        if longest < RUNAWAY_RUN:
            continue
        # up to the next line with text: the analysis reads whole paragraphs, a cut there stays whole
        end = next((lines[j].start for j in range(k + 1, len(lines)) if not lines[j].blank), len(text))
        spans.append(IgnoredSpan(line.start, end, RUNAWAY))
        notes.append(f"line {line.index + 1} holds {longest:,} characters without a space: it was not analysed")
    return tuple(spans), notes


def text_size(text: str) -> int:
    """Characters of ``text`` outside runs of ``RUNAWAY_RUN`` non-space characters (no lines needed)."""
    return len(text) - sum(m.end() - m.start() for m in _LONG_RUN.finditer(text))


def reading_limits(sizes: Sequence[int]) -> list[int | None]:
    """How far into each article (in characters outside runaway runs) junk is looked for; None: to its end.

    ``sizes`` are the articles' :func:`text_size`.  Only in a case over its budget, and only for an
    article longer than ``LOOKAHEAD`` times its share: what lies beyond would be cut anyway, and the
    head holds its share of analysed text unless more than half of it is junk.
    """
    share = _share(sizes)
    if share is None:
        return [None] * len(sizes)
    limit = LOOKAHEAD * share
    return [limit if size > limit else None for size in sizes]


def head_end(text: str, limit: int) -> int | None:
    """The line start after the first ``limit`` characters of ``text`` outside runaway runs (None: it ends first)."""
    return _offset_after(text, ((m.start(), m.end()) for m in _LONG_RUN.finditer(text)), limit)  # read lazily


def analysed_chars(article: Article) -> int:
    """Characters of ``article`` not in an ignored span."""
    return article.chars - sum(s.end - s.start for s in article.ignored)


def budget_end(article: Article) -> int:
    """Where the article's text left out as over the case's budget starts (its length when nothing was)."""
    last = article.ignored[-1] if article.ignored else None
    return last.start if last and last.reason == OVER_BUDGET and last.end == article.chars else article.chars


def analysed_end(article: Article) -> int:
    """Where the text ends that is worth reading: before what is left out at its end for its cost alone
    (runaway lines, text over the case's budget); its length when nothing is."""
    end = article.chars
    for span in sorted(article.ignored, key=lambda s: s.start, reverse=True):
        if span.end < end or span.reason not in (RUNAWAY, OVER_BUDGET):
            break
        end = span.start
    return end


def left_out_from(spans: Sequence[IgnoredSpan], cut: int, length: int) -> tuple[IgnoredSpan, ...]:
    """``spans`` (sorted) with the text from ``cut`` to ``length`` left out as over the budget; a span
    reaching past the cut ends there (the reason of what follows the cut is the budget, whatever it holds)."""
    kept = tuple(IgnoredSpan(s.start, min(s.end, cut), s.reason) for s in spans if s.start < cut)
    return (*kept, IgnoredSpan(cut, length, OVER_BUDGET))


def within_case_budget(articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
    """The articles with the text beyond each one's share of the case's budget left out, and warnings.

    An article read only in part (:func:`reading_limits`) is named too, the text it was not read for
    counted in what the case holds.
    """
    sizes = [analysed_chars(a) for a in articles]
    unread = [a.chars - budget_end(a) for a in articles]
    share = _share(sizes)
    held = sum(sizes) + sum(unread)
    result: list[Article] = []
    warnings: list[str] = []
    for article, size, left in zip(articles, sizes, unread, strict=True):
        cut = _cut_offset(article, share) if share is not None and size > share else None
        if cut is not None:
            article = replace(article, ignored=left_out_from(article.ignored, cut, article.chars))
        result.append(article)
        if cut is not None or left:
            warnings.append(
                f"{article.file}: only its first {analysed_chars(article):,} characters of text were analysed "
                f"(the case holds {held:,}, more than the {CASE_TEXT_BUDGET:,} analysed per case)"
            )
    return result, warnings


def _share(sizes: Sequence[int]) -> int | None:
    """The most text one article may have analysed so that the case fits its budget; None: no cut needed."""
    if sum(sizes) <= CASE_TEXT_BUDGET:
        return None
    remaining, left = CASE_TEXT_BUDGET, len(sizes)
    for size in sorted(sizes):  # the small articles keep all their text, the big ones share the rest
        share = remaining // left
        if size > share:
            return max(FAIR_SHARE, share)
        remaining, left = remaining - size, left - 1
    return None


def _cut_offset(article: Article, share: int) -> int | None:
    """The start of the first line after ``share`` analysed characters (None: the text ends first)."""
    return _offset_after(article.text, sorted((s.start, s.end) for s in article.ignored), share)


def _offset_after(text: str, spans: Iterable[tuple[int, int]], count: int) -> int | None:
    """The start of the first line after ``count`` characters outside ``spans`` (sorted; None: the text ends first)."""
    counted, pos = 0, 0
    for start, end in chain(spans, [(len(text), len(text))]):
        free = max(0, start - pos)
        if counted + free >= count:
            at = pos + count - counted
            newline = text.find("\n", at)
            if newline < 0:  # one endless line: cut at a space, else right there
                space = text.find(" ", at)
                newline = space if space >= 0 else at
            return newline + 1 if newline < len(text) - 1 else None
        counted += free
        pos = max(pos, end)
    return None
