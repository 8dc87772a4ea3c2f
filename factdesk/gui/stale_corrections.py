"""Claim → Stale corrections…: the desk's corrections that no longer find their wording in the articles.

A correction is anchored to the wording of the mentions it was made on; when an article is edited or
removed it may find nothing to act on. It stays in the log (a later version of the article may bring
the wording back) and is listed here, each with what it did, who made it, its note and its anchors.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from factdesk.corrections import describe
from factdesk.gui.claims_model import one_line
from factdesk.model import Verdict


def stale_line(correction: Verdict) -> str:
    """What the correction did, by whom, its note, then the wording it looks for (two lines)."""
    anchors = " · ".join(f"“{one_line(a.text, 60)}” ({a.file})" for a in correction.snapshot) or "—"
    return f"{describe(correction)}\nlooks for {anchors}"


class StaleCorrectionsDialog(QDialog):
    def __init__(self, stale: Sequence[Verdict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("staleCorrectionsDialog")
        self.setWindowTitle(f"Stale corrections ({len(stale)})")
        layout = QVBoxLayout(self)
        intro = QLabel("These corrections no longer find their wording in the articles (an article was edited "
                       "or removed), so they change nothing. They stay in the log and apply again if the "
                       "wording comes back." if stale else "Every correction of this case finds its wording.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("staleList")
        self.list.setWordWrap(True)
        self.list.addItems([stale_line(c) for c in stale])
        self.list.setVisible(bool(stale))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 320)
