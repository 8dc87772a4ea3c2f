"""Publication date of an article, read from a date line or dateline near its top.

Only the first ``TOP_CHARS`` characters are looked at, never the body: a date
line ("March 3, 2016", "Published 3 March 2016 10:12", "Updated ...", an ISO
date), a "Published/Posted/Updated <date>" phrase, or a dateline that opens a
paragraph with a date ("MONDAY, Jan. 25, 2016 (HealthDay News) --").  A
dateline with a city and no date ("WASHINGTON (AP) —"), a weekday alone or a
two-digit year give no date.
"""

from __future__ import annotations

import datetime as dt
import re

from factdesk.case.textlines import iter_lines

TOP_CHARS = 600
TOP_LINES = 10

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d\d(?!\d)"
# One date, in any of the accepted shapes.  Every repetition is bounded: linear time.
_DATE = (
    rf"(?:(?P<m1>{_MONTH})\s{{1,3}}(?P<d1>{_DAY}),?\s{{1,3}}(?P<y1>{_YEAR})"  # March 3, 2016
    rf"|(?P<d2>{_DAY})\s{{1,3}}(?:of\s{{1,3}})?(?P<m2>{_MONTH}),?\s{{1,3}}(?P<y2>{_YEAR})"  # 3 March 2016
    rf"|(?P<y3>{_YEAR})-(?P<m3>[01]?\d)-(?P<d3>[0-3]?\d)(?!\d)"  # 2016-03-03
    rf"|(?P<y4>{_YEAR})/(?P<m4>[01]?\d)/(?P<d4>[0-3]?\d)(?!\d)"  # 2016/03/03
    rf"|(?<![\d/.])(?P<a5>[0-3]?\d)(?P<sep5>[/.])(?P<b5>[0-3]?\d)(?P=sep5)(?P<y5>{_YEAR}))"  # 3/13/2016
)
_TIME = (
    r"(?:T\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?(?:Z|[+-]\d\d:?\d\d)?"  # ISO: T10:12:00Z
    r"|(?:at|,|-|–|—|\|)?\s{0,3}\d{1,2}(?:[:.]\d\d){1,2}\s{0,3}(?:[ap]\.?m\.?)?\s{0,3}(?:[A-Z]{2,5}\b)?)"
)
_DATE_RE = re.compile(_DATE, re.I)

_PUBLISHED = re.compile(
    rf"\b(?P<kind>first published|published|posted|last updated|updated|last modified|modified|date)"
    rf"(?:\s{{1,3}}(?:on|at))?\s{{0,3}}:?\s{{0,3}}(?:{_WEEKDAY}\s{{1,3}})?{_DATE}",
    re.I,
)
# A line that holds only a date (and maybe a weekday, a time, a "Published" or "By Name |" prefix).
_DATE_ONLY_LINE = re.compile(
    rf"^[\W_]{{0,3}}(?:by\s[^|•·]{{1,60}}[|•·]\s{{0,3}})?"
    rf"(?:(?:first published|published|posted|last updated|updated|date)"
    rf"(?:\s{{1,3}}on)?\s{{0,3}}:?\s{{0,3}})?"
    rf"(?:{_WEEKDAY}\s{{1,3}})?{_DATE}\s{{0,3}}{_TIME}?[\W_]{{0,3}}$",
    re.I,
)
# A paragraph opening with a date (after an optional CITY, and weekday) followed by a dash.
_DATELINE = re.compile(
    rf"^(?:[A-Z][A-Z.' -]{{1,40}},\s{{1,3}}(?:[A-Z][A-Za-z.' -]{{1,30}},\s{{1,3}})?)?"
    rf"(?:{_WEEKDAY}\s{{1,3}})?{_DATE}[^\n]{{0,40}}?\s(?:--|—|–|-)\s",
    re.I,
)


def find_publication_date(text: str) -> dt.date | None:
    """The article's publication date from the top of ``text``, or None."""
    top = text[:TOP_CHARS]
    published: dt.date | None = None
    updated: dt.date | None = None
    line_date: dt.date | None = None
    for line in iter_lines(top):
        if line.index >= TOP_LINES:
            break
        s = line.stripped
        if not s:
            continue
        for m in _PUBLISHED.finditer(s):
            found = date_from_match(m)
            if found is None:
                continue
            if m.group("kind").lower() in ("last updated", "updated", "last modified", "modified"):
                updated = updated or found
            else:
                published = published or found
        if line_date is None and (is_date_line(s) or _DATELINE.match(s)):
            line_date = parse_date(s)
    return published or line_date or updated


def is_date_line(line: str) -> bool:
    """True when the line holds nothing but a date (plus weekday, time, "Published", byline)."""
    s = line.strip()
    return len(s) <= 120 and _DATE_ONLY_LINE.match(s) is not None


def parse_date(text: str) -> dt.date | None:
    """The first valid full date (day, month, 4-digit year) in ``text``, or None."""
    for m in _DATE_RE.finditer(text):
        found = date_from_match(m)
        if found is not None:
            return found
    return None


def date_from_match(m: re.Match[str]) -> dt.date | None:
    """A :class:`datetime.date` from a match of the date pattern; None when invalid or ambiguous."""
    g = m.groupdict()
    if g.get("m1"):
        y, mo, d = int(g["y1"]), _MONTHS[g["m1"][:3].lower()], _day(g["d1"])
    elif g.get("m2"):
        y, mo, d = int(g["y2"]), _MONTHS[g["m2"][:3].lower()], _day(g["d2"])
    elif g.get("y3"):
        y, mo, d = int(g["y3"]), int(g["m3"]), int(g["d3"])
    elif g.get("y4"):
        y, mo, d = int(g["y4"]), int(g["m4"]), int(g["d4"])
    elif g.get("y5"):
        a, b, y = int(g["a5"]), int(g["b5"]), int(g["y5"])
        if g["sep5"] == ".":
            d, mo = a, b  # 3.3.2016 is day.month.year
        elif a > 12 >= b:
            d, mo = a, b
        elif b > 12 >= a:
            mo, d = a, b
        else:
            return None  # 03/04/2016: March 4 or 3 April - don't guess
    else:
        return None
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))
