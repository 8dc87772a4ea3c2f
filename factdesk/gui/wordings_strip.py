"""Every article's wording of the selected claim, under the claims table, wrapped to the table's width.

The table has one column per article, and a laptop screen shows only a few of them; this strip shows
them all for the selected claim ("A “12” · B — · C “at least 12”"), the differing ones first in bold.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

from factdesk.gui.claims_model import letter, one_line
from factdesk.gui.colors import Theme
from factdesk.model import Article, Claim

MAX_LINES = 4  # then it scrolls


class WordingsStrip(QScrollArea):
    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("wordingsStrip")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.label = QLabel()
        self.label.setObjectName("wordings")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(self.label)
        line = self.fontMetrics().lineSpacing()
        self.setMaximumHeight(line * MAX_LINES + 6)
        self.setMinimumHeight(line + 6)
        self.articles: tuple[Article, ...] = ()
        self.show_claim(None)

    def set_articles(self, articles: tuple[Article, ...]) -> None:
        self.articles = articles

    def show_claim(self, claim: Claim | None) -> None:
        if claim is None:
            self.label.setText(f"<span style='color:{self.theme.muted}'>Every article's wording of the "
                               "selected claim shows here.</span>")
            return
        self.label.setText(wordings_html(claim, self.articles, self.theme.muted))

    def plain_text(self) -> str:
        return self.label.text()


def wordings_html(claim: Claim, articles: tuple[Article, ...], muted: str) -> str:
    """``A a1 “12” · B a2 — · …`` for every article, in case order; what an article does not state is muted."""
    parts = [f"<b>{html.escape(claim.id)}</b>"]
    for i, article in enumerate(articles):
        said = [m for m in claim.mentions if m.file == article.file]
        who = f"<b>{letter(i)}</b>&nbsp;<small>{html.escape(article.file)}</small>"
        if said:
            words = " / ".join(f"“{html.escape(one_line(m.text, 80))}”" for m in said)
            parts.append(f"{who}&nbsp;{words}")
        else:
            parts.append(f"<span style='color:{muted}'>{who}&nbsp;—</span>")
    return " &nbsp;·&nbsp; ".join(parts)
