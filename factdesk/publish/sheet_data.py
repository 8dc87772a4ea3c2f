"""What the discrepancy sheet and the exports are made of: claims, verdicts, decisions, counts.

Pure data, shared by :mod:`factdesk.publish.sheet` (HTML) and :mod:`factdesk.publish.exports`
(CSV, JSON, ClaimReview). The only I/O is :func:`read_verdicts`, which reads
the verdict log without ever creating it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import StrEnum
from pathlib import Path

from factdesk.corrections.desk import corrected
from factdesk.model import Analysis, Article, Case, Claim, Kind, Mention, Status, Verdict, VerdictState
from factdesk.store import DatabaseMissing, VerdictLog, VerifyReport, case_key, default_db_path, is_stale

Verdicts = Mapping[str, Mapping[str, Verdict]]  # fingerprint -> editor -> latest verdict (VerdictLog.latest)


class Decision(StrEnum):
    """Where the editors stand on one claim."""

    OPEN = "open"  # no verdict yet
    VERIFIED = "verified"
    DISPUTED = "disputed"
    UNRESOLVED = "unresolved"
    SPLIT = "split"  # editors disagree


@dataclass(frozen=True)
class SheetOptions:
    """What goes on the sheet (and into the exports).

    ``claim_ids`` restricts the claims to those ids (the window's current
    filters); ``editor`` keeps only that editor's verdicts.
    """

    include_agreeing: bool = False
    include_open: bool = True  # the "still open" list
    editor: str | None = None
    claim_ids: frozenset[str] | None = None
    title: str = "Discrepancy sheet"
    case_title: str = ""  # what the case is about; default: the first article's headline, else the case's name


@dataclass(frozen=True)
class EditorVerdict:
    verdict: Verdict
    stale: bool  # the claim's wording changed since the verdict was made


@dataclass(frozen=True)
class ClaimEntry:
    """One claim with the verdicts that apply to it."""

    claim: Claim
    verdicts: tuple[EditorVerdict, ...] = ()

    @property
    def decision(self) -> Decision:
        states = {v.verdict.verdict for v in self.verdicts}
        if not states:
            return Decision.OPEN
        if len(states) > 1:
            return Decision.SPLIT
        return Decision(str(states.pop()))

    @property
    def stale(self) -> bool:
        return any(v.stale for v in self.verdicts)


@dataclass(frozen=True)
class Counts:
    conflicts: int = 0
    hedged: int = 0
    verified: int = 0
    disputed: int = 0
    unresolved: int = 0
    split: int = 0
    open: int = 0
    stale: int = 0
    agreeing: int = 0


@dataclass(frozen=True)
class SheetData:
    """Everything the sheet shows, in order."""

    analysis: Analysis
    flagged: tuple[ClaimEntry, ...]
    agreeing: tuple[ClaimEntry, ...]
    editors: tuple[str, ...]
    counts: Counts
    orphaned: int  # verdicts on claims this analysis no longer finds
    options: SheetOptions = field(default_factory=SheetOptions)
    log_state: VerifyReport | None = None  # the verdict log as verified when the sheet was made

    @property
    def entries(self) -> tuple[ClaimEntry, ...]:
        return self.flagged + self.agreeing

    @property
    def still_open(self) -> tuple[ClaimEntry, ...]:
        return tuple(e for e in self.flagged if e.decision is Decision.OPEN)


# ----------------------------------------------------------------------------- building


def filter_editor(verdicts: Verdicts, editor: str | None) -> dict[str, dict[str, Verdict]]:
    """Only ``editor``'s verdicts (all editors when ``editor`` is None)."""
    out: dict[str, dict[str, Verdict]] = {}
    for fp, by_editor in verdicts.items():
        kept = {e: v for e, v in by_editor.items() if editor is None or e == editor}
        if kept:
            out[fp] = kept
    return out


def entry_for(claim: Claim, verdicts: Verdicts) -> ClaimEntry:
    by_editor = verdicts.get(claim.fingerprint, {})
    return ClaimEntry(claim, tuple(
        EditorVerdict(v, is_stale(v, claim))
        for _, v in sorted(by_editor.items())
        if v.verdict is not VerdictState.RETRACTED
    ))


def build(analysis: Analysis, verdicts: Verdicts | None = None,
          options: SheetOptions | None = None, log_state: VerifyReport | None = None) -> SheetData:
    """Select and order the claims of the sheet and attach the editors' latest verdicts.

    ``log_state``: the verdict log's check (:func:`read_log_state`), printed on the sheet.
    """
    options = options or SheetOptions()
    mine = filter_editor(verdicts or {}, options.editor)
    wanted = options.claim_ids

    def chosen(c: Claim) -> bool:
        return wanted is None or c.id in wanted

    flagged = tuple(entry_for(c, mine) for c in analysis.claims if c.flagged and chosen(c))
    agreeing = tuple(entry_for(c, mine) for c in analysis.claims
                     if options.include_agreeing and c.status is Status.AGREE and chosen(c))
    known = {c.fingerprint for c in analysis.claims}
    editors = sorted({e for by_editor in mine.values() for e in by_editor})
    return SheetData(
        analysis=analysis, flagged=flagged, agreeing=agreeing, editors=tuple(editors),
        counts=count(flagged, agreeing), orphaned=sum(len(v) for fp, v in mine.items() if fp not in known),
        options=options, log_state=log_state,
    )


def count(flagged: Iterable[ClaimEntry], agreeing: Iterable[ClaimEntry] = ()) -> Counts:
    flagged = list(flagged)
    decisions = [e.decision for e in flagged]
    return Counts(
        conflicts=sum(e.claim.status is Status.CONFLICT for e in flagged),
        hedged=sum(e.claim.status is Status.HEDGED for e in flagged),
        verified=decisions.count(Decision.VERIFIED),
        disputed=decisions.count(Decision.DISPUTED),
        unresolved=decisions.count(Decision.UNRESOLVED),
        split=decisions.count(Decision.SPLIT),
        open=decisions.count(Decision.OPEN),
        stale=sum(e.stale for e in flagged),
        agreeing=len(list(agreeing)),
    )


def read_corrected(analysis: Analysis, db_path: str | Path | None = None) -> Analysis:
    """``analysis`` with the desk's corrections from the verdict log applied (read-only; no log: none)."""
    path = Path(db_path).expanduser() if db_path else default_db_path()
    if not path.exists():
        return analysis
    try:
        with VerdictLog(path, readonly=True) as log:
            return corrected(analysis, log)
    except DatabaseMissing:
        return analysis


def read_log_state(db_path: str | Path | None = None) -> VerifyReport | None:
    """The verdict log verified (chain, signatures, head hash), read-only; None when there is no log yet.

    Raises :class:`factdesk.store.StoreError` (one-line message) for a damaged, foreign or locked log.
    """
    path = Path(db_path).expanduser() if db_path else default_db_path()
    if not path.exists():
        return None
    try:
        with VerdictLog(path, readonly=True) as log:
            return log.verify()
    except DatabaseMissing:
        return None


def read_verdicts(case: Case, db_path: str | Path | None = None) -> dict[str, dict[str, Verdict]]:
    """The latest verdicts on ``case`` from the verdict log, read-only.

    A log that does not exist yet means no verdicts: nothing is created.
    Raises :class:`factdesk.store.StoreError` (one-line message) for a damaged,
    foreign or locked log.
    """
    path = Path(db_path).expanduser() if db_path else default_db_path()
    if not path.exists():
        return {}
    try:
        with VerdictLog(path, readonly=True) as log:
            return log.latest(case_key(case))
    except DatabaseMissing:
        return {}


# ----------------------------------------------------------------------------- articles


def article_labels(articles: Iterable[Article]) -> dict[str, str]:
    """Short labels A, B, C... Z, AA, AB... for the articles, in case order."""
    out = {}
    for i, a in enumerate(articles):
        label, n = "", i
        while True:
            label = chr(ord("A") + n % 26) + label
            n = n // 26 - 1
            if n < 0:
                break
        out[a.file] = label
    return out


def mentions_by_file(claim: Claim) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = {}
    for m in claim.mentions:
        out.setdefault(m.file, []).append(m)
    return out


def within_one_article(claim: Claim) -> bool:
    return len({m.file for m in claim.mentions}) == 1


# ----------------------------------------------------------------------------- differing words

_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def _norm(token: str) -> str:
    return _EDGE_PUNCT.sub("", token.lower()) or token.lower()


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(t.start(), t.end(), _norm(t.group())) for t in _TOKEN.finditer(text)]


def differing_spans(claim: Claim, mention: Mention) -> list[tuple[int, int]]:
    """Spans (relative to ``mention.text``) of the words of ``mention`` (one of ``claim.mentions``)
    that differ from the other articles.

    Quotations carry the analysis' word-by-word ``diff``. Other claims are
    compared word by word with the majority wording; without a majority, the
    words not shared by every article's wording differ.
    """
    return claim_differences(claim)[claim.mentions.index(mention)]


def claim_differences(claim: Claim) -> list[list[tuple[int, int]]]:
    """:func:`differing_spans` of each of ``claim.mentions``, in order (the claim compared once)."""
    mentions = claim.mentions
    if any(m.diff for m in mentions):
        return [[(max(0, s.start - m.start), min(len(m.text), s.end - m.start))
                 for s in m.diff if s.end > m.start and s.start < m.end] for m in mentions]
    if claim.kind is Kind.QUOTE or len(mentions) < 2:
        return [[] for _ in mentions]
    by_text: dict[str, list[tuple[int, int]]] = {}  # articles often word it the same way
    if claim.majority is not None:
        majority = _norm_text(claim.majority)
        ref = [t[2] for t in _tokens(claim.majority)]
        for m in mentions:
            if m.text in by_text:
                continue
            if _norm_text(m.text) == majority:
                by_text[m.text] = []
                continue
            mine = _tokens(m.text)
            ops = SequenceMatcher(a=ref, b=[t[2] for t in mine], autojunk=False).get_opcodes()
            by_text[m.text] = [(mine[j][0], mine[j][1]) for tag, _, _, j1, j2 in ops if tag in ("replace", "insert")
                               for j in range(j1, j2)]
    else:
        tokens = {m.text: _tokens(m.text) for m in mentions}
        shared = set.intersection(*({t[2] for t in words} for words in tokens.values()))
        by_text = {text: [(s, e) for s, e, w in words if w not in shared] for text, words in tokens.items()}
    return [list(by_text[m.text]) for m in mentions]


def _norm_text(text: str) -> str:
    return " ".join(text.lower().split())


def is_majority_wording(claim: Claim, mention: Mention) -> bool:
    return claim.majority is not None and _norm_text(mention.text) == _norm_text(claim.majority)


# ----------------------------------------------------------------------------- comparing wordings
#
# Two outlets wording a claim alike is not evidence that they are right: until an editor verifies a
# value, a wording is only "the most common" one; afterwards each article matches the verified value
# or differs from it.

_OPENING_QUOTE = re.compile(r"[“\"‘«]")


def without_lead_in(text: str) -> str:
    """A wording without an outlet's own words before a quotation ("He said: “…”" -> "…"), quotes removed."""
    text = " ".join(text.split())
    m = _OPENING_QUOTE.search(text)
    if m and 0 < m.start() < len(text) // 2:
        text = text[m.end():]
    return text.strip("“”\"‘’«» ")


def _key(text: str) -> str:
    return _norm_text(without_lead_in(text)).strip(".,;:!?")


def most_common_wording(claim: Claim) -> tuple[str, int] | None:
    """The wording more articles use than any other (and at least two), with how many; else None."""
    counts: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for m in claim.mentions:
        key = _key(m.text)
        counts.setdefault(key, set()).add(m.file)
        shown.setdefault(key, without_lead_in(m.text))
    ranked = sorted(counts.items(), key=lambda kv: -len(kv[1]))
    if not ranked or len(ranked[0][1]) < 2 or (len(ranked) > 1 and len(ranked[1][1]) == len(ranked[0][1])):
        return None
    return shown[ranked[0][0]], len(ranked[0][1])


def verified_value(entry: ClaimEntry) -> str | None:
    """The value the editors verified (when they verified it and agree on it), else None."""
    if entry.decision is not Decision.VERIFIED:
        return None
    values = {v.verdict.correct_value.strip() for v in entry.verdicts}
    return values.pop() if len(values) == 1 and "" not in values else None


def matches(mention: Mention, value: str) -> bool:
    """Whether ``mention`` words ``value`` (white space, case, quotation marks and end punctuation aside)."""
    if _key(mention.text) == _key(value):
        return True
    bare_number = re.fullmatch(r"\s*[$€£]?\s*[\d][\d,. ]*\s*", value) is not None  # "125,000", not "over 125,000"
    if mention.kind is Kind.NUMBER and isinstance(mention.value, int | float) and not mention.qualifier \
            and bare_number:
        digits = re.sub(r"[^\d.]", "", value.replace(",", ""))
        try:
            return bool(digits) and float(digits) == float(mention.value)
        except ValueError:
            return False
    return False


def comparison(entry: ClaimEntry, mention: Mention) -> str:
    """How ``mention`` compares: with the verified value once there is one, else with the most common wording."""
    value = verified_value(entry)
    if value is not None:
        return "matches the verified value" if matches(mention, value) else "differs from the verified value"
    common = most_common_wording(entry.claim)
    if common is None:
        return ""
    return "most common wording" if _key(mention.text) == _key(common[0]) else "differs from the most common wording"
