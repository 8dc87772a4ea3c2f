"""Dates: weekdays, months, years, full dates, times and relative expressions.

``find_dates(text, start, end, anchor)`` returns :class:`DateRef` values; each knows
its form (absolute, weekday, relative, time), its fields, and, when the article's
own date is known, the interval of days it names.  ``relation(a, b)`` says how two
references to the same event relate.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from factdesk.text.numbers import NUMBER_WORDS, parse_words

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
PARTS = {"morning": "morning", "afternoon": "afternoon", "evening": "evening", "night": "night",
         "overnight": "night", "tonight": "night"}
# qualifier as written -> class
DATE_QUALIFIERS = {
    "as soon as": "earliest", "as early as": "earliest", "no sooner than": "earliest",
    "no earlier than": "earliest", "not before": "earliest", "by": "latest", "no later than": "latest",
    "before": "before", "after": "after", "until": "until", "since": "since", "as late as": "latest",
    "approximately": "about", "about": "about", "around": "about", "roughly": "about",
    "shortly after": "after", "shortly before": "before", "just after": "after", "just before": "before",
}
_Q = "|".join(re.escape(q) for q in sorted(DATE_QUALIFIERS, key=len, reverse=True))
_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
        r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[7-9]\d\d|20\d\d)"
_PREP = r"(?:(?P<prep>in|on|for|from|during|over|of|at)\s+)?"
_QUAL = rf"(?:(?P<qual>{_Q})\s+)?"
_NUMW = rf"(?:\d+|{NUMBER_WORDS}|a|an|a few|several|a couple of)"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("range", re.compile(
        rf"(?:(?P<prep>between|from)\s+)?(?P<y1>{_YEAR})\s*(?:and|to|-|–|—|through)\s*(?P<y2>{_YEAR})\b")),
    ("full", re.compile(
        rf"{_QUAL}{_PREP}(?:(?P<wd>{_WD}),?\s+)?(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"(?:\s*[-–]\s*(?P<day2>\d{{1,2}})\b)?(?:,?\s+(?P<year>{_YEAR})\b)?")),
    ("full", re.compile(
        rf"{_QUAL}{_PREP}(?:(?P<wd>{_WD}),?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MON})"
        rf"(?:,?\s+(?P<year>{_YEAR})\b)?")),
    ("month", re.compile(
        rf"{_QUAL}{_PREP}(?:(?P<part>early|mid|late|the end of|the start of)[-\s]+)?"
        rf"(?P<mon>{_MON})(?:\s+of)?,?\s+(?P<year>{_YEAR})\b")),
    ("month", re.compile(
        rf"(?P<qual2>{_Q}|in|since|until|during|early|late|mid-|last|next|this)\s+(?P<mon>{_MON})\b(?!\s+\d)")),
    ("season", re.compile(
        rf"(?i:{_PREP}(?P<season>spring|summer|fall|autumn|winter)(?:\s+of)?\s+)(?P<year>{_YEAR})\b")),
    ("time", re.compile(
        rf"(?i:{_QUAL}(?:at\s+)?)(?P<h>\d{{1,2}})(?::(?P<m>\d\d))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)")),
    ("weekday", re.compile(
        rf"{_QUAL}(?i:(?P<prep>on|by|from|until|since)\s+)?(?i:(?P<pre>early|late|last|next|this|overnight|"
        rf"this past|this coming)\s+)?(?P<wd>{_WD})(?:'s)?(?:\s+(?P<part>morning|afternoon|evening|night))?")),
    ("relative", re.compile(
        rf"(?i)(?:(?P<qual>just|only|about|some|nearly|almost|more than|less than)\s+)?(?P<n>{_NUMW})\s+"
        rf"(?P<u>days?|weeks?|months?|years?|decades?|hours?)\s+(?P<dir>ago|later|earlier|before|after|"
        rf"from now|afterwards?)")),
    ("relative", re.compile(
        rf"(?i)(?:in|over|during|within)\s+the\s+(?P<dir>past|last|next|previous|coming|following)\s+"
        rf"(?:(?P<n>{_NUMW})\s+)?(?P<u>days?|weeks?|months?|years?|decades?)")),
    ("relative", re.compile(
        r"(?i)(?:(?P<pre2>over|during|on|for)\s+)?(?:(?P<part>earlier|later|early|late)\s+)?"
        r"(?P<dir>last|next|this|the previous|the following|the past)\s+"
        r"(?P<u>week(?:end)?|month|year|spring|summer|fall|autumn|winter|morning|afternoon|evening)")),
    ("relative", re.compile(
        r"(?i)\b(?P<u>yesterday|today|tonight|tomorrow)(?:\s+(?P<part>morning|afternoon|evening|night))?")),
    ("year", re.compile(
        rf"{_QUAL}(?i:(?P<prep>in|for|since|until|by|of|from|during)\s+)?(?P<year>{_YEAR})\b"
        r"(?![\d%,.]\d|\s*(?:percent|per cent))")),
]
# every pattern starts at a word boundary: the engine skips mid-word positions at once
def _anchored(p: re.Pattern[str]) -> re.Pattern[str]:
    flags = "(?i)" if p.pattern.startswith("(?i)") else ""
    return re.compile(flags + r"(?<!\w)(?:" + p.pattern[len(flags):] + ")")


_ANCHORED = [(kind, _anchored(p)) for kind, p in PATTERNS]
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650, "hour": 0}


@dataclass(frozen=True)
class DateRef:
    start: int
    end: int
    form: str  # absolute | weekday | relative | time
    label: str  # normalised wording, e.g. "2016-03", "thursday morning", "2 weeks ago"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    year2: int | None = None  # year ranges
    day2: int | None = None  # day ranges ("January 7-9")
    weekday: int | None = None
    part: str | None = None
    qualifier: str | None = None  # qualifier class: earliest, latest, about, since...
    surface_qualifier: str | None = None
    minutes: int | None = None  # times of day
    low: int | None = None  # ordinal days, when resolvable
    high: int | None = None
    weekdays: frozenset[int] = frozenset()  # days of week it can name (relative)


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _count(s: str | None) -> int:
    if not s:
        return 1
    s = s.lower()
    if s.isdigit():
        return int(s)
    if s in ("a", "an"):
        return 1
    if s in ("a few", "several", "a couple of"):
        return 3 if s != "a couple of" else 2
    return int(parse_words(s) or 1)


def _month_span(year: int, month: int) -> tuple[int, int]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first.toordinal(), nxt.toordinal() - 1


def _year_of(month: int, anchor: dt.date) -> int:
    """A month named without a year: the latest one not after the article's date."""
    return anchor.year if month <= anchor.month else anchor.year - 1


def _calendar(label: str, anchor: dt.date) -> tuple[int, int] | None:
    """"last month", "this year", "next week"... as days, against the article's date."""
    parts = label.split()
    if len(parts) != 2 or parts[0] not in ("last", "this", "next"):
        return None
    step = {"last": -1, "this": 0, "next": 1}[parts[0]]
    unit = parts[1]
    if unit == "month":
        month0 = anchor.year * 12 + anchor.month - 1 + step
        return _month_span(month0 // 12, month0 % 12 + 1)
    if unit == "year":
        y = anchor.year + step
        return dt.date(y, 1, 1).toordinal(), dt.date(y, 12, 31).toordinal()
    if unit in ("week", "weekend"):
        monday = anchor.toordinal() - anchor.weekday() + 7 * step
        return (monday + 4, monday + 6) if unit == "weekend" else (monday, monday + 6)
    return None


def _resolve(ref: DateRef, anchor: dt.date | None) -> DateRef:
    """Fill low/high (ordinal days) where the text and the article's date allow."""
    lo = hi = None
    if ref.form == "absolute":
        year = ref.year or (_year_of(ref.month, anchor) if anchor and ref.month else None)
        if year and ref.month and ref.day:
            try:
                lo = dt.date(year, ref.month, ref.day).toordinal()
                hi = dt.date(year, ref.month, ref.day2 or ref.day).toordinal()
            except ValueError:
                pass
        elif year and ref.month:
            lo, hi = _month_span(year, ref.month)
        elif ref.year:
            lo, hi = dt.date(ref.year, 1, 1).toordinal(), dt.date(ref.year2 or ref.year, 12, 31).toordinal()
    elif anchor is not None and ref.form in ("weekday", "relative"):
        a = anchor.toordinal()
        if ref.form == "weekday" and ref.weekday is not None:
            back = (anchor.weekday() - ref.weekday) % 7
            lo = hi = a - (back or (0 if "last" not in ref.label else 7))
        elif ref.label.endswith(" ago"):
            n, unit = ref.label.split()[:2]
            days = int(n) * _UNIT_DAYS.get(unit.rstrip("s"), 1)
            lo, hi = a - days - max(1, days // 4), a - days + max(1, days // 4)
        elif ref.label.startswith("past "):
            parts = ref.label.split()
            n = int(parts[1]) if len(parts) > 2 else 1
            lo, hi = a - n * _UNIT_DAYS.get(parts[-1].rstrip("s"), 1), a
        elif ref.label in ("yesterday", "today", "tonight", "tomorrow"):
            lo = hi = a + {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[ref.label]
        elif (span := _calendar(ref.label, anchor)) is not None:
            lo, hi = span
    if lo is None:
        return ref
    return DateRef(**{**ref.__dict__, "low": lo, "high": hi})


def _make(kind: str, m: re.Match[str], base: int) -> DateRef | None:
    g = m.groupdict()
    s, e = base + m.start(), base + m.end()
    qual_surface = g.get("qual")
    qual = DATE_QUALIFIERS.get(qual_surface.lower()) if qual_surface else None
    if kind == "range":
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 <= y1:
            return None
        return DateRef(s, e, "absolute", f"{y1}-{y2}", year=y1, year2=y2)
    if kind == "full":
        mon, day = _month(g["mon"]), int(g["day"])
        if not 1 <= day <= 31:
            return None
        year = int(g["year"]) if g.get("year") else None
        label = f"{year or '????'}-{mon:02d}-{day:02d}" + (f"..{g['day2']}" if g.get("day2") else "")
        day2 = int(g["day2"]) if g.get("day2") and int(g["day2"]) > day else None
        return DateRef(s, e, "absolute", label, year=year, month=mon, day=day, day2=day2,
                       weekday=WEEKDAYS[g["wd"].lower()] if g.get("wd") else None,
                       qualifier=qual, surface_qualifier=qual_surface)
    if kind == "month":
        mon = _month(g["mon"])
        year = int(g["year"]) if g.get("year") else None
        q2 = (g.get("qual2") or "").lower()
        if g["mon"].lower() == "may" and year is None and q2 not in ("last", "next", "since", "until", "in"):
            return None  # the verb "may" ("this May be", "early May bring"), unless a date word leads it
        if q2 in ("last", "next", "this"):
            return DateRef(s, e, "relative", f"{q2} {g['mon'].lower()}", month=mon)
        if q2 in DATE_QUALIFIERS:
            qual, qual_surface = DATE_QUALIFIERS[q2], q2
        part = g.get("part") or (q2 if q2 in ("early", "late", "mid-") else None)
        return DateRef(s, e, "absolute", f"{year or '????'}-{mon:02d}", year=year, month=mon, part=part,
                       qualifier=qual, surface_qualifier=qual_surface)
    if kind == "season":
        year = int(g["year"])
        return DateRef(s, e, "absolute", f"{g['season'].lower()} {year}", year=year, month=None,
                       part=g["season"].lower())
    if kind == "time":
        h, mi = int(g["h"]), int(g.get("m") or 0)
        if not (1 <= h <= 12 and mi < 60):
            return None
        pm = g["ap"].lower().startswith("p")
        minutes = (h % 12 + 12 * pm) * 60 + mi
        return DateRef(s, e, "time", f"{minutes // 60:02d}:{minutes % 60:02d}", minutes=minutes,
                       qualifier=qual, surface_qualifier=qual_surface)
    if kind == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        pre = (g.get("pre") or "").lower()
        part = PARTS.get((g.get("part") or "").lower()) or (PARTS.get(pre) if pre == "overnight" else None)
        label = " ".join(x for x in (pre if pre in ("last", "next") else "", g["wd"].lower(), part or "") if x)
        return DateRef(s, e, "weekday", label, weekday=wd, part=part, qualifier=qual,
                       surface_qualifier=qual_surface, weekdays=frozenset({wd}))
    if kind == "relative":
        unit = (g.get("u") or "").lower()
        direction = (g.get("dir") or "").lower()
        if unit in ("yesterday", "today", "tonight", "tomorrow"):
            return DateRef(s, e, "relative", unit, part=g.get("part"))
        if direction in ("ago", "later", "earlier", "before", "after", "from now", "afterwards", "afterward"):
            n = _count(g.get("n"))
            return DateRef(s, e, "relative", f"{n} {unit.rstrip('s')}s {direction}".replace("1 days", "1 day"),
                           qualifier=g.get("qual"))
        if direction in ("past", "last", "next", "previous", "coming", "following") and g.get("n") is not None:
            n = _count(g.get("n"))
            return DateRef(s, e, "relative", f"past {n} {unit.rstrip('s')}s")
        if direction in ("past", "last", "next", "previous", "coming", "following") and m.re.pattern.startswith(
                "(?i)(?:in|over"):
            return DateRef(s, e, "relative", f"past {unit.rstrip('s')}")
        label = f"{direction} {unit}"
        weekdays = frozenset()
        if unit == "weekend":
            weekdays = frozenset({4, 5, 6})
        elif unit == "week":
            weekdays = frozenset(range(7))
        return DateRef(s, e, "relative", label, part=g.get("part"), weekdays=weekdays)
    if kind == "year":
        year = int(g["year"])
        return DateRef(s, e, "absolute", str(year), year=year, qualifier=qual, surface_qualifier=qual_surface)
    return None


# a negation earlier in the clause: "not ... until", "won't ... until"
_NEGATED = re.compile(r"(?i)(?:\bnot\b|\bnever\b|n't\b)[^.;:!?]*$")


def find_dates(text: str, start: int, end: int, anchor: dt.date | None = None,
               skip: list[tuple[int, int]] | None = None) -> list[DateRef]:
    """Date references in ``text[start:end]`` (absolute offsets), longest match first."""
    skip = skip or []
    piece = text[start:end]
    taken: list[tuple[int, int]] = []
    out: list[DateRef] = []
    for kind, pattern in _ANCHORED:
        for m in pattern.finditer(piece):
            s, e = start + m.start(), start + m.end()
            if any(a < e and s < b for a, b in taken) or any(a < e and s < b for a, b in skip):
                continue
            if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "$£€"):
                continue
            ref = _make(kind, m, start)
            if ref is None:
                continue
            if ref.qualifier == "until" and _NEGATED.search(text, max(0, s - 60), s):
                # "will not reconvene until Monday": it reconvenes on Monday
                ref = replace(ref, qualifier=None, surface_qualifier=None)
            taken.append((s, e))
            out.append(_resolve(ref, anchor))
    out.sort(key=lambda r: r.start)
    return out


# ----------------------------------------------------------------------------- comparison

SAME, COMPATIBLE, REWORDED, CONFLICT = "same", "compatible", "reworded", "conflict"


def _fields_agree(a: DateRef, b: DateRef) -> str:
    pairs = [(a.year, b.year), (a.year2, b.year2), (a.month, b.month), (a.day, b.day)]
    if a.year2 is not None or b.year2 is not None:
        return SAME if (a.year, a.year2) == (b.year, b.year2) else CONFLICT
    if (a.day2 or b.day2) and a.month == b.month and a.day and b.day:
        (lo1, hi1), (lo2, hi2) = (a.day, a.day2 or a.day), (b.day, b.day2 or b.day)
        if (lo1, hi1) == (lo2, hi2):
            return SAME
        return COMPATIBLE if lo1 <= lo2 <= hi2 <= hi1 or lo2 <= lo1 <= hi1 <= hi2 else CONFLICT
    for x, y in pairs:
        if x is not None and y is not None and x != y:
            return CONFLICT
    if a.part and b.part and a.part != b.part and a.month and b.month:
        return REWORDED
    same = all(x == y for x, y in pairs)
    return SAME if same else COMPATIBLE


def _parts_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def relation(a: DateRef, b: DateRef) -> str:
    """How two references to one event relate: same, compatible, reworded or conflict."""
    qa, qb = a.qualifier, b.qualifier
    qual_differs = (qa or "") != (qb or "") and not ({qa, qb} <= {None, "about"} and a.form == "time")
    rel = _base_relation(a, b)
    if rel in (SAME, COMPATIBLE) and qual_differs:
        return REWORDED
    return rel


def _base_relation(a: DateRef, b: DateRef) -> str:
    if a.low is not None and b.low is not None and a.form == b.form == "absolute":
        if (a.low, a.high) == (b.low, b.high):
            return SAME
        if a.low <= b.low <= b.high <= a.high or b.low <= a.low <= a.high <= b.high:
            return COMPATIBLE
        return CONFLICT
    if a.form == b.form == "absolute":
        return _fields_agree(a, b)
    if a.form == b.form == "weekday":
        if a.weekday != b.weekday:
            return CONFLICT
        if not _parts_agree(a.part, b.part):
            return CONFLICT
        return SAME if a.part == b.part else COMPATIBLE
    if a.form == b.form == "time":
        return SAME if a.minutes == b.minutes else CONFLICT
    if a.form == b.form == "relative":
        if a.label == b.label:
            return SAME
        if a.weekdays and b.weekdays and (a.weekdays <= b.weekdays or b.weekdays <= a.weekdays):
            return COMPATIBLE
        return REWORDED
    forms = {a.form, b.form}
    if forms == {"relative", "absolute"}:
        rel, ab = (a, b) if a.form == "relative" else (b, a)
        if rel.month and ab.month:
            # "last February" / "in February" / "Feb. 11": one month, named from now or by the calendar
            return COMPATIBLE if rel.month == ab.month else CONFLICT
        return REWORDED
    if forms == {"weekday", "relative"}:
        wd, rel = (a, b) if a.form == "weekday" else (b, a)
        if rel.weekdays and wd.weekday in rel.weekdays:
            return COMPATIBLE
        if (rel.label.split()[0] in ("yesterday", "today", "tonight", "tomorrow")
                and wd.low is not None and rel.low is not None and wd.low != rel.low):
            return CONFLICT
        # "yesterday" / "Thursday": a relative and a fixed reference to one day are worded differently,
        # and which day "yesterday" was depends on when each outlet wrote
        return REWORDED
    if forms == {"weekday", "absolute"}:
        wd, ab = (a, b) if a.form == "weekday" else (b, a)
        if ab.weekday is not None:
            return COMPATIBLE if ab.weekday == wd.weekday else CONFLICT
        if ab.low is not None and ab.low == ab.high:
            return REWORDED if dt.date.fromordinal(ab.low).weekday() == wd.weekday else CONFLICT
        return REWORDED
    return REWORDED
