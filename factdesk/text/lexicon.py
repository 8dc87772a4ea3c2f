"""What the language knows: how common a word is (wordfreq), and which spelling is a slip.

A form that no dictionary knows, one letter away from a form that is common, is a
likely typo ("Telsa" next to "Tesla"); two rare forms one letter apart may simply be
two names.  Knowledge of English, never of a case.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

RARE = 2.0  # Zipf frequency under which a form is unknown to everyday English (about 1 in 10 million words)
GAP = 1.5  # how much more common the other form must be (Zipf is log10 per billion words)


_REMEMBERED: dict[str, float] = {}  # frequencies looked up before: the parse cache brings them back


def zipf(word: str) -> float:
    """Zipf frequency of a word in English (0 for unknown, ~7 for "the")."""
    known = _REMEMBERED.get(word.lower())
    return known if known is not None else _looked_up(word.lower())


@lru_cache(maxsize=65536)
def _looked_up(word: str) -> float:
    from wordfreq import zipf_frequency  # imported on first use: the analysis starts faster

    return zipf_frequency(word, "en")


def load() -> None:
    """Load the word frequencies now (the warm-up ahead of the next article to parse)."""
    _looked_up("the")


def remember(frequencies: dict[str, float]) -> None:
    """Frequencies of :func:`zipf` known already (lowercase words): a reopened case need not load wordfreq."""
    _REMEMBERED.update(frequencies)


def edits(a: str, b: str) -> int:
    """Letters inserted, deleted, substituted or transposed (a swap is one edit)."""
    return OSA.distance(a.lower(), b.lower())


def misspelling(a: str, b: str) -> bool:
    """One word is a slip of the other: one or two edits apart, and only one of them is a known word."""
    if a.lower() == b.lower() or min(len(a), len(b)) < 4:
        return False
    distance = edits(a, b)
    if distance > (2 if min(len(a), len(b)) >= 8 else 1):
        return False
    za, zb = zipf(a), zipf(b)
    return min(za, zb) < RARE and abs(za - zb) >= GAP


def common_word(word: str, at_least: float = 3.0) -> bool:
    """Whether a capitalised word is as likely an ordinary word as a name ("Police", "Meanwhile")."""
    return zipf(word) >= at_least
