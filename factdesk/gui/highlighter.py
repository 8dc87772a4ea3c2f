"""Paint the spans the core computed: mentions by status, quotation word diffs, dimmed boilerplate.

Like git-cola's intraline diff: the spans come ready-made from the analysis
(``Mention.start/end``, ``Mention.diff``, ``Article.ignored``); this module only
turns them into Qt positions (through :mod:`factdesk.gui.offsets`) and formats.
No analysis happens here.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from factdesk.gui.colors import Theme
from factdesk.gui.offsets import Offsets
from factdesk.model import Article, Claim, Status

UNDERLINE = {
    "solid": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
}
# Paint order: later layers win where spans overlap.
LAYER = {"ignored": 0, Status.SINGLE: 1, Status.AGREE: 2, Status.HEDGED: 3, Status.CONFLICT: 4, "diff": 5}


@dataclass(frozen=True)
class PaintSpan:
    """A span in Qt document positions, with what it is."""

    start: int
    end: int
    layer: str | Status  # "ignored", "diff" or the status of the claim it belongs to
    status: Status | None = None
    claim_id: str = ""


def spans_for(article: Article, claims: list[Claim], offsets: Offsets,
              show_agreeing: bool = True) -> list[PaintSpan]:
    """The article's paint spans: its ignored boilerplate and its mentions of ``claims``.

    Without ``show_agreeing`` only the flagged claims (conflict, hedged) are painted: names and
    weekdays every article agrees on would otherwise bury them.
    """
    out = [PaintSpan(*offsets.span_to_qt(s.start, s.end), layer="ignored") for s in article.ignored]
    for claim in claims:
        if not show_agreeing and not claim.flagged:
            continue
        for m in claim.mentions:
            if m.file != article.file:
                continue
            out.append(PaintSpan(*offsets.span_to_qt(m.start, m.end), layer=claim.status,
                                 status=claim.status, claim_id=claim.id))
            for d in m.diff:
                out.append(PaintSpan(*offsets.span_to_qt(d.start, d.end), layer="diff",
                                     status=claim.status, claim_id=claim.id))
    return out


class SpanHighlighter(QSyntaxHighlighter):
    """Applies precomputed spans to a document, block by block."""

    def __init__(self, document: QTextDocument, theme: Theme):
        super().__init__(document)
        self.theme = theme
        self._spans: list[PaintSpan] = []
        self._starts: list[int] = []
        self._longest = 0
        self._formats: dict[tuple[str | Status, Status | None], QTextCharFormat] = {}

    def set_spans(self, spans: list[PaintSpan], theme: Theme | None = None) -> None:
        if theme is not None:
            self.theme = theme
            self._formats.clear()
        # by start, so a block finds its spans by bisection; layer order is applied per block
        self._spans = sorted((s for s in spans if s.end > s.start), key=lambda s: s.start)
        self._starts = [s.start for s in self._spans]
        self._longest = max((s.end - s.start for s in self._spans), default=0)
        self.rehighlight()

    def format_for(self, span: PaintSpan) -> QTextCharFormat:
        key = (span.layer, span.status)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = self._make_format(span)
        return fmt

    def _make_format(self, span: PaintSpan) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if span.layer == "ignored":
            fmt.setForeground(QColor(self.theme.ignored))
            fmt.setFontItalic(True)
            return fmt
        assert span.status is not None
        style = self.theme.style(span.status)
        if span.layer == "diff":
            fmt.setBackground(QColor(style.diff))
            fmt.setFontWeight(QFont.Weight.Bold)
        elif style.background:
            fmt.setBackground(QColor(style.background))
        fmt.setUnderlineStyle(UNDERLINE[style.underline_style])
        fmt.setUnderlineColor(QColor(style.underline))
        if span.status.flagged:
            fmt.setToolTip(span.claim_id)
        return fmt

    def spans_between(self, start: int, end: int) -> list[PaintSpan]:
        """Spans overlapping [start, end), in paint order (lowest layer, then longest, first)."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        found = [s for s in self._spans[lo:hi] if s.end > start]
        found.sort(key=lambda s: (LAYER[s.layer], -(s.end - s.start)))
        return found

    def highlightBlock(self, text: str) -> None:
        if not self._spans:
            return
        block = self.currentBlock()
        pos = block.position()
        end = pos + block.length()  # includes the block separator
        for span in self.spans_between(pos, end):
            a = max(span.start, pos) - pos
            b = min(span.end, end) - pos
            if b > a:
                self.setFormat(a, b - a, self.format_for(span))
