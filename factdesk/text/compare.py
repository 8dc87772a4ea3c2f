"""Status and severity of an aligned group of mentions.

Each ``compare_*`` function takes the candidates of one claim and returns a
:class:`Verdict`-free :class:`Comparison`: status, severity 0..1, the words that
differ (quotes) and the majority wording.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from factdesk.model import Status
from factdesk.text import dates as D
from factdesk.text.align import Candidate
from factdesk.text.figures import HEDGES
from factdesk.text.names import VARIANT, fold, name_relation, squash
from factdesk.text.quotes import word_diff


@dataclass
class Comparison:
    status: Status
    severity: float
    diffs: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # candidate index -> spans
    # quotes: candidate index -> spans its mention must hold besides its diffs (where the other has words it lacks)
    gaps: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    note: str = ""  # what kind of difference, for the summary
    warnings: list[str] = field(default_factory=list)


def spread(n_diverging: int, n: int) -> float:
    """More outlets diverging makes a claim more urgent."""
    return 0.05 * min(n_diverging, 4) + (0.03 if n > 2 else 0.0)


def _headline(cands: list[Candidate]) -> float:
    return 0.1 if any(c.in_headline for c in cands) else 0.0


def clamp(x: float) -> float:
    """A severity: between 0 and 1, to two decimals."""
    return round(max(0.0, min(1.0, x)), 2)


def hedge_class(qualifier: str | None) -> str | None:
    """The hedge a qualifier expresses: "more than" and "over" are one hedge."""
    return HEDGES.get(qualifier.lower(), qualifier.lower()) if qualifier else None


def _compatible(a, b) -> bool:
    """Whether two figures can both be true: through a hedge, or by rounding the finer one.

    "95.1" and "about 95" and "95" agree by rounding; "three" and "four" people do not,
    however close: a bare count is exact.
    """
    if a.value == b.value:
        return True
    if a.hedge or b.hedge or a.is_range or b.is_range:
        return a.low <= b.high and b.low <= a.high
    fine, coarse = (a, b) if a.step <= b.step else (b, a)
    if fine.step == coarse.step:
        return False
    return round(fine.value / coarse.step) * coarse.step == coarse.value


def compare_figures(cands: list[Candidate]) -> Comparison:
    figs = [c.payload for c in cands]
    if len(figs) < 2:
        return Comparison(Status.SINGLE, 0.0)
    # a unit one article leaves unsaid ("95" / "the 95 corridor") is no difference; two units are
    units = {f.unit for f in figs if f.unit}
    if len({(f.value, f.hedge) for f in figs}) == 1 and len(units) <= 1:
        return Comparison(Status.AGREE, 0.0)
    values = [f.value for f in figs]
    lo, hi = min(values), max(values)
    overlap = all(_compatible(a, b) for i, a in enumerate(figs) for b in figs[i + 1:])
    if len(units) > 1 and units <= {"USD", "GBP", "EUR"}:
        sev = 0.5 + spread(len(units) - 1, len(figs))
        return Comparison(Status.HEDGED, clamp(sev + _headline(cands)), note="different currency")
    if lo == hi:
        # same figure, different hedges
        hedges = Counter(f.hedge for f in figs)
        sev = 0.25 + spread(len(figs) - hedges.most_common(1)[0][1], len(figs))
        return Comparison(Status.HEDGED, clamp(sev + _headline(cands)), note="hedges differ")
    rel = (hi - lo) / max(abs(hi), 1e-9)
    if overlap:
        sev = 0.4 + min(rel, 0.3)
        return Comparison(Status.HEDGED, clamp(sev + _headline(cands)), note="rounding or hedges")
    common = Counter(values).most_common(1)[0][1]
    sev = 0.6 + min(0.3, rel) + spread(len(figs) - common, len(figs))
    return Comparison(Status.CONFLICT, clamp(sev + _headline(cands)), note="figures differ")


def compare_dates(cands: list[Candidate]) -> Comparison:
    refs: list[D.DateRef] = [c.payload for c in cands]
    if len(refs) < 2:
        return Comparison(Status.SINGLE, 0.0)
    rels = [D.relation(refs[i], refs[j]) for i in range(len(refs)) for j in range(i + 1, len(refs))]
    if D.CONFLICT in rels:
        sev = 0.65 + 0.05 * rels.count(D.CONFLICT)
        return Comparison(Status.CONFLICT, clamp(sev + _headline(cands)), note="dates differ")
    if D.REWORDED in rels:
        sev = 0.4 + 0.03 * rels.count(D.REWORDED)
        return Comparison(Status.HEDGED, clamp(sev + _headline(cands)), note="stated differently")
    return Comparison(Status.AGREE, 0.0)


def compare_quotes(cands: list[Candidate]) -> Comparison:
    segs = [c.payload for c in cands]
    if len(segs) < 2:
        return Comparison(Status.SINGLE, 0.0)
    ref = _reference(segs)
    between = {(ref, i): word_diff(segs[ref], s) for i, s in enumerate(segs) if i != ref}
    diffs: dict[int, list[tuple[int, int]]] = {}
    gaps: dict[int, list[tuple[int, int]]] = {}
    changed_words: list[tuple[str, str]] = []
    for i, s in enumerate(segs):
        if i == ref:
            continue
        wd = between[(ref, i)]
        if wd:
            diffs.setdefault(ref, []).extend(segs[ref].word_spans[k] for k in wd.in_a)
            diffs.setdefault(i, []).extend(s.word_spans[k] for k in wd.in_b)
            for (ia, jb), (pa, pb) in zip(wd.changes, wd.places, strict=True):
                if not ia:
                    gaps.setdefault(ref, []).extend(_around(segs[ref], pa))
                if not jb:
                    gaps.setdefault(i, []).extend(_around(s, pb))
            changed_words.extend((" ".join(segs[ref].words[k] for k in ia), " ".join(s.words[k] for k in jb))
                                 for ia, jb in wd.changes)
    speakers = {c.payload.speaker for c in cands if c.payload.speaker}
    split = different_speakers(speakers)
    warnings = ["attributed to different speakers: " + ", ".join(sorted(speakers))] if split else []
    if not diffs:
        if split:  # the same words put in two people's mouths: they cannot both have said them first
            return Comparison(Status.CONFLICT, attribution_severity(len(speakers), len(segs), _headline(cands)),
                              note="attributed to different speakers", warnings=warnings)
        return Comparison(Status.AGREE, 0.0, warnings=warnings)
    for k in diffs:
        diffs[k] = sorted(set(diffs[k]))
    # inflection only ("suspend"/"suspended") is milder than a different word
    mild = all(a and b and (a.startswith(b[:4]) or b.startswith(a[:4])) for a, b in changed_words)
    sev = (0.45 if mild else 0.7) + spread(len(diffs) - 1, len(segs)) + _headline(cands)
    note = "; ".join(f"“{a or '—'}” / “{b or '—'}”" for a, b in changed_words[:3])
    return Comparison(Status.CONFLICT, clamp(sev), diffs=diffs, gaps=gaps, note=note, warnings=warnings)


def _around(seg, place: int) -> list[tuple[int, int]]:
    """The words either side of a place in a quotation where the other wording has words this one lacks."""
    return [seg.word_spans[k] for k in (place - 1, place) if 0 <= k < len(seg.word_spans)]


ATTRIBUTION = 0.5  # same words, different speakers: milder than a changed word, as urgent as a reworded quote


def attribution_severity(speakers: int, mentions: int, headline: float) -> float:
    """The severity of one wording put in ``speakers`` people's mouths by ``mentions`` articles."""
    return clamp(ATTRIBUTION + spread(speakers - 1, mentions) + headline)


def different_speakers(speakers: set[str]) -> bool:
    """Whether the speakers named are different people: "Smith", "John Smith" and "Dr. Smith" are one.

    Each is known by the last word of its name, titles and initials aside.
    """
    surnames = {fold(sp).split()[-1] for sp in speakers if fold(sp).split()}
    return len(surnames) > 1


PAIRWISE = 8  # up to this many wordings the reference is found by comparing each with each


def _reference(segs) -> int:
    """The reference wording: the one closest to all the others (fewest differing words).

    With many outlets, the wording most of them print (then the longest) stands in for it, so
    the comparison grows with the number of outlets, not with its square.
    """
    if len(segs) > PAIRWISE:
        counts = Counter(s.words for s in segs)
        return min(range(len(segs)), key=lambda i: (-counts[segs[i].words], -len(segs[i].words), i))
    distance = [sum(len(word_diff(a, b).in_a) for j, b in enumerate(segs) if j != i) for i, a in enumerate(segs)]
    return min(range(len(segs)), key=lambda i: (distance[i], -len(segs[i].words), i))


def compare_names(cands: list[Candidate]) -> Comparison:
    names = [c.payload for c in cands]
    if len(names) < 2:
        return Comparison(Status.SINGLE, 0.0)
    relations: dict[tuple, str] = {}  # one check per pair of distinct spellings, however many outlets

    def relation(a, b) -> str:
        key = (a.text, a.label, a.key, b.text, b.label, b.key)
        if key not in relations:
            relations[key] = name_relation(a, b)
        return relations[key]

    variants = [
        (i, j) for i in range(len(names)) for j in range(i + 1, len(names))
        if relation(names[i], names[j]) == VARIANT
    ]
    if not variants:
        return _place_hedges(cands)
    # house style (hyphens, accents, case) is milder than a misspelling
    style_only = all(squash(names[i].text) == squash(names[j].text) for i, j in variants)
    sev = (0.45 if style_only else 0.7) + spread(len(variants), len(names)) + _headline(cands)
    return Comparison(Status.CONFLICT, clamp(sev), note="spelled differently" if not style_only else "house style")


PLACE_HEDGE = 0.25  # a place stated "in" by one outlet and "near" by another: only the qualifier differs


def _place_hedges(cands: list[Candidate]) -> Comparison:
    """One place, spelled alike, that one article puts the fact *in* and another only *near* (outside) it.

    The mentions that carry a qualifier then cover it (``diffs``: the qualifier and the name).
    """
    names = [c.payload for c in cands]
    if not {"in", "near"} <= {n.qualifier for n in names}:
        return Comparison(Status.AGREE, 0.0)
    diffs = {i: [(n.qualifier_start, n.end)] for i, n in enumerate(names) if n.qualifier}
    n_near = sum(n.qualifier == "near" for n in names)
    sev = PLACE_HEDGE + spread(min(n_near, len(diffs) - n_near), len(names)) + _headline(cands)
    return Comparison(Status.HEDGED, clamp(sev), diffs=diffs, note="in / near")
