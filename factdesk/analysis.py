"""analyze(case) -> Analysis: the one entry point the CLI and the GUI call.

Pure: a case in, frozen claims out.  Steps: find each article's candidate mentions
(from the parse cache, else parsing it once with spaCy: :mod:`factdesk.text.reading`),
align them N-way per kind, compare each group, and order the claims most urgent first.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from factdesk.case import natural_key
from factdesk.case.runaway import analysed_end, budget_end
from factdesk.model import Analysis, Article, Case, Claim, Kind, Mention, Span, Status
from factdesk.text import compare, matching
from factdesk.text.align import Candidate, Idf
from factdesk.text.context import mention_context
from factdesk.text.linker import Linker, load_linker
from factdesk.text.names import VARIANT, name_relation, squash, strip_accents
from factdesk.text.parse_cache import ParseCache
from factdesk.text.quotes import diverging_stretch
from factdesk.text.reading import ArticleToRead, place, read_articles

Progress = Callable[[float, str], None]
# A feature runs to ~60,000 characters; a file far beyond that is a site dump or a book, and
# parsing all of it would keep the desk waiting for minutes: its head is analysed, with a warning.
ANALYSED_CHARS = 250_000


class Cancelled(Exception):
    """The caller asked the analysis to stop."""


@dataclass(frozen=True)
class _KindSpec:
    kind: Kind
    group: Callable[[list[Candidate], Idf, Linker], list[list[Candidate]]]
    compare: Callable[[list[Candidate]], compare.Comparison]


SPECS = {
    "figures": _KindSpec(Kind.NUMBER, matching.group_figures, compare.compare_figures),
    "dates": _KindSpec(Kind.DATE, matching.group_dates, compare.compare_dates),
    "quotes": _KindSpec(Kind.QUOTE, matching.group_quotes, compare.compare_quotes),
    "names": _KindSpec(Kind.NAME, matching.group_names, compare.compare_names),
}


def analyze(case: Case, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None, singles: bool = False,
            cache: ParseCache | bool = True) -> Analysis:
    """Align the figures, dates, quotes and names of a case's articles into claims.

    With ``singles``, facts only one article states are kept too (status ``single``).
    ``cache``: the parse cache to read and fill (True: the user's, False: none).
    """
    found = extract(case, progress, cancelled, cache=cache)
    return assemble(case, found, singles=singles, progress=progress)


@dataclass
class Extracted:
    """Every article's candidate mentions, per kind: what the parse yields, before alignment."""

    per_kind: dict[str, list[Candidate]]
    model: str
    warnings: tuple[str, ...]
    parsed: int = 0  # articles parsed for this analysis; the others came from the parse cache


def extract(case: Case, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None, cache: ParseCache | bool = True) -> Extracted:
    """Find every article's candidate mentions: from the parse cache, else by parsing it (the slow step)."""

    def report(fraction: float, what: str) -> None:
        if progress is not None:
            progress(fraction, what)
        if cancelled is not None and cancelled():
            raise Cancelled()

    too_long = [
        f"{a.file} is {a.chars:,} characters long: only its first {ANALYSED_CHARS:,} were analysed "
        "(is it really one article?)" for a in case.articles if _analysed_beyond(a, ANALYSED_CHARS)]
    articles = [_to_read(a) for a in case.articles]
    store = ParseCache.default() if cache is True else cache or None
    reading = read_articles(articles, store, lambda f, what: report(0.05 + 0.75 * f, what))
    per_kind: dict[str, list[Candidate]] = {k: [] for k in SPECS}
    for i, (article, mentions) in enumerate(zip(case.articles, reading.mentions, strict=True)):
        place(mentions, article.file, i)
        for k in SPECS:
            per_kind[k].extend(getattr(mentions, k))
    report(0.85, "lining up the claims")
    warnings = tuple(w for w in (reading.warning, *too_long) if w)
    return Extracted(per_kind, reading.model, warnings, reading.parsed)


def _analysed_beyond(article: Article, offset: int) -> bool:
    """Whether the article has text to analyse after ``offset`` (not ignored, not over the case's budget)."""
    end = budget_end(article)
    covered = sum(max(0, min(s.end, end) - max(s.start, offset)) for s in article.ignored)
    return end - offset > covered


def _to_read(article: Article) -> ArticleToRead:
    """What the reader gets of an article: its text up to what is left out at its end for its cost (runaway lines,
    text over the case's budget), at most ANALYSED_CHARS characters (what lies beyond is never looked at)."""
    end = min(analysed_end(article), ANALYSED_CHARS)
    ignored = tuple((s.start, s.end) for s in article.ignored)
    if end < article.chars:
        ignored = tuple((s, min(e, end)) for s, e in ignored if s < end)
    return ArticleToRead(article.text[:end], ignored, article.headline_end, article.date)


def assemble(case: Case, found: Extracted, singles: bool = False, progress: Progress | None = None,
             linker: Linker | None = None) -> Analysis:
    """Align the extracted mentions into claims and compare each (fast; pure)."""
    linker = linker or load_linker()
    claims: list[Claim] = []
    warnings = list(found.warnings)
    idf = case_idf(found)
    for k, spec in SPECS.items():
        cands, warning = _within_pair_budget(k, spec.kind, found.per_kind[k], idf)
        warnings.extend(warning)
        groups = spec.group(cands, idf, linker)
        for group in groups:
            if len({c.article for c in group}) < 2 and not (singles and _stated_in_body(group)):
                continue
            claims.append(_claim(case, spec.kind, group, spec.compare(group), idf))
        if k == "names":
            claims.extend(_inconsistent_names(case, groups))
    claims = _ordered(claims)
    if progress is not None:
        progress(1.0, "done")
    return Analysis(case=case, claims=tuple(claims), model=found.model, warnings=tuple(warnings),
                    linker=linker.version)


def _within_pair_budget(what: str, kind: Kind, cands: list[Candidate], idf: Idf) -> tuple[list[Candidate], list[str]]:
    """The candidates the aligner weighs (:func:`matching.within_pair_budget`); a warning names the articles cut."""
    kept, cap = matching.within_pair_budget(str(kind), cands, idf)
    if cap is None:
        return cands, []
    cut = sorted((f for f, n in Counter(c.file for c in cands).items() if n > cap), key=natural_key)
    named = ", ".join(cut[:5]) + (f" and {len(cut) - 5} more" if len(cut) > 5 else "")
    weighed = "pairs of spellings per article to compare" if kind is Kind.NAME else "pairs per article to weigh"
    return kept, [f"{named}: only the first {cap:,} {what} of each were lined up (the case's {len(cands):,} {what} "
                  f"would make more than {matching.PAIRS_PER_ARTICLE:,} {weighed})"]


def case_idf(found: Extracted) -> Idf:
    """Word rarity over the case: every candidate's sentence is one document."""
    return Idf(c.sent for cands in found.per_kind.values() for c in cands)


def _stated_in_body(group: list[Candidate]) -> bool:
    return not all(c.in_headline for c in group)


# ----------------------------------------------------------------------------- claims


def _mention(case: Case, kind: Kind, c: Candidate, diff: list[tuple[int, int]] | None = None,
             gaps: list[tuple[int, int]] | None = None) -> Mention:
    p = c.payload
    article_text = case.article(c.file).text
    start, end = c.start, c.end
    if kind is Kind.QUOTE and (diff or gaps):
        # a passage of several quotations that differs in some: the mention is those, whole (its value
        # stays the passage's words, what the claim was compared and is known by)
        start, end = diverging_stretch(p, [*(diff or ()), *(gaps or ())])
    elif kind is Kind.NAME and diff:
        start = min(start, *(a for a, _ in diff))  # "near Mountain View": the place with its qualifier
    text = article_text[start:end]
    value: float | str | None
    low = high = None
    qualifier = unit = speaker = None
    if kind is Kind.NUMBER:
        value, low, high, qualifier, unit = p.value, p.low, p.high, p.qualifier, p.unit
        if value == int(value):
            value = int(value)
    elif kind is Kind.DATE:
        value, qualifier, unit = p.label, p.surface_qualifier, p.form
        low, high = p.low, p.high
    elif kind is Kind.QUOTE:
        value, speaker = " ".join(p.words), p.speaker
    else:
        value, unit, qualifier = p.key, p.label, (p.qualifier or None) if diff else None
    return Mention(
        file=c.file, start=start, end=end, text=text, kind=kind, value=value, low=low, high=high,
        qualifier=qualifier, unit=unit, speaker=speaker, diff=tuple(Span(a, b) for a, b in diff or ()),
        in_headline=c.in_headline, context=mention_context(article_text, start, end),
    )


def _label(kind: Kind, group: list[Candidate], idf: Idf) -> str:
    """What the claim is about, in a few words."""
    if kind is Kind.NUMBER:
        f = group[0].payload
        mods = Counter(m for c in group for m in c.payload.modifiers)
        shared = [m for m, n in mods.most_common(2) if n >= 2 and m.isalpha()]
        unit = f.unit or ""
        if unit == "percent":
            unit = "%"
        return " ".join([*shared, unit]).strip() or _shared_words(group, idf)
    if kind is Kind.QUOTE:
        speakers = Counter(c.payload.speaker for c in group if c.payload.speaker)
        return f"quote of {speakers.most_common(1)[0][0]}" if speakers else "quotation"
    if kind is Kind.NAME:
        return "name"
    return _shared_words(group, idf)


def _shared_words(group: list[Candidate], idf: Idf) -> str:
    counts = Counter(w for c in group for w in c.sent if not w.startswith("#"))
    shared = [w for w, n in counts.items() if n >= 2]
    shared.sort(key=lambda w: (-counts[w], -idf(w), w))
    return ", ".join(shared[:3])


def _wordings(mentions: list[Mention]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for m in mentions:
        key = " ".join(m.text.split() if m.kind is Kind.NAME else m.text.lower().split())
        counts[key] += 1
        first.setdefault(key, " ".join(m.text.split()))
    return [(first[k], n) for k, n in counts.most_common()]


def _summary(kind: Kind, label: str, mentions: list[Mention]) -> str:
    def short(s: str) -> str:
        return s if len(s) <= 60 else s[:57].rstrip() + "…"

    parts = [short(t) + (f" (×{n})" if n > 1 else "") for t, n in _wordings(mentions)]
    head = {Kind.QUOTE: label, Kind.NAME: "spelling", Kind.DATE: f"when ({label})" if label else "date"}.get(
        kind, label or "figure")
    if kind is Kind.QUOTE:
        parts = [f"“{p}”" for p in parts]
    return f"{head}: " + " vs ".join(parts)


def fingerprint(kind: Kind, key: str) -> str:
    """A claim's identity across re-analyses: its kind and a normalised key, hashed."""
    return hashlib.sha256(f"{kind}|{key}".encode()).hexdigest()[:20]


def _key(kind: Kind, group: list[Candidate], majority: Mention) -> str:
    if kind is Kind.NUMBER:
        f = group[0].payload
        return f"{f.unit}|{' '.join(sorted(set(f.modifiers)))}|{majority.value}"
    if kind is Kind.DATE:
        return f"{majority.value}|{' '.join(sorted(set.intersection(*(set(c.near) for c in group))))}"
    if kind is Kind.QUOTE:
        return " ".join(str(majority.value).split()[:10])
    return str(majority.value)


def _stated(m: Mention) -> object:
    """What a mention states, formatting aside: "5000" and "5,000" state the same."""
    if m.kind is Kind.NUMBER:
        return (m.value, m.unit, compare.hedge_class(m.qualifier))
    if m.kind is Kind.NAME:
        return " ".join(m.text.split())
    return " ".join(str(m.value).lower().split()) + "|" + (m.qualifier or "").lower()


def _claim(case: Case, kind: Kind, group: list[Candidate], cmp: compare.Comparison, idf: Idf) -> Claim:
    mentions = [_mention(case, kind, c, cmp.diffs.get(i), cmp.gaps.get(i)) for i, c in enumerate(group)]
    wordings = Counter(_stated(m) for m in mentions)
    top, top_n = wordings.most_common(1)[0]
    majority = next(m for m in mentions if _stated(m) == top)
    outliers = tuple(m.file for m in mentions if _stated(m) != top) if top_n > 1 else ()
    label = _label(kind, group, idf)
    summary = _summary(kind, label, mentions)
    if cmp.status is Status.SINGLE:
        what = {Kind.NAME: "name", Kind.QUOTE: "quotation"}.get(kind, label or str(kind))
        summary = f"{what}: {' '.join(mentions[0].text.split())[:80]} (only {mentions[0].file})"
    if kind is Kind.QUOTE and cmp.note:
        summary = f"{label}: {cmp.note}"  # the words that differ say more than the quote's opening
    return Claim(
        id="", kind=kind, status=cmp.status, severity=cmp.severity, summary=summary,
        mentions=tuple(mentions), fingerprint=fingerprint(kind, _key(kind, group, majority)),
        majority=majority.text if top_n > 1 else None, outliers=outliers,
        warnings=tuple(cmp.warnings), label=label, note=cmp.note,
    )


def _inconsistent_names(case: Case, groups: list[list[Candidate]]) -> list[Claim]:
    """An article that spells one name two ways disagrees with itself: its own claim."""
    out = []
    for group in groups:
        for rep in group:
            mine = rep.payload.text
            others = [
                c for c in rep.extra.get("all", [])
                if c.payload.text != mine and c.payload.label != "HASHTAG"
                and (_accents_only(c.payload.text, mine)
                     or (squash(c.payload.text) != squash(mine) and name_relation(c.payload, rep.payload) == VARIANT))
            ]
            if not others:
                continue
            first_other = min(others, key=lambda c: c.start)
            pair = sorted([rep, first_other], key=lambda c: c.start)
            mentions = tuple(_mention(case, Kind.NAME, c) for c in pair)
            summary = f"spelled two ways in {rep.file}: " + " vs ".join(m.text for m in mentions)
            out.append(Claim(
                id="", kind=Kind.NAME, status=Status.CONFLICT, severity=0.6, summary=summary,
                mentions=mentions, fingerprint=fingerprint(Kind.NAME, f"internal|{rep.file}|{rep.payload.key}"),
                warnings=("within one article",), label="inconsistent spelling",
            ))
    return out


def _accents_only(a: str, b: str) -> bool:
    """Döpfner / Dopfner: the same letters once accents are set aside."""
    return a != b and strip_accents(a) == strip_accents(b)


_STATUS_ORDER = {Status.CONFLICT: 0, Status.HEDGED: 1, Status.AGREE: 2, Status.SINGLE: 3}


def _ordered(claims: list[Claim]) -> list[Claim]:
    claims.sort(key=lambda c: (_STATUS_ORDER[c.status] > 1, -c.severity, _STATUS_ORDER[c.status],
                               c.mentions[0].file, c.mentions[0].start))
    seen: Counter[str] = Counter()
    out = []
    for i, c in enumerate(claims, 1):
        seen[c.fingerprint] += 1
        fp = c.fingerprint if seen[c.fingerprint] == 1 else f"{c.fingerprint}-{seen[c.fingerprint]}"
        out.append(Claim(**{**c.__dict__, "id": f"c{i}", "fingerprint": fp}))
    return out
