"""The data every layer shares: articles, mentions, claims, verdicts.

All values are frozen dataclasses so an analysis can be compared, hashed and
serialised without the objects that produced it.  Offsets are Python ``str``
indices into ``Article.text`` (UTF-8 decoded, ``newline=""``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    NUMBER = "number"
    DATE = "date"
    QUOTE = "quote"
    NAME = "name"


class Status(StrEnum):
    CONFLICT = "conflict"  # they cannot all be right
    HEDGED = "hedged"  # compatible only through hedges or rounding
    AGREE = "agree"
    SINGLE = "single"  # stated by one article only

    @property
    def flagged(self) -> bool:
        return self in (Status.CONFLICT, Status.HEDGED)


class VerdictState(StrEnum):
    VERIFIED = "verified"
    DISPUTED = "disputed"
    UNRESOLVED = "unresolved"
    RETRACTED = "retracted"  # withdraws the editor's previous verdict on the claim


class CorrectionAction(StrEnum):
    """What an editor changed about the machine's claims (a log row like a verdict; see corrections/)."""

    DISMISS = "dismiss"  # not a claim, or not the same fact
    MERGE = "merge"  # these claims are one fact
    SPLIT = "split"  # take one article's mention out of the claim
    ADD = "add"  # a claim the machine missed


class Origin(StrEnum):
    MACHINE = "machine"
    EDITOR = "editor"  # created or changed by an editor's correction


# A mention's context marks the mention itself between these two signs.
CONTEXT_OPEN, CONTEXT_CLOSE = "⟦", "⟧"


def context_parts(context: str) -> tuple[str, str, str]:
    """(before, the mention, after) of a mention's marked context."""
    before, _, rest = context.partition(CONTEXT_OPEN)
    mention, _, after = rest.partition(CONTEXT_CLOSE)
    return before, mention, after


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, pos: int) -> bool:
        return self.start <= pos < self.end


@dataclass(frozen=True, slots=True)
class IgnoredSpan:
    """Scraped junk (comment forms, related links, captions...) left out of the analysis."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Article:
    file: str  # file name inside the case: the article's identity
    text: str  # the text that offsets index (extracted text for HTML)
    title: str = ""
    date: dt.date | None = None  # publication date or dateline, when found
    source_format: str = "txt"  # txt | md | html
    encoding: str = "utf-8"
    ignored: tuple[IgnoredSpan, ...] = ()
    headline_end: int = 0  # text[:headline_end] is headline/subtitle/lede area
    warnings: tuple[str, ...] = ()
    outlet: str = ""  # who published it: the case manifest, the page's site name or a header block
    url: str = ""  # where it was published
    published: str = ""  # ISO 8601 date or date-time as known (with its UTC offset when the source gives one)
    byline: str = ""  # the author(s) as credited

    @property
    def display_name(self) -> str:
        """What the window, the sheet and the exports call the article: its outlet, else its file name."""
        return self.outlet or self.file

    @property
    def chars(self) -> int:
        return len(self.text)

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def is_ignored(self, start: int, end: int) -> bool:
        return any(s.start < end and start < s.end for s in self.ignored)


@dataclass(frozen=True)
class Case:
    """A folder (or list) of articles about one story."""

    name: str
    path: str  # folder, or "" when built from a list of files
    articles: tuple[Article, ...]
    warnings: tuple[str, ...] = ()  # skipped files, decoding fallbacks...

    def article(self, file: str) -> Article:
        for a in self.articles:
            if a.file == file:
                return a
        raise KeyError(file)


@dataclass(frozen=True)
class Mention:
    """One span of one article stating a figure, date, quote or name."""

    file: str
    start: int
    end: int
    text: str  # == article.text[start:end]
    kind: Kind
    value: float | str | None = None  # number: central value; date: ISO/label; quote/name: normalised
    low: float | None = None  # interval the statement allows (numbers: value; dates: ordinal days)
    high: float | None = None
    qualifier: str | None = None  # hedge such as "over", "about", "at least"
    unit: str | None = None  # what a figure counts ("accounts", "minute"), kind of date ("month")
    speaker: str | None = None  # quotes: who said it, when the text says
    diff: tuple[Span, ...] = ()  # quotes: absolute spans of words that differ from the majority
    in_headline: bool = False
    context: str = ""  # its sentence, trimmed around it to ~200 characters, the mention between ⟦ ⟧

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Claim:
    """The mentions of one fact across the articles (at most one per article)."""

    id: str  # "c1", "c2"... in order of urgency; stable within one analysis
    kind: Kind
    status: Status
    severity: float  # 0..1
    summary: str
    mentions: tuple[Mention, ...]
    fingerprint: str = ""  # survives re-analysis: see analysis.fingerprint()
    majority: str | None = None  # the wording most articles use
    outliers: tuple[str, ...] = ()  # files whose wording departs from the majority
    warnings: tuple[str, ...] = ()  # e.g. same words attributed to different speakers
    label: str = ""  # what the claim is about ("accounts suspended")
    note: str = ""  # the comparison's own word on the difference ("figures differ")
    origin: Origin = Origin.MACHINE
    dismissed: bool = False  # an editor said it is not a claim / not the same fact
    corrections: tuple[str, ...] = ()  # what editors changed, one line each ("merged by ann: ...")

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(m.file for m in self.mentions)

    def mention_in(self, file: str) -> Mention | None:
        for m in self.mentions:
            if m.file == file:
                return m
        return None

    @property
    def flagged(self) -> bool:
        return self.status.flagged and not self.dismissed


@dataclass(frozen=True)
class Analysis:
    case: Case
    claims: tuple[Claim, ...]
    model: str = ""  # which language pipeline produced it
    warnings: tuple[str, ...] = ()
    linker: str = ""  # name and version of the learned alignment parameters
    stale: tuple[Verdict, ...] = ()  # editors' corrections whose anchor text is gone from the articles
    corrected: bool = False  # the desk's corrections were applied

    @property
    def articles(self) -> tuple[Article, ...]:
        return self.case.articles

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)

    @property
    def flagged(self) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if c.flagged)


@dataclass(frozen=True)
class MentionSnapshot:
    """What a verdict was made on: one article's wording of the claim."""

    file: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Verdict:
    case: str  # case key (see store)
    fingerprint: str  # Claim.fingerprint
    editor: str
    verdict: VerdictState | CorrectionAction  # a CorrectionAction row is an editor's correction
    note: str = ""
    correct_value: str = ""
    source: str = ""
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    app_version: str = ""
    snapshot: tuple[MentionSnapshot, ...] = ()
    claim_id: str = ""  # the claim's id at the time (informational)
    id: int | None = None  # row id once stored

    @property
    def is_correction(self) -> bool:
        return isinstance(self.verdict, CorrectionAction)


def log_state(value: str) -> VerdictState | CorrectionAction:
    """A log row's state: a verdict or a correction; ``ValueError`` for anything else."""
    try:
        return VerdictState(value)
    except ValueError:
        return CorrectionAction(value)
