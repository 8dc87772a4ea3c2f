"""What two mentions of one kind have in common: the features the learned linker weighs.

Two families are kept apart on purpose.  *About* features say whether two mentions
concern the same thing — the rare words around them, the word just before, the verb
they hang from, the counted noun, where they stand in their stories, and whether each
is the other's best match in its article.  *Says* features compare what they state —
values, wordings, forms.  A divergence is two mentions that share the first kind and
not the second, so linking must be able to rest on the first kind alone.

Pure functions over :class:`~factdesk.text.align.Candidate`; no model, no Qt, no I/O.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from factdesk.text import dates as D
from factdesk.text.align import Candidate, Idf

MONEY = {"USD", "GBP", "EUR"}

ABOUT = ("near", "sent", "wide", "prev_same", "anchor_same", "pos_gap", "headline", "best_both", "best_one",
         "margin", "crowd", "type_same", "only_of_type", "best_among_few")
NUMBER = (*ABOUT, "unit_same", "unit_none_both", "unit_none_one", "value_equal", "value_overlap", "log_ratio",
          "range_mismatch", "modifier_shared", "only_of_unit", "hedge_differs", "near_x_equal", "near_x_unit")
DATE = (*ABOUT, "label_same", "days_close", "form_same", "absolute_vs_relative", "time_mismatch",
        "relation_conflict", "relation_reworded", "month_same", "year_differs", "near_x_label", "rival")
QUOTE = (*ABOUT, "shared_fraction", "longest_run", "long_run", "fuzz", "speaker_same", "speaker_missing",
         "length_ratio")
FEATURES: dict[str, tuple[str, ...]] = {"number": NUMBER, "date": DATE, "quote": QUOTE}
# what the mentions state: left out of the *about* model that joins groups stating one fact differently
SAYS = {"value_equal", "value_overlap", "log_ratio", "hedge_differs", "near_x_equal", "label_same", "days_close",
        "relation_conflict", "relation_reworded", "month_same", "year_differs", "near_x_label"}


def about_columns(kind: str) -> list[int]:
    """The feature columns that say what two mentions are about, not what they say."""
    return [k for k, name in enumerate(FEATURES[kind]) if name not in SAYS]

Pair = tuple[int, int]


def _similarities(idf: Idf, a: Candidate, b: Candidate) -> tuple[float, float, float]:
    return idf.similarity(a.near, b.near), idf.similarity(a.sent, b.sent), idf.similarity(a.wide, b.wide)


def context_similarity(sims: tuple[float, float, float]) -> float:
    """How alike two mentions' surroundings are: nearby words count double."""
    near, sent, wide = sims
    return (2 * near + sent + wide) / 4


def _about(idf: Idf, a: Candidate, b: Candidate, sims: tuple[float, float, float]) -> list[float]:
    return [
        *sims,
        float(bool(a.prev) and a.prev == b.prev) * min(idf(a.prev) / 4, 1.0),
        float(bool(a.anchor) and a.anchor == b.anchor),
        abs(a.rel - b.rel),
        float(a.in_headline or b.in_headline),
    ]


def _number(a: Candidate, b: Candidate, per_article_unit: Counter) -> list[float]:
    fa, fb = a.payload, b.payload
    ua = "money" if fa.unit in MONEY else fa.unit
    ub = "money" if fb.unit in MONEY else fb.unit
    big, small = max(fa.value, fb.value), min(fa.value, fb.value)
    if small <= 0 < big:
        log_ratio = 3.0
    elif small > 0:
        log_ratio = min(math.log10(big / small), 3.0)
    else:
        log_ratio = 0.0
    # each the only figure of its unit in its article; a pair where one leaves the unit unsaid is not (either order)
    only = None not in (ua, ub) and per_article_unit[(a.article, ua)] == 1 and per_article_unit[(b.article, ub)] == 1
    equal = float(fa.value == fb.value)
    same_unit = float(ua is not None and ua == ub)
    return [
        same_unit,
        float(ua is None and ub is None),
        float((ua is None) != (ub is None)),
        equal,
        float(fa.low <= fb.high and fb.low <= fa.high),
        log_ratio,
        float(fa.is_range != fb.is_range),
        float(bool(set(fa.modifiers) & set(fb.modifiers))),
        float(only),
        float(fa.hedge != fb.hedge),
    ]


def _date(a: Candidate, b: Candidate) -> list[float]:
    da, db = a.payload, b.payload
    rel = D.relation(da, db)
    days = _days_apart(da, db)
    fixed = {"absolute", "weekday"}
    return [
        float(da.label == db.label),
        float(0 < days <= 3),
        float(da.form == db.form),
        float((da.form in fixed) != (db.form in fixed) and "time" not in (da.form, db.form)),
        float((da.form == "time") != (db.form == "time")),
        float(rel == D.CONFLICT),
        float(rel == D.REWORDED),
        float(bool(da.month) and da.month == db.month),
        float(bool(da.year and db.year) and da.year != db.year),
    ]


def _days_apart(a: D.DateRef, b: D.DateRef) -> int:
    if a.form != "absolute" or b.form != "absolute" or None in (a.month, a.day, b.month, b.day):
        return 999
    if a.year and b.year and a.year != b.year:
        return 999
    return abs((a.month * 31 + a.day) - (b.month * 31 + b.day))


def _rival(top3: dict[int, list[tuple[float, int]]], i: int, j: int, art_i: int, art_j: int, s: float) -> float:
    """How much better either mention matches one in a third article than the two match each other: a third
    outlet's other date joining two that state one fact matches neither of them as well as they match."""
    rivals = [v for x in (i, j) for v, art in top3.get(x, ()) if art not in (art_i, art_j)]
    return max(0.0, max(rivals, default=0.0) - s)


def _surname(speaker: str | None) -> str:
    return speaker.split()[-1].lower() if speaker and speaker.split() else ""


def _quote(a: Candidate, b: Candidate) -> list[float]:
    wa, wb = a.payload.words, b.payload.words
    blocks = SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks()
    shared = sum(blk.size for blk in blocks)
    longest = max((blk.size for blk in blocks), default=0)
    short, long_ = max(1, min(len(wa), len(wb))), max(1, len(wa), len(wb))
    sa, sb = _surname(a.payload.speaker), _surname(b.payload.speaker)
    return [
        shared / short,
        longest / short,
        float(longest >= 5),
        fuzz.ratio(" ".join(wa), " ".join(wb)) / 100,
        float(bool(sa) and sa == sb),
        float(not sa or not sb),
        short / long_,
    ]


def _type(kind: str, c: Candidate) -> object:
    """What sort of thing a mention is, whatever its value: a figure's unit, a date's grain."""
    if kind == "number":
        return "money" if c.payload.unit in MONEY else c.payload.unit
    if kind == "date":
        d = c.payload
        if d.form == "time":
            return "time"
        return "day" if d.form in ("weekday", "relative") or d.day is not None else "month" if d.month else "year"
    return "quote"


def pair_features(kind: str, cands: list[Candidate], pairs: list[Pair], idf: Idf) -> list[list[float]]:
    """One feature row per pair (names in :data:`FEATURES`), in the order of ``pairs``."""
    per_article_unit: Counter = Counter()
    if kind == "number":
        per_article_unit.update(
            (c.article, "money" if c.payload.unit in MONEY else c.payload.unit) for c in cands)
    crowd = Counter(c.article for c in cands)
    type_of = [_type(kind, c) for c in cands]
    per_type = Counter((c.article, t) for c, t in zip(cands, type_of, strict=True))
    sims = {p: _similarities(idf, cands[p[0]], cands[p[1]]) for p in pairs}
    ctx = {p: context_similarity(v) for p, v in sims.items()}
    best: dict[tuple[int, int], float] = defaultdict(float)  # (candidate, other article) -> best context
    for (i, j), s in ctx.items():
        for x, y in ((i, j), (j, i)):
            key = (x, cands[y].article)
            best[key] = max(best[key], s)
    # dates: each candidate's three best-matching other articles, what it matches besides a pair's two articles
    top3: dict[int, list[tuple[float, int]]] = defaultdict(list)
    if kind == "date":
        for (x, art), v in best.items():
            top3[x].append((v, art))
        for x in top3:
            top3[x] = sorted(top3[x], reverse=True)[:3]
    specific: Callable[[Candidate, Candidate], list[float]]
    if kind == "number":
        def specific(a: Candidate, b: Candidate) -> list[float]:
            return _number(a, b, per_article_unit)
    elif kind == "date":
        specific = _date
    else:
        specific = _quote
    rows = []
    for i, j in pairs:
        a, b = cands[i], cands[j]
        s = ctx[(i, j)]
        best_a, best_b = best[(i, b.article)], best[(j, a.article)]
        is_best = [s >= best_a - 1e-9, s >= best_b - 1e-9]
        same_type = type_of[i] is not None and type_of[i] == type_of[j]
        few = 1 / (1 + math.log(per_type[(a.article, type_of[i])] * per_type[(b.article, type_of[j])]))
        row = [*_about(idf, a, b, sims[(i, j)]), float(all(is_best)), float(any(is_best)),
               s - (best_a + best_b) / 2, math.log1p(crowd[a.article] * crowd[b.article]) / 10,
               float(same_type), float(same_type and few == 1), float(all(is_best)) * few * same_type]
        extra = specific(a, b)
        row.extend(extra)
        if kind == "number":
            row.extend([row[0] * extra[3], row[0] * extra[0]])
        elif kind == "date":
            row.extend([row[0] * extra[0], _rival(top3, i, j, a.article, b.article, s)])
        rows.append(row)
    return rows
