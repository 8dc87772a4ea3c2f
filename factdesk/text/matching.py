"""How alike two mentions of one kind are: the scores the aligner merges by.

Each ``group_*`` function takes every article's candidates of one kind and
returns the groups (one candidate per article at most) that become claims.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from factdesk.text.align import Candidate, Idf, cluster
from factdesk.text.names import ACRONYM, OTHER, PARTIAL, name_relation

MONEY = {"USD", "GBP", "EUR"}


def context_similarity(idf: Idf, a: Candidate, b: Candidate) -> float:
    """How alike two mentions' surroundings are: nearby words count double."""
    return (2 * idf.similarity(a.near, b.near) + idf.similarity(a.sent, b.sent)) / 3


def group_figures(cands: list[Candidate], idf: Idf) -> list[list[Candidate]]:
    per_article_unit = Counter((c.article, c.payload.unit) for c in cands)
    for c in cands:
        f = c.payload
        unit = "money" if f.unit in MONEY else f.unit
        c.keys = (("unit", unit),) if unit else (("value", f.value),)

    def score(a: Candidate, b: Candidate) -> float:
        fa, fb = a.payload, b.payload
        if fa.unit != fb.unit and not (fa.unit in MONEY and fb.unit in MONEY):
            return 0.0
        ctx = context_similarity(idf, a, b)
        big, small = max(fa.value, fb.value), min(fa.value, fb.value)
        if small <= 0 < big or (small > 0 and big / small > 10):
            return 0.0  # an order of magnitude apart: not one fact, whatever the hedges
        if fa.value == fb.value:
            ctx += 0.3
        elif fa.low <= fb.high and fb.low <= fa.high:
            ctx += 0.15
        elif big / small > 3:
            ctx -= 0.3
        elif big / small > 1.5:
            ctx -= 0.1
        if fa.is_range != fb.is_range:
            return 0.0  # "nine to 33 years" is not "a minimum of nine years"
        ma, mb = set(fa.modifiers), set(fb.modifiers)
        if ma & mb:
            ctx += 0.1
        if not fa.unit:
            ctx -= 0.15  # a bare number needs more context to be the same fact
        elif per_article_unit[(a.article, fa.unit)] == 1 and per_article_unit[(b.article, fb.unit)] == 1:
            ctx += 0.1  # the only "Category" figure of each article: likely the same one
        return ctx

    return cluster(cands, score, threshold=0.42, mutual=0.15)


def group_dates(cands: list[Candidate], idf: Idf) -> list[list[Candidate]]:
    for c in cands:
        month = (("month", c.payload.month),) if c.payload.month else ()
        c.keys = (("label", c.payload.label), *month, *(("w", w) for w in c.near))

    def score(a: Candidate, b: Candidate) -> float:
        da, db = a.payload, b.payload
        ctx = context_similarity(idf, a, b)
        if da.label == db.label:
            ctx += 0.25
        elif _days_apart(da, db) <= 3:
            ctx += 0.25  # "April 14" / "April 16": near-equal dates of one story name one event
        if (da.form == "time") != (db.form == "time"):
            return 0.0
        return ctx

    return cluster(cands, score, threshold=0.25, mutual=0.25)


def _days_apart(a, b) -> int:
    if a.form != "absolute" or b.form != "absolute" or None in (a.month, a.day, b.month, b.day):
        return 999
    if a.year and b.year and a.year != b.year:
        return 999
    return abs((a.month * 31 + a.day) - (b.month * 31 + b.day))


def _joined(c: Candidate) -> str:
    return " ".join(c.payload.words)


def group_quotes(cands: list[Candidate], idf: Idf) -> list[list[Candidate]]:
    def score(a: Candidate, b: Candidate) -> float:
        wa, wb = a.payload.words, b.payload.words
        shared = sum(blk.size for blk in SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks())
        short = min(len(wa), len(wb))
        if shared < 4 or shared < 0.6 * short:
            return 0.0  # a few common words do not make the same quotation
        full = fuzz.ratio(_joined(a), _joined(b)) / 100
        return max(full, 0.95 * shared / short)

    return cluster(cands, score, threshold=0.72, linkage=0.6)


def group_names(cands: list[Candidate], idf: Idf) -> list[list[Candidate]]:
    """Names: one representative per article and entity; entities found by spelling rules."""
    # distinct spellings of the case, with the candidates that use them
    by_text: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_text[c.payload.text].append(c)
    spellings = sorted(by_text)
    reps = {t: _typical(by_text[t]) for t in spellings}
    long_names = [t for t in spellings
                  if len(reps[t].key.split()) >= 2 or reps[t].label != "NAME" or ACRONYM.match(t)]
    parent = {t: t for t in spellings}

    def find(t: str) -> str:
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    # block by each folded word's first three letters
    blocks: dict[str, list[str]] = defaultdict(list)
    for t in long_names:
        for w in set(reps[t].key.split()):
            if len(w) > 2:
                blocks[w[:3]].append(t)
        if ACRONYM.match(t):
            blocks["".join(sorted(t))].append(t)  # MNLA / NMLA
    linked: dict[str, set[str]] = defaultdict(set)
    for members in blocks.values():
        if len(members) > 300:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                rel = name_relation(reps[a], reps[b])
                if rel != OTHER:
                    linked[a].add(b)
                    linked[b].add(a)
                    if rel != PARTIAL or (len(reps[a].key.split()) > 1 and len(reps[b].key.split()) > 1):
                        parent[find(a)] = find(b)
    # a short name (surname alone) joins the one full name it can stand for
    for t in spellings:
        if find(t) != t or len(reps[t].key.split()) > 1:
            continue
        roots = {find(o) for o in linked.get(t, ()) if len(reps[o].key.split()) > 1}
        if len(roots) == 1:
            parent[t] = roots.pop()
    entities: dict[str, list[Candidate]] = defaultdict(list)
    for t in spellings:
        entities[find(t)].extend(by_text[t])
    groups = []
    for members in entities.values():
        per_article: dict[int, list[Candidate]] = defaultdict(list)
        for c in members:
            per_article[c.article].append(c)
        group = [_representative(cs) for cs in per_article.values()]
        group.sort(key=lambda c: c.order)
        for c, cs in zip(group, (per_article[c.article] for c in group), strict=True):
            c.extra["all"] = cs
        groups.append(group)
    groups.sort(key=lambda g: g[0].order)
    return groups


def _typical(cands: list[Candidate]):
    """One spelling's name, with the label most of its occurrences got (never the first one seen,
    which would make the result depend on the order of the files)."""
    labels = Counter(c.payload.label for c in cands)
    label = min(labels, key=lambda lb: (-labels[lb], lb))
    return next(c.payload for c in cands if c.payload.label == label)


def _representative(cs: list[Candidate]) -> Candidate:
    """The article's usual spelling, first stated in the body (the headline only as a last resort)."""
    longest = max(len(c.payload.key.split()) for c in cs)
    full = [c for c in cs if len(c.payload.key.split()) == longest]
    body = [c for c in full if not c.in_headline] or full
    return min(body, key=lambda c: c.start)
