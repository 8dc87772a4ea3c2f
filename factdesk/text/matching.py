"""Which mentions state one fact: the groups the aligner makes, kind by kind.

Each ``group_*`` function takes every article's candidates of one kind and
returns the groups (one candidate per article at most) that become claims.
Figures, dates and quotes are linked by the learned linker (:mod:`factdesk.text.linker`)
over the pairs that share a blocking key; names by spelling rules.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from factdesk.text.align import (
    Candidate,
    Idf,
    candidate_pairs,
    cluster_scored,
    first_of_each_article,
    merge_groups,
    pairs_within,
)
from factdesk.text.lexicon import common_word
from factdesk.text.linker import Linker
from factdesk.text.names import ACRONYM, OTHER, PARTIAL, VARIANT, name_relation, squash
from factdesk.text.pair_features import MONEY, pair_features

Pair = tuple[int, int]
RARE_KEYS = 3  # a candidate meets the others that share one of its rarest nearby words
# pairs of one kind weighed per article of the case at most (the annotated cases: 200 at most); beyond,
# each article's first mentions only, as many as fit (:func:`within_pair_budget`)
PAIRS_PER_ARTICLE = 2_000
CROWDED_BLOCK = 300  # names sharing a block with more spellings than this are not compared in it


def _rare(idf: Idf, words: frozenset[str], n: int = RARE_KEYS) -> list[str]:
    return sorted(words, key=lambda w: (-idf(w), w))[:n]


def _figure_keys(c: Candidate, idf: Idf) -> tuple:
    f = c.payload
    unit = "money" if f.unit in MONEY else f.unit
    # a figure meets those of its unit, and those of its whole value: a bare "7" one outlet leaves unitless
    # meets another's "7.6 years"
    own = (("unit", unit),) if unit else ()
    return (*own, ("value", math.floor(f.value)), *(("w", w) for w in _rare(idf, c.near)),
            *((("a", c.anchor),) if c.anchor else ()))


def _date_keys(c: Candidate, idf: Idf) -> tuple:
    month = (("month", c.payload.month),) if c.payload.month else ()
    anchor = (("a", c.anchor),) if c.anchor else ()
    return (("label", c.payload.label), ("grain", _grain(c.payload)), *month, *anchor, *(("w", w) for w in c.near),
            *(("w", w) for w in _rare(idf, c.wide)))


def _grain(d) -> str:
    """How fine a date is: references to the same day ("Sunday", "Aug. 28", "yesterday") meet."""
    if d.form in ("weekday", "relative") or d.day is not None:
        return "day"
    return "month" if d.month else "year"


def _vetoed(kind: str, a: Candidate, b: Candidate) -> bool:
    """Pairs no weight may link: figures counting different things or an order of magnitude apart,
    a time of day and a date."""
    if kind == "number":
        ua, ub = a.payload.unit, b.payload.unit
        if ua and ub and ua != ub and not (ua in MONEY and ub in MONEY):
            return True
        big, small = max(a.payload.value, b.payload.value), min(a.payload.value, b.payload.value)
        return small <= 0 < big or (small > 0 and big / small > 10)  # an order of magnitude apart
    if kind == "date":
        return (a.payload.form == "time") != (b.payload.form == "time")
    return False


def _set_keys(kind: str, cands: list[Candidate], idf: Idf) -> None:
    """The blocking keys of figures and dates (a quote's are its shingles, set when it is found)."""
    if kind == "number":
        for c in cands:
            c.keys = _figure_keys(c, idf)
    elif kind == "date":
        for c in cands:
            c.keys = _date_keys(c, idf)


def within_pair_budget(kind: str, cands: list[Candidate], idf: Idf) -> tuple[list[Candidate], int | None]:
    """The candidates of one kind the aligner may weigh, and how many per article were kept (None: all of them).

    A real case is never cut; an article that states one figure or date hundreds of times, or names
    thousands of people, is lined up by its first mentions only, so that at most ``PAIRS_PER_ARTICLE``
    pairs per article are weighed (for names: pairs of spellings compared).
    """
    budget = PAIRS_PER_ARTICLE * len({c.article for c in cands})
    if kind == "name":
        return first_of_each_article(cands, lambda cs: name_comparisons(cs) <= budget)
    _set_keys(kind, cands, idf)
    return first_of_each_article(cands, lambda cs: pairs_within(cs, budget))


def linking_pairs(kind: str, cands: list[Candidate], idf: Idf) -> tuple[list[Pair], list[list[float]]]:
    """The pairs the linker weighs (blocked by shared keys, vetoes out) and their feature rows."""
    _set_keys(kind, cands, idf)
    pairs = [p for p in candidate_pairs(cands) if not _vetoed(kind, cands[p[0]], cands[p[1]])]
    pairs.sort()
    return pairs, pair_features(kind, cands, pairs, idf)


def group_learned(kind: str, cands: list[Candidate], idf: Idf, linker: Linker) -> list[list[Candidate]]:
    """Group one kind's candidates with the learned linker's probabilities and cut-offs."""
    pairs, rows = linking_pairs(kind, cands, idf)
    model = linker.kinds[kind]
    scored = {p: model.probability(r) for p, r in zip(pairs, rows, strict=True)}
    groups = cluster_scored(cands, scored, model.threshold, mutual=model.mutual)
    if model.merge > 1:
        return groups
    about = {p: model.about_probability(r) for p, r in zip(pairs, rows, strict=True)}
    return merge_groups(groups, about, {id(c): k for k, c in enumerate(cands)}, model.merge)


def group_figures(cands: list[Candidate], idf: Idf, linker: Linker) -> list[list[Candidate]]:
    return group_learned("number", cands, idf, linker)


def group_dates(cands: list[Candidate], idf: Idf, linker: Linker) -> list[list[Candidate]]:
    return group_learned("date", cands, idf, linker)


def group_quotes(cands: list[Candidate], idf: Idf, linker: Linker) -> list[list[Candidate]]:
    return group_learned("quote", cands, idf, linker)


def _spellings(cands: list[Candidate]) -> tuple[dict[str, list[Candidate]], list[str], dict]:
    """The distinct spellings of the case, with the candidates that use them and each one's typical name."""
    by_text: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_text[c.payload.text].append(c)
    spellings = sorted(by_text)
    return by_text, spellings, {t: _typical(by_text[t]) for t in spellings}


def _name_blocks(spellings: list[str], reps: dict) -> list[list[str]]:
    """The spellings that are compared with one another: those sharing a block (a crowded one says nothing)."""
    long_names = [t for t in spellings
                  if len(reps[t].key.split()) >= 2 or reps[t].label != "NAME" or ACRONYM.match(t)
                  or not common_word(t)]
    # block by each folded word's first three letters
    blocks: dict[str, list[str]] = defaultdict(list)
    for t in long_names:
        for w in set(reps[t].key.split()):
            if len(w) > 2:
                blocks[w[:3]].append(t)
                blocks["-" + w[-3:]].append(t)  # a slip in the first letters still meets its word
                blocks["=" + "".join(sorted(w))].append(t)  # and so does a swap of two letters
        if ACRONYM.match(t):
            blocks["".join(sorted(t))].append(t)  # MNLA / NMLA
    return [members for members in blocks.values() if len(members) <= CROWDED_BLOCK]


def name_comparisons(cands: list[Candidate]) -> int:
    """How many pairs of spellings :func:`group_names` compares for these candidates."""
    _, spellings, reps = _spellings(cands)
    return sum(len(m) * (len(m) - 1) // 2 for m in _name_blocks(spellings, reps))


def group_names(cands: list[Candidate], idf: Idf, linker: Linker | None = None) -> list[list[Candidate]]:
    """Names: one representative per article and entity; entities found by spelling rules."""
    by_text, spellings, reps = _spellings(cands)
    parent = {t: t for t in spellings}

    def find(t: str) -> str:
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    linked: dict[str, set[str]] = defaultdict(set)
    for members in _name_blocks(spellings, reps):
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
        users: dict[str, set[int]] = defaultdict(set)  # spelling -> the articles that use it
        for article, cs in per_article.items():
            for c in cs:
                users[squash(c.payload.text)].add(article)
        group = [_representative(cs, {t for t, arts in users.items() if arts - {article}})
                 for article, cs in per_article.items()]
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


def _representative(cs: list[Candidate], elsewhere: set[str] | None = None) -> Candidate:
    """The article's usual spelling, first stated in the body (the headline only as a last resort).

    An article that writes the name once the others' way and once its own way ("Tesla",
    then "Telsa") is represented by its own way: that slip is what the desk must see.
    """
    longest = max(len(c.payload.key.split()) for c in cs)
    full = [c for c in cs if len(c.payload.key.split()) == longest]
    body = [c for c in full if not c.in_headline] or full
    usual = min(body, key=lambda c: c.start)
    if elsewhere:
        odd = [c for c in cs if not c.in_headline and c.payload.label != "HASHTAG"
               and squash(c.payload.text) not in elsewhere
               and squash(usual.payload.text) in elsewhere and name_relation(c.payload, usual.payload) == VARIANT]
        if odd:
            return min(odd, key=lambda c: c.start)
    return usual
