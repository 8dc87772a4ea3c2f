"""The sentence shape of one line of text: how many sentences it holds, and whether it is a question.

Headline, link and caption rules ask these questions: a headline or a link text is one
short unit, while a line of several sentences is prose, and a question that closes an
article is addressed to its readers.  The tests are deliberately cautious: a full stop
only ends a sentence after a lower-case word or a number (so "Sen. Warren", "U.S. Army"
and "A. Smith" do not), and the next sentence has to start with a capital or a digit.
"""

from __future__ import annotations

import re

_CLOSERS = r"['\"’”)\]]*"
# "...coast. The", "...2016. Police", "...now? Will", "...fast! Crews" (quotes and brackets allowed around)
_SENTENCE_BREAK = re.compile(
    rf"(?:(?<![\w.])[a-z][a-z'’-]{{2,}}\.|\d\.|[!?]+){_CLOSERS}\s+['\"“‘(]?[A-Z0-9]"
)
_QUESTION_END = re.compile(rf"\?[!?]*{_CLOSERS}$")


def sentence_count(s: str) -> int:
    """How many sentences the line holds (1 for a line with no sentence break, 0 for a blank one)."""
    if not s.strip():
        return 0
    return 1 + len(_SENTENCE_BREAK.findall(s))


def is_question(s: str) -> bool:
    """The line ends with a question mark (possibly inside quotes or brackets, possibly "?!")."""
    return bool(_QUESTION_END.search(s.strip()))
