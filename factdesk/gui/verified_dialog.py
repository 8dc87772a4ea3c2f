""""Verified" on a claim the articles word differently: which wording is right?

The editor picks one outlet's wording or types the correct value (with its source); it becomes the
verdict's correct value, and the sheet and the exports then mark each article as matching it or not.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from factdesk.gui.claims_model import letter, one_line
from factdesk.model import Article, Claim


def distinct_wordings(claim: Claim, articles: tuple[Article, ...]) -> list[tuple[str, list[str]]]:
    """Each different wording of ``claim`` (whitespace collapsed) with the articles' letters and files, in
    case order."""
    order = {a.file: i for i, a in enumerate(articles)}
    out: dict[str, list[str]] = {}
    for m in sorted(claim.mentions, key=lambda m: order.get(m.file, len(order))):
        text = " ".join(m.text.split())
        who = f"{letter(order[m.file])} {m.file}" if m.file in order else m.file
        if who not in out.setdefault(text, []):
            out[text].append(who)
    return list(out.items())


def needs_choice(claim: Claim) -> bool:
    return len({" ".join(m.text.split()).casefold() for m in claim.mentions}) > 1


class VerifiedWordingDialog(QDialog):
    def __init__(self, claim: Claim, articles: tuple[Article, ...], source: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("verifiedWordingDialog")
        self.setWindowTitle(f"Verified: which wording of {claim.id} is right?")
        self.group = QButtonGroup(self)
        self.choices: list[tuple[QRadioButton, str]] = []
        layout = QVBoxLayout(self)
        intro = QLabel(f"<b>{claim.id}</b> · {one_line(claim.summary, 120)}<br>"
                       "The articles word it differently. Which is right?")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for text, who in distinct_wordings(claim, articles):
            button = QRadioButton(f"“{one_line(text, 90)}”  —  {', '.join(who)}")
            button.setObjectName("wordingChoice")
            self.group.addButton(button)
            self.choices.append((button, text))
            layout.addWidget(button)
        self.other = QRadioButton("None of them; the correct value is:")
        self.other.setObjectName("otherValue")
        self.group.addButton(self.other)
        layout.addWidget(self.other)
        form = QFormLayout()
        self.value = QLineEdit()
        self.value.setObjectName("correctValue")
        self.value.setPlaceholderText("the correct value")
        self.value.textEdited.connect(lambda _: self.other.setChecked(True))
        self.source = QLineEdit(source)
        self.source.setObjectName("valueSource")
        self.source.setPlaceholderText("where it was checked (URL, document, call)")
        form.addRow("Correct value", self.value)
        form.addRow("Source", self.source)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        layout.addWidget(self.problem)

    def choose(self, index: int) -> None:
        """Pick the ``index``-th wording (what a click on its button does)."""
        self.choices[index][0].setChecked(True)

    def chosen_value(self) -> str:
        for button, text in self.choices:
            if button.isChecked():
                return text
        return self.value.text().strip() if self.other.isChecked() else ""

    def _accept(self) -> None:
        if not self.chosen_value():
            self.problem.setText("Pick a wording, or type the correct value.")
            return
        self.accept()
