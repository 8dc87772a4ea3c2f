"""Figures: digits, words, scales, ranges and hedges -> a value interval and what it counts.

``find_figures(doc, base)`` returns :class:`Figure` values with absolute offsets.
Years and times of day are left to :mod:`factdesk.text.dates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factdesk.text.numbers import (
    DIGITS,
    FRACTIONS,
    NUMBER_WORDS,
    SCALES,
    parse_digits,
    parse_words,
    rounding_step,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# surface hedge -> canonical hedge
HEDGES = {
    "just over": "over", "well over": "over", "over": "over", "more than": "over", "upwards of": "over",
    "in excess of": "over", "topping": "over", "nearly": "nearly", "almost": "nearly",
    "close to": "nearly", "just under": "under", "at least": "at least", "no fewer than": "at least",
    "no less than": "at least", "a minimum of": "at least", "about": "about", "around": "about",
    "roughly": "about", "approximately": "about", "some": "about", "an estimated": "about",
    "estimated": "about", "approx.": "about", "circa": "about", "up to": "up to", "as many as": "up to",
    "as much as": "up to", "no more than": "up to", "at most": "up to", "fewer than": "under",
    "less than": "under", "under": "under", "below": "under",
}
_HEDGE_RE = "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True))
CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "£": "GBP", "gbp": "GBP", "€": "EUR", "eur": "EUR",
            "dollars": "USD", "dollar": "USD", "pounds": "GBP", "pound": "GBP", "euros": "EUR", "euro": "EUR"}
UNIT_SYNONYMS = {
    "%": "percent", "per cent": "percent", "pct": "percent", "percentage": "percent",
    "miles per hour": "mph", "mile per hour": "mph", "kilometres per hour": "km/h",
    "kilometers per hour": "km/h", "kph": "km/h", "tonne": "ton", "metric ton": "ton",
    "kilometre": "km", "kilometer": "km", "mile": "mile", "person": "people", "man": "people",
}
_SCALE_RE = r"trillion|billion|million|thousand|bn|mn|tn|m|k|b"
_NUM = rf"(?:{DIGITS}|{NUMBER_WORDS})"
FIGURE = re.compile(
    rf"""(?ix)
    (?<![\w$£€,:/-])(?<!\d\.)
    (?:(?P<hedge>{_HEDGE_RE})\s+)?
    (?:(?P<between>between|from)\s+)?
    (?:(?P<cur>US\$|\$|£|€)\s?)?
    (?P<num>{_NUM})
    (?P<plus>\+)?
    (?:[\s-]?(?P<scale>{_SCALE_RE})\b)?
    (?:\s?(?P<pct>%|percent\b|per\scent\b))?
    (?:
      (?:\s*(?:-|–|—|to|and)\s*|-\s*to[\s-]+)  # "three to 10", "5-10", "three-to-10-year"
      (?P<cur2>US\$|\$|£|€)?
      (?P<num2>{_NUM})
      (?:[\s-]?(?P<scale2>{_SCALE_RE})\b)?
      (?:\s?(?P<pct2>%|percent\b|per\scent\b))?
    )?
    (?:-(?P<adj>[a-z]+(?:-[a-z]+)?))?
    (?![\w$£€]|[.,]\d|:\d)
    """
)
FRACTION = re.compile(
    r"(?i)(?<![\w-])(?:(?P<hedge>" + _HEDGE_RE + r")\s+)?(?P<frac>"
    + "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True))
    + r")(?=\s+of\b)"
)
CATEGORY = re.compile(r"\b(?P<noun>Category|Level|No\.|Number|Stage|Phase|Grade)\s+(?P<num>\d+)\b")
PHONE = re.compile(r"\(?\d{3}\)?[\s.-]\d{3}-\d{4}|\d{3}-[A-Z]{4}")
_TIME_AFTER = re.compile(r"\s*(?:a\.?m\.?|p\.?m\.?|o'clock)\b", re.I)
_TRAILING_NOISE = re.compile(r"[\s-]+$")


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    value: float
    low: float
    high: float
    hedge: str | None  # canonical hedge
    qualifier: str | None  # hedge as written
    unit: str | None
    modifiers: tuple[str, ...]  # words narrowing the unit ("Facebook", "Twitter")
    step: float  # stated precision
    is_range: bool = False


def _value(s: str) -> float | None:
    s = s.strip()
    if re.fullmatch(DIGITS, s):
        return parse_digits(s)
    return parse_words(s)


def _interval(value: float, hedge: str | None, step: float) -> tuple[float, float]:
    half = step / 2
    match hedge:
        case "over":
            return value, value * 1.5 + step
        case "at least":
            return value, value * 1.5 + step
        case "nearly":
            return value * 0.9 - half, value
        case "about":
            return value * 0.9 - half, value * 1.1 + half
        case "up to":
            return 0.0, value
        case "under":
            return 0.0, value
    return value - half, value + half


def _is_year(m: re.Match[str]) -> bool:
    return (
        _is_year_text(m.group("num"))
        and not (m.group("cur") or m.group("scale") or m.group("pct") or m.group("adj"))
    )


def _normal_unit(word: str) -> str:
    w = word.lower().strip()
    return UNIT_SYNONYMS.get(w, w)


# units of measure: a figure measured in one is that measure whatever noun follows ("a 45 degree angle")
MEASURES = frozenset({
    "degree", "percent", "mile", "km", "metre", "meter", "foot", "feet", "inch", "yard", "centimetre", "centimeter",
    "millimetre", "millimeter", "acre", "hectare", "gallon", "litre", "liter", "ton", "kilogram", "kg",
    "ounce", "second", "minute", "hour", "day", "week", "month", "year", "decade", "mph", "km/h",
})
_ADJ_NOT_UNITS = {"old", "strong", "long", "plus", "odd", "some", "year-old"}


def _unit_from_tokens(doc: Doc, text: str, end_char: int, adj: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The noun a figure counts, with the words narrowing it, read from the parse."""
    words = [w for w in (adj or "").split("-") if w and w not in _ADJ_NOT_UNITS]
    if words:
        # "25-minute", "12-year-old" -> minute, year
        return _normal_unit(words[0][:-1] if words[0].endswith("s") else words[0]), ()
    span = doc.char_span(max(0, end_char - 1), end_char, alignment_mode="expand")
    if span is None or not len(span):
        return None, ()
    tok: Token = span[-1]
    # "miles per hour", "per cent"
    rest = text[end_char:end_char + 20].lower()
    for phrase in ("miles per hour", "kilometres per hour", "kilometers per hour", "metric tons"):
        if rest.lstrip().startswith(phrase):
            return _normal_unit(phrase), ()
    modifiers: list[str] = []
    for nxt in doc[tok.i + 1: tok.i + 6]:
        if nxt.is_punct or nxt.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "PRON", "DET", "SCONJ", "PART"):
            if nxt.lower_ == "of" and not modifiers:
                # "125,000 of their accounts"
                for obj in doc[nxt.i + 1: nxt.i + 5]:
                    if obj.pos_ == "NOUN":
                        return _normal_unit(obj.lemma_), tuple(modifiers)
                    if obj.pos_ in ("PROPN", "ADJ"):
                        modifiers.append(obj.lower_)
            break
        if nxt.pos_ == "NOUN" or (nxt.pos_ == "PROPN" and nxt.lower_ in ("mph", "kph")):
            head = nxt
            if _normal_unit(nxt.lemma_) in MEASURES:
                # "a 45 degree angle", "a 12 hour shift": the measure, as in "45-degree", "12-hour"
                return _normal_unit(nxt.lemma_), tuple(modifiers)
            # a compound noun: take the last noun of the run ("user accounts")
            for more in doc[nxt.i + 1: nxt.i + 3]:
                if more.pos_ == "NOUN" and head.dep_ == "compound":
                    modifiers.append(head.lower_)
                    head = more
                else:
                    break
            return _normal_unit(head.lemma_), tuple(modifiers)
        if nxt.pos_ in ("ADJ", "PROPN", "NUM", "X") or nxt.like_num:
            modifiers.append(nxt.lower_)
            continue
        if nxt.pos_ == "" and nxt.is_alpha:  # rule-based fallback: no tags
            return _normal_unit(nxt.lower_.rstrip("s")), tuple(modifiers)
        break
    return None, tuple(modifiers)


def _matches(text: str):
    """FIGURE matches; a year starting a "range" ("in 2014 to €5.58m") is no range: read on after it."""
    pos = 0
    while (m := FIGURE.search(text, pos)) is not None:
        if m.group("num2") and (_is_year_text(m.group("num")) or _is_year_text(m.group("num2"))) \
                and not m.group("between"):
            pos = m.end("num")
            head = FIGURE.match(text, m.start(), pos)
            if head is not None and not _is_year(head):
                yield head
            continue
        yield m
        pos = m.end()


def _decimal_scale(text: str, m: re.Match[str]) -> bool:
    """ "1.2m", "3.5bn": a decimal figure glued to its scale letter is a multiple, not a unit."""
    return "." in m.group("num") and m.end("num") == m.start("scale")


def _is_year_text(num: str) -> bool:
    return bool(re.fullmatch(r"(1[6-9]|20)\d\d", num))


_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|all)\s+$", re.IGNORECASE)


def _pronoun_like(text: str, start: int, m: re.Match[str]) -> bool:
    """A number word after "the" (these, those, all) with nothing counted after it stands for people or
    things named before ("the two are pictured"): not a figure of its own."""
    spelled = not re.match(r"[\d.]", m.group("num"))
    plain = not (m.group("scale") or m.group("hedge") or m.group("num2") or m.group("cur"))
    return spelled and plain and bool(_DEFINITE_BEFORE.search(text, max(0, start - 8), start))


def find_figures(doc: Doc, base: int, skip: list[tuple[int, int]] | None = None,
                 text: str | None = None) -> list[Figure]:
    """Every figure of a parsed chunk; ``skip`` holds absolute ranges (quotes, junk) to leave out."""
    text = doc.text if text is None else text  # Doc.text is rebuilt on every access: pass it when known
    skip = skip or []
    out: list[Figure] = []

    def skipped(s: int, e: int) -> bool:
        return any(a < e + base and s + base < b for a, b in skip)

    phones = [(m.start(), m.end()) for m in PHONE.finditer(text)]
    for m in _matches(text):
        s, e = m.span()
        if skipped(s, e) or any(a <= s < b for a, b in phones) or _is_year(m):
            continue
        if text.startswith("/", e) or (s > 0 and text[s - 1] == "/"):
            continue  # 9/11, 24/7, 3/4: not a count
        if _TIME_AFTER.match(text, e) or (s > 0 and text[s - 1] == ":"):
            continue
        num = m.group("num")
        value = _value(num)
        if value is None:
            continue
        if not re.match(r"[\d.]", num) and value < 2 and not m.group("scale"):
            continue  # "one", "a" alone: pronoun-like, not a figure
        scale = (m.group("scale") or "").lower()
        if scale in ("m", "b", "k") and not m.group("cur") and not _decimal_scale(text, m):
            continue  # "5 m" is a distance, "5 k" a race, unless it is money or "1.2m copies"
        if scale:
            value *= SCALES[scale]
        step = rounding_step(num, value / (SCALES[scale] if scale else 1)) * (SCALES[scale] if scale else 1)
        surface_hedge = m.group("hedge")
        hedge = HEDGES.get(surface_hedge.lower()) if surface_hedge else None
        if m.group("plus"):
            hedge = "at least"
        low, high = _interval(value, hedge, step)
        if m.group("num2"):
            v2 = _value(m.group("num2"))
            sc2 = (m.group("scale2") or scale).lower()
            if v2 is None:
                continue
            v2 *= SCALES.get(sc2, 1)
            if v2 < value and not m.group("scale2") and scale:
                v2 *= SCALES[scale]
            if v2 <= value:  # "10-15" read as a range only when increasing
                continue
            low, high = value, v2
            value = (value + v2) / 2
        end = e
        # drop a trailing "-" left by "nine- to" style
        trailing = _TRAILING_NOISE.search(text, s, end)
        if trailing and trailing.end() == end:
            end = trailing.start()
        if m.group("pct") or m.group("pct2"):
            unit, modifiers = "percent", ()
        else:
            unit, modifiers = _unit_from_tokens(doc, text, end, m.group("adj"))
            cur = m.group("cur") or ""
            if cur:
                unit = CURRENCY.get(cur.lower(), cur)
            elif unit in CURRENCY:
                unit = CURRENCY[unit]
            if unit is None and _pronoun_like(text, s, m):
                continue  # "the two are pictured", "threatening the three": a reference back, not a count
        out.append(Figure(base + s, base + end, value, low, high, hedge, surface_hedge, unit, modifiers, step,
                          is_range=bool(m.group("num2"))))
    for m in FRACTION.finditer(text):
        s, e = m.span()
        if skipped(s, e):
            continue
        # "two-thirds" was read above as "two" counting "thirds": the fraction replaces it
        out = [f for f in out if not (f.start < base + e and base + s < f.end)]
        value = FRACTIONS[m.group("frac").lower()]
        surface_hedge = m.group("hedge")
        hedge = HEDGES.get(surface_hedge.lower()) if surface_hedge else None
        low, high = _interval(value, hedge, 0.01)
        out.append(Figure(base + s, base + e, value, low, high, hedge, surface_hedge, "fraction", (), 0.01))
    for m in CATEGORY.finditer(text):
        s, e = m.span()
        if skipped(s, e):
            continue
        value = float(m.group("num"))
        unit = m.group("noun").lower().rstrip(".")
        # the bare number inside was found above without its noun: replace it
        out = [f for f in out if not (f.start >= base + s and f.end <= base + e)]
        out.append(Figure(base + s, base + e, value, value, value, None, None, unit, (), 1.0))
    out.sort(key=lambda f: f.start)
    return out
