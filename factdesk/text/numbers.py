"""Reading numbers written in digits or words: "125,000", "7.7 million", "two dozen", "a third".

Pure helpers shared by figures and dates.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000,
    "b": 1_000_000_000, "tn": 1_000_000_000_000, "dozen": 12, "score": 20,
}
FRACTIONS = {
    "half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3,
    "two thirds": 2 / 3, "two-thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25,
    "three quarters": 0.75, "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2,
}

_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
# "twenty-five", "one hundred and twenty", "two dozen", "a hundred", "7.7 million"
_RUN = rf"(?:{_WORD})(?:[- ](?:{_WORD}))*"
NUMBER_WORDS = (
    rf"(?:{_RUN}(?:\s+(?:hundred|thousand|million|billion|dozen)(?:\s+(?:and\s+)?{_RUN})?)*"
    r"|an?\s+(?:hundred|thousand|million|billion|dozen))"
)
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+"


def parse_digits(s: str) -> float:
    s = re.sub(r"[,\u00a0\u202f\u2009 ]", "", s)
    return float(s)


def parse_words(s: str) -> float | None:
    """Value of a number written in words ("twenty-five", "a hundred", "two dozen")."""
    words = re.split(r"[\s-]+", s.lower().strip())
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w in ("and", ""):
            continue
        if w in ("a", "an"):
            current = max(current, 1)
            seen = True
        elif w in UNITS:
            current += UNITS[w]
            seen = True
        elif w in TENS:
            current += TENS[w]
            seen = True
        elif w in ("hundred", "dozen", "score"):
            current = (current or 1) * SCALES[w]
            seen = True
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def decimals(s: str) -> int:
    """How many digits after the decimal point a written figure shows."""
    m = re.search(r"\.(\d+)", s)
    return len(m.group(1)) if m else 0


def rounding_step(text_number: str, value: float) -> float:
    """The precision a figure is stated with: "95" -> 1, "95.1" -> 0.1, "260,000" -> 10,000."""
    d = decimals(text_number)
    if d:
        return 10.0 ** -d
    digits = re.sub(r"\D", "", text_number.split(".")[0])
    if not digits:  # words
        v = abs(value)
        if v >= 1000:
            stripped = str(int(v)).rstrip("0")
            return 10.0 ** (len(str(int(v))) - len(stripped))
        return 1.0
    zeros = len(digits) - len(digits.rstrip("0"))
    # "10,000" is a round figure to the thousand, not to the ten thousand
    return 10.0 ** min(zeros, max(0, len(digits) - 2))
