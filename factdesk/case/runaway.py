"""Text that would keep the analysis busy for minutes: runaway runs, and more text than a case can take.

* A run of ``RUNAWAY_RUN`` characters without a space is no word, figure or quote
  (50,000 ``"`` in a row, a data: URL, a minified script); the language model's
  tokenizer takes time that grows with the square of such a run. Its line is left
  out of the analysis, with a warning.
* A case's articles share ``CASE_TEXT_BUDGET`` characters of analysed text: each
  gets at least ``FAIR_SHARE``; a longer article is cut at a line start once its
  share is spent, with a warning naming it. A normal case (a few dozen articles
  of a few thousand characters) is never cut; fifty 1 MB files are analysed in
  about a minute instead of half an hour.

Everything here is one pass over the text (linear in its length).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from factdesk.case.boilerplate import merge_spans
from factdesk.case.textlines import Line
from factdesk.model import Article, IgnoredSpan

RUNAWAY_RUN = 1_000  # characters without a space
CASE_TEXT_BUDGET = 600_000  # characters of text analysed per case
FAIR_SHARE = 10_000  # characters every article may have analysed, whatever the budget
RUNAWAY = "runaway text (no spaces)"
OVER_BUDGET = "over the case's analysis budget"
_RUN = re.compile(r"\S+")


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
        end = next((ln.start for ln in lines[k + 1 :] if not ln.blank), len(text))
        spans.append(IgnoredSpan(line.start, end, RUNAWAY))
        notes.append(f"line {line.index + 1} holds {longest:,} characters without a space: it was not analysed")
    return tuple(spans), notes


def analysed_chars(article: Article) -> int:
    """Characters of ``article`` not in an ignored span."""
    return article.chars - sum(s.end - s.start for s in article.ignored)


def within_case_budget(articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
    """The articles with the text beyond each one's share of the case's budget left out, and warnings."""
    sizes = [analysed_chars(a) for a in articles]
    share = _share(sizes)
    if share is None:
        return list(articles), []
    result: list[Article] = []
    warnings: list[str] = []
    for article, size in zip(articles, sizes, strict=True):
        cut = _cut_offset(article, share) if size > share else None
        if cut is None:
            result.append(article)
            continue
        span = IgnoredSpan(cut, len(article.text), OVER_BUDGET)
        result.append(replace(article, ignored=merge_spans(article.ignored, (span,))))
        warnings.append(
            f"{article.file}: only its first {share:,} characters of text were analysed (the case holds "
            f"{sum(sizes):,}, more than the {CASE_TEXT_BUDGET:,} analysed per case)"
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
    text, spans = article.text, sorted(article.ignored, key=lambda s: s.start)
    counted, pos = 0, 0
    for span in [*spans, IgnoredSpan(len(text), len(text), "")]:
        free = max(0, span.start - pos)
        if counted + free >= share:
            at = pos + share - counted
            newline = text.find("\n", at)
            if newline < 0:  # one endless line: cut at a space, else right there
                space = text.find(" ", at)
                newline = space if space >= 0 else at
            return newline + 1 if newline < len(text) - 1 else None
        counted += free
        pos = max(pos, span.end)
    return None
