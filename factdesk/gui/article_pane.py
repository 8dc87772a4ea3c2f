"""One article, read-only, with its mentions highlighted; headed by its file name and title."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPaintEvent,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from factdesk.gui.claims_model import letter, one_line
from factdesk.gui.colors import Theme
from factdesk.gui.elided_label import ElidedLabel
from factdesk.gui.highlighter import UNDERLINE, PaintSpan, SpanHighlighter, spans_for
from factdesk.gui.offsets import Offsets
from factdesk.gui.overview_ruler import OverviewRuler, RulerMark
from factdesk.gui.plain_text import plain_tooltip
from factdesk.model import Article, Claim

MIN_PANE_WIDTH = 300  # about 40 characters a line beside the ruler: an article stays readable


class ArticleView(QPlainTextEdit):
    """The article text: hovering a highlight shows its claim, clicking it selects the claim."""

    claimClicked = Signal(str)

    def __init__(self, pane: ArticlePane):
        super().__init__(pane)
        self.pane = pane
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCenterOnScroll(True)
        self.viewport().setMouseTracking(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._press: QPoint | None = None

    def position_at(self, point: QPoint) -> int:
        return self.cursorForPosition(point).position()

    def viewportEvent(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            claims = self.pane.claims_at(self.position_at(e.pos()))
            if claims:
                QToolTip.showText(e.globalPos(), plain_tooltip(self.tooltip_for(claims)), self.viewport())
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().viewportEvent(e)

    @staticmethod
    def tooltip_for(claims: list[Claim]) -> str:
        return "\n".join(f"{c.id} · {c.status.value} {c.kind.value}: {one_line(c.summary, 120)}"
                         for c in claims)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        self._press = e.position().toPoint()
        super().mousePressEvent(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        super().mouseMoveEvent(e)
        if e.buttons() == Qt.MouseButton.NoButton:
            over = bool(self.pane.claims_at(self.position_at(e.position().toPoint())))
            shape = Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.IBeamCursor
            self.viewport().setCursor(shape)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        super().mouseReleaseEvent(e)
        press, self._press = self._press, None
        point = e.position().toPoint()
        if e.button() != Qt.MouseButton.LeftButton or press is None:
            return
        if (press - point).manhattanLength() > 4 or self.textCursor().hasSelection():
            return  # the user is selecting text
        claims = self.pane.claims_at(self.position_at(point))
        if claims:
            self.claimClicked.emit(claims[-1].id)


@dataclass(frozen=True)
class _PaneWidgets:
    view: ArticleView
    highlighter: SpanHighlighter
    ruler: OverviewRuler
    state_label: ElidedLabel
    title_label: ElidedLabel
    file_label: ElidedLabel


class ArticlePane(QFrame):
    """Header (letter, file, title, what it says about the current claim) over the article view.

    Built lazily: a case of fifty articles shows four or five at a time, so a pane makes its header and
    text view the first time it is painted (or asked for them); until then it only keeps what it was
    told (claims, current claim, theme) and answers from the article and the claims alone.
    """

    claimClicked = Signal(str)
    hideRequested = Signal(str)

    def __init__(self, article: Article, index: int, theme: Theme, parent: QWidget | None = None,
                 show_agreeing: bool = False):
        super().__init__(parent)
        self.article = article
        self.show_agreeing = show_agreeing
        self.index = index
        self.theme = theme
        self._offsets: Offsets | None = None
        self.claims: dict[str, Claim] = {}
        self.spans: list[PaintSpan] = []
        self.current: Claim | None = None
        self._dimmed = False
        self._state_role = ""
        self._widgets: _PaneWidgets | None = None
        self._build_queued = False
        self.setObjectName("articlePane")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(MIN_PANE_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

    # -- built on first sight --------------------------------------------------------

    @property
    def built(self) -> bool:
        return self._widgets is not None

    @property
    def offsets(self) -> Offsets:
        if self._offsets is None:
            self._offsets = Offsets(self.article.text)
        return self._offsets

    @property
    def view(self) -> ArticleView:
        return self._built().view

    @property
    def highlighter(self) -> SpanHighlighter:
        return self._built().highlighter

    @property
    def ruler(self) -> OverviewRuler:
        return self._built().ruler

    @property
    def state_label(self) -> ElidedLabel:
        return self._built().state_label

    @property
    def title_label(self) -> ElidedLabel:
        return self._built().title_label

    @property
    def file_label(self) -> ElidedLabel:
        return self._built().file_label

    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        if self._widgets is None and not self._build_queued:
            self._build_queued = True  # never build widgets inside a paint: right after it
            QTimer.singleShot(0, self, self.ensure_built)

    def ensure_built(self) -> None:
        self._built()

    def _built(self) -> _PaneWidgets:
        if self._widgets is None:
            self._widgets = self._build()
            layout = self.layout()
            if layout is not None:
                layout.activate()  # the view gets its size now, so the current claim can be centred in it
            self._apply_claims()
            current, self.current = self.current, None
            if current is not None:
                self.show_claim(current, scroll=True)
        return self._widgets

    def _build(self) -> _PaneWidgets:
        article = self.article
        badge = QLabel(letter(self.index))
        badge.setObjectName("paneBadge")
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        file_label = ElidedLabel(article.display_name)  # the outlet; the file name when unknown
        file_label.setObjectName("paneFile")
        file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hide = QToolButton()
        hide.setText("×")
        hide.setObjectName("paneHide")
        hide.setToolTip("Hide this article (View → Articles shows it again)")
        hide.setAutoRaise(True)
        hide.clicked.connect(lambda: self.hideRequested.emit(self.article.file))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(badge)
        top.addWidget(file_label, 1)
        top.addWidget(hide)
        title_label = ElidedLabel(article.title or "(no title)", lines=2)
        title_label.setObjectName("paneTitle")
        title_label.setToolTip(plain_tooltip(self._header_tooltip()))
        state_label = ElidedLabel(" ")
        state_label.setObjectName("paneState")

        header = QWidget()
        header.setObjectName("paneHeader")
        hl = QVBoxLayout(header)
        hl.setContentsMargins(8, 6, 8, 6)
        hl.setSpacing(2)
        hl.addLayout(top)
        hl.addWidget(title_label)
        hl.addWidget(state_label)

        view = ArticleView(self)
        view.setPlainText(article.text)
        view.claimClicked.connect(self.claimClicked)
        highlighter = SpanHighlighter(view.document(), self.theme)
        ruler = OverviewRuler(self.theme)
        ruler.claimClicked.connect(self.claimClicked)
        bar = view.verticalScrollBar()
        bar.valueChanged.connect(self._update_ruler_view)
        bar.rangeChanged.connect(self._update_ruler_view)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(view, 1)
        body.addWidget(ruler)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(header)
        layout.addLayout(body, 1)
        for part in (header, view, ruler):  # at once, not at the next turn of the event loop: laid out now
            part.show()
        return _PaneWidgets(view, highlighter, ruler, state_label, title_label, file_label)

    def _header_tooltip(self) -> str:
        a = self.article
        lines = [a.outlet, a.file, a.title, a.byline and f"by {a.byline}", a.url,
                 a.published and f"published {a.published.replace('T', ' ')}"]
        if a.date:
            lines.append(f"dated {a.date.isoformat()}")
        lines.append(f"{a.chars:,} characters · {a.source_format}")
        if a.ignored:
            lines.append(f"{len(a.ignored)} boilerplate passage(s) dimmed and left out of the analysis")
        lines.extend(f"warning: {w}" for w in a.warnings)
        return "\n".join(x for x in lines if x)

    # -- content -------------------------------------------------------------------

    def set_claims(self, claims: list[Claim], theme: Theme | None = None) -> None:
        """Highlight every mention of ``claims`` in this article (claims it does not state are skipped)."""
        if theme is not None:
            self.theme = theme
        mine = [c for c in claims if any(m.file == self.article.file for m in c.mentions)]
        self.claims = {c.id: c for c in mine}
        if self._widgets is None:  # painted when the pane is built
            if self.current is not None:
                self.current = self.claims.get(self.current.id)
            return
        self._apply_claims(theme)
        if self.current is not None:
            self.show_claim(self.claims.get(self.current.id), scroll=False)

    def _apply_claims(self, theme: Theme | None = None) -> None:
        self.spans = spans_for(self.article, list(self.claims.values()), self.offsets, self.show_agreeing)
        self.highlighter.set_spans(self.spans, theme)
        self.ruler.set_marks(self._ruler_marks(), theme)

    def set_show_agreeing(self, show: bool) -> None:
        """Paint the mentions the articles agree on too (View → Show agreeing mentions)."""
        if show != self.show_agreeing:
            self.show_agreeing = show
            self.set_claims(list(self.claims.values()))

    def _ruler_marks(self) -> list[RulerMark]:
        total = max(1, self.view.document().characterCount())
        return [RulerMark(min(1.0, s.start / total), s.status, s.claim_id,
                          ArticleView.tooltip_for([self.claims[s.claim_id]]))
                for s in self.spans if s.status is not None and s.layer != "diff" and s.claim_id in self.claims]

    def _update_ruler_view(self) -> None:
        bar = self.view.verticalScrollBar()
        total = bar.maximum() + bar.pageStep()
        if total <= 0:
            self.ruler.set_visible_part(0.0, 1.0)
        else:
            self.ruler.set_visible_part(bar.value() / total, (bar.value() + bar.pageStep()) / total)

    def claims_at(self, position: int) -> list[Claim]:
        """Claims whose mention covers Qt position ``position``, outermost first."""
        hits = [s for s in self.highlighter.spans_between(position, position + 1)
                if s.claim_id and s.start <= position < s.end and s.layer != "diff"]
        return [self.claims[s.claim_id] for s in hits if s.claim_id in self.claims]

    def mention_range(self, claim: Claim) -> tuple[int, int] | None:
        """Qt positions of the claim's (first) mention in this article."""
        m = next((m for m in claim.mentions if m.file == self.article.file), None)
        return None if m is None else self.offsets.span_to_qt(m.start, m.end)

    # -- the current claim ---------------------------------------------------------

    def show_claim(self, claim: Claim | None, scroll: bool = True) -> bool:
        """Mark ``claim`` as current and centre its mention; returns whether this article states it."""
        self.current = claim
        mentions = [m for m in claim.mentions if m.file == self.article.file] if claim else []
        if self._widgets is None:  # shown when the pane is built
            return bool(mentions)
        self._set_state(claim, mentions)
        self.ruler.set_current(claim.id if claim is not None and mentions else "")
        self._dim(claim is not None and not mentions)
        selections: list[QTextEdit.ExtraSelection] = []
        if claim is not None and mentions:
            style = self.theme.style(claim.status)
            for m in mentions:
                selections.append(self._selection(*self.offsets.span_to_qt(m.start, m.end), style.current,
                                                  style.underline, style.underline_style))
                for d in m.diff:
                    selections.append(self._selection(*self.offsets.span_to_qt(d.start, d.end), style.diff,
                                                      style.underline, style.underline_style, bold=True))
        self.view.setExtraSelections(selections)
        if scroll and mentions:
            start, end = self.offsets.span_to_qt(mentions[0].start, mentions[0].end)
            self.centre_on(start, end)
        return bool(mentions)

    def _dim(self, dimmed: bool) -> None:
        """A pane that does not state the selected claim: no selection left over, its text greyed."""
        if dimmed:
            cursor = self.view.textCursor()
            if cursor.hasSelection():
                cursor.clearSelection()
                self.view.setTextCursor(cursor)
        if dimmed == self._dimmed:
            return  # restyle only on a change: 50 panes must update in a few ms
        self._dimmed = dimmed
        self.setProperty("dimmed", dimmed)
        palette = self.view.palette()
        window_palette = self.palette()
        if dimmed:
            palette.setColor(QPalette.ColorRole.Text, QColor(self.theme.muted))
            palette.setColor(QPalette.ColorRole.Base, window_palette.color(QPalette.ColorRole.Window))
        else:
            palette.setColor(QPalette.ColorRole.Text, window_palette.color(QPalette.ColorRole.Text))
            palette.setColor(QPalette.ColorRole.Base, window_palette.color(QPalette.ColorRole.Base))
        self.view.setPalette(palette)

    @property
    def dimmed(self) -> bool:
        if self._widgets is None:  # what it will show when built
            return self.current is not None and self.mention_range(self.current) is None
        return self._dimmed

    def centre_on(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.view.document())
        # a long quotation: centre its beginning so it reads from the top; a short one: its middle
        cursor.setPosition(start + (end - start) // 2 if end - start < 120 else start)
        self.view.setTextCursor(cursor)
        self.view.centerCursor()

    def _selection(self, start: int, end: int, background: str, underline: str, underline_style: str,
                   bold: bool = False) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor  # type: ignore[attr-defined]
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(background))
        fmt.setUnderlineStyle(UNDERLINE[underline_style])
        fmt.setUnderlineColor(QColor(underline))
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        sel.format = fmt  # type: ignore[attr-defined]
        return sel

    def _set_state(self, claim: Claim | None, mentions: list) -> None:
        if claim is None:
            text, role = " ", "none"
        elif not mentions:
            text, role = f"— does not state {claim.id}", "absent"
        else:
            said = " / ".join(f"“{one_line(m.text, 70)}”" for m in mentions)
            text, role = f"{claim.id}: {said}", str(claim.status)
        label = self.state_label
        label.set_full_text(text)
        tooltip = plain_tooltip(text.strip())
        if label.toolTip() != tooltip:
            label.setToolTip(tooltip)
        if role != self._state_role:  # restyle only on a change: 50 panes must update in a few ms
            self._state_role = role
            font = QFont(self.font())
            font.setItalic(role == "absent")
            font.setBold(role not in ("absent", "none"))
            label.setFont(font)
            palette = label.palette()
            color = self.palette().color(QPalette.ColorRole.WindowText)
            palette.setColor(QPalette.ColorRole.WindowText,
                             QColor(self.theme.muted) if role == "absent" else color)
            label.setPalette(palette)
