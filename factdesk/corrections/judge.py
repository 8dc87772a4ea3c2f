"""Comparing mentions an editor grouped, reading an added span, and saying why a claim is what it is.

:func:`compare_mentions` is the analysis's comparison (``factdesk.text.compare``) restated
over finished :class:`~factdesk.model.Mention` values: the same statuses, the same notes
and the same severity scale, so a merged or added claim ranks among the machine's.
"""

from __future__ import annotations

import re
from collections import Counter

from factdesk.model import Case, Claim, Kind, Mention, Status
from factdesk.text.compare import attribution_severity, clamp, different_speakers, hedge_class, spread
from factdesk.text.context import mention_context
from factdesk.text.figures import HEDGES
from factdesk.text.names import squash
from factdesk.text.numbers import DIGITS, NUMBER_WORDS, parse_digits, parse_words

CURRENCIES = {"USD", "GBP", "EUR"}
_NUMBER = re.compile(rf"(?P<digits>{DIGITS})|\b(?P<words>{NUMBER_WORDS})\b", re.I)
_HEDGE = re.compile(r"^\s*(" + "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True)) + r")\b", re.I)


def _interval(m: Mention) -> tuple[float, float] | None:
    if m.low is not None and m.high is not None:
        return m.low, m.high
    if isinstance(m.value, int | float):
        return float(m.value), float(m.value)
    return None


def _overlap(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool:
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


def compare_mentions(kind: Kind, mentions: list[Mention]) -> tuple[Status, float, str]:
    """(status, severity, note) of mentions taken as one fact, as the analysis judges a group."""
    if len(mentions) < 2:
        return Status.SINGLE, 0.0, ""
    head = 0.1 if any(m.in_headline for m in mentions) else 0.0
    if kind is Kind.NUMBER:
        return _figures(mentions, head)
    if kind is Kind.DATE:
        values = {str(m.value) for m in mentions}
        if len(values) == 1:
            return Status.AGREE, 0.0, ""
        spans = [_interval(m) for m in mentions]
        if all(_overlap(a, b) for i, a in enumerate(spans) for b in spans[i + 1:]):
            return Status.HEDGED, clamp(0.4 + 0.03 * (len(values) - 1) + head), "stated differently"
        return Status.CONFLICT, clamp(0.65 + 0.05 * (len(values) - 1) + head), "dates differ"
    if kind is Kind.QUOTE:
        wordings = Counter(" ".join(str(m.value or m.text).lower().split()) for m in mentions)
        if len(wordings) == 1:
            speakers = {m.speaker for m in mentions if m.speaker}
            if different_speakers(speakers):
                return Status.CONFLICT, attribution_severity(len(speakers), len(mentions), head), \
                    "attributed to different speakers"
            return Status.AGREE, 0.0, ""
        common = wordings.most_common(1)[0][1]
        return Status.CONFLICT, clamp(0.7 + spread(len(mentions) - common, len(mentions)) + head), "wording differs"
    spellings = Counter(" ".join(m.text.split()) for m in mentions)
    if len(spellings) == 1:
        return Status.AGREE, 0.0, ""
    style_only = len({squash(s) for s in spellings}) == 1
    sev = (0.45 if style_only else 0.7) + spread(len(spellings) - 1, len(mentions)) + head
    return Status.CONFLICT, clamp(sev), "house style" if style_only else "spelled differently"


def _figures(mentions: list[Mention], head: float) -> tuple[Status, float, str]:
    stated = {(m.value, hedge_class(m.qualifier), m.unit) for m in mentions}
    if len(stated) == 1:
        return Status.AGREE, 0.0, ""
    units = {m.unit for m in mentions}
    if len(units) > 1 and units <= CURRENCIES:
        return Status.HEDGED, clamp(0.5 + spread(len(units) - 1, len(mentions)) + head), "different currency"
    values = [float(m.value) for m in mentions if isinstance(m.value, int | float)]
    if len(values) < 2:
        return Status.CONFLICT, clamp(0.6 + head), "figures differ"
    lo, hi = min(values), max(values)
    if lo == hi:
        hedges = Counter(hedge_class(m.qualifier) for m in mentions)
        sev = 0.25 + spread(len(mentions) - hedges.most_common(1)[0][1], len(mentions))
        return Status.HEDGED, clamp(sev + head), "hedges differ"
    rel = (hi - lo) / max(abs(hi), 1e-9)
    spans = [_interval(m) for m in mentions]
    if all(_overlap(a, b) for i, a in enumerate(spans) for b in spans[i + 1:]):
        return Status.HEDGED, clamp(0.4 + min(rel, 0.3) + head), "rounding or hedges"
    common = Counter(values).most_common(1)[0][1]
    sev = 0.6 + min(0.3, rel) + spread(len(values) - common, len(values))
    return Status.CONFLICT, clamp(sev + head), "figures differ"


def new_mention(case: Case, kind: Kind, file: str, start: int, end: int) -> Mention:
    """A mention of a span the editor selected: its value read from the words, its sentence around it."""
    article = case.article(file)
    text = article.text[start:end]
    value: float | str | None = " ".join(text.split())
    qualifier = None
    low = high = None
    if kind is Kind.NUMBER:
        hedge = _HEDGE.match(text)
        qualifier = hedge.group(1).lower() if hedge else None
        number = _NUMBER.search(text)
        parsed = None
        if number is not None:
            parsed = parse_digits(number.group("digits")) if number.group("digits") else parse_words(
                number.group("words"))
        if parsed is not None:
            value = int(parsed) if parsed == int(parsed) else parsed
            low = high = float(parsed)
            cls = hedge_class(qualifier)
            if cls in ("over", "more than", "at least"):
                high = float("inf")
            elif cls in ("under", "less than", "at most", "up to"):
                low = float("-inf")
    elif kind is Kind.QUOTE:
        value = " ".join(text.strip("\"“”'‘’ ").lower().split())
    return Mention(file=file, start=start, end=end, text=text, kind=kind, value=value, low=low, high=high,
                   qualifier=qualifier, in_headline=start < article.headline_end,
                   context=mention_context(article.text, start, end))


def why(claim: Claim) -> str:
    """One line, from the claim's own data: why its mentions were put together, and how they were judged."""
    ms = claim.mentions
    together: list[str] = []
    units = {m.unit for m in ms if m.unit}
    if claim.kind is Kind.NUMBER and len(units) == 1 and all(m.unit for m in ms):
        together.append(f"same unit “{next(iter(units))}”")
    words = [w for w in claim.label.split() if w not in units and w != "%"]
    if claim.kind is Kind.NUMBER and words:
        together.append("counted noun “" + " ".join(words) + "”")
    elif claim.kind is Kind.DATE and claim.label:
        together.append("shared words “" + claim.label + "”")
    speakers = {m.speaker for m in ms if m.speaker}
    if claim.kind is Kind.QUOTE and len(speakers) == 1:
        together.append(f"same speaker {next(iter(speakers))}")
    elif claim.kind is Kind.QUOTE:
        together.append("same words quoted")
    if claim.kind is Kind.NAME:
        together.append("one name spelled " + ("one way" if len({m.text for m in ms}) == 1 else "several ways"))
    if claim.origin == "editor":
        together.insert(0, "grouped by an editor")
    values = list(dict.fromkeys(" ".join(m.text.split()) for m in ms))
    judged = {Status.CONFLICT: "they cannot all be right", Status.HEDGED: "compatible only through hedges",
              Status.AGREE: "they agree", Status.SINGLE: "one article only"}[claim.status]
    hedges = {m.qualifier for m in ms if m.qualifier}
    if claim.kind is Kind.NUMBER and claim.status is Status.CONFLICT and not hedges:
        judged += ", no hedge covers it"
    elif hedges and claim.kind is Kind.NUMBER:
        judged += " (" + ", ".join(f"“{h}”" for h in sorted(hedges)) + ")"
    shown = " vs ".join(values[:4]) + (" …" if len(values) > 4 else "")
    note = f"{claim.note}: " if claim.note and claim.kind is not Kind.QUOTE else ""
    first = "; ".join(together) if together else f"same {claim.kind}"
    return f"Together: {first}. Judged: {note}{shown if claim.kind is not Kind.QUOTE else claim.note}; {judged}."
