"""N-way alignment: group mentions from all articles into claims, at most one per article.

Every cross-article pair that shares a blocking key is scored once; pairs are
merged best first (ties broken by file name and offset, never by input order),
and two groups merge only when they share no article and most of their
cross pairs score well.  The result therefore does not depend on file order.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any


@dataclass(eq=False)
class Candidate:
    """A mention under consideration, with what alignment needs to know about it."""

    file: str
    article: int
    start: int
    end: int
    payload: Any  # Figure, DateRef, QuoteSegment or Name
    near: frozenset[str] = frozenset()  # content words within a few tokens
    sent: frozenset[str] = frozenset()  # content words of its sentence
    wide: frozenset[str] = frozenset()  # content words within ~25 tokens, across sentences
    prev: str = ""  # the closest content word before it in its sentence
    anchor: str = ""  # the lemma of the verb it hangs from (what happened then / what it counts)
    rel: float = 0.0  # where in its article it stands: 0 top, 1 bottom
    keys: tuple[Hashable, ...] = ()  # blocking keys: only candidates sharing one are compared
    in_headline: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def order(self) -> tuple[str, int]:
        return (self.file, self.start)


class Idf:
    """Inverse document frequency of context words over the case's candidates."""

    def __init__(self, bags: Iterable[frozenset[str]]):
        df: Counter[str] = Counter()
        n = 0
        for bag in bags:
            df.update(bag)
            n += 1
        self.n = max(n, 1)
        self.df = df

        self._squared: dict[str, float] = {}
        self._norms: dict[frozenset[str], float] = {}

    def __call__(self, word: str) -> float:
        return math.log(1 + self.n / (1 + self.df.get(word, 0)))

    def _weight2(self, word: str) -> float:
        w = self._squared.get(word)
        if w is None:
            w = self._squared[word] = self(word) ** 2
        return w

    def _norm(self, bag: frozenset[str]) -> float:
        n = self._norms.get(bag)
        if n is None:
            n = self._norms[bag] = math.sqrt(sum(self._weight2(w) for w in bag))
        return n

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Cosine similarity of two sets of words weighted by rarity."""
        if not a or not b:
            return 0.0
        inter = sum(self._weight2(w) for w in a & b)
        if not inter:
            return 0.0
        return inter / (self._norm(a) * self._norm(b))


CROWDED = 400  # a context word shared by more mentions than this is no evidence
# keys that say what a mention is (a figure's unit, a date's label) are never dropped: however many
# articles state a fact, they meet
IDENTITY_KEYS = frozenset({"unit", "value", "label", "grain", "month"})
PIVOTS = 3  # with many articles, every mention meets the mentions of the first few articles...
NEIGHBOURS = 2  # ...and of the few articles next to its own: pairs then grow with the mentions, not their square


def _articles_met(arts: list[int], x: int, many: bool) -> list[int]:
    """The articles after ``arts[x]`` (sorted) whose mentions are weighed against those of ``arts[x]``.

    Up to PIVOTS + 2 * NEIGHBOURS + 1 articles, all of them.  Beyond, groups stating one fact in many
    articles still form, through the pivot articles; what no pivot states meets its neighbours.
    """
    a = arts[x]
    if not many or a < PIVOTS:
        return arts[x + 1:]
    return arts[x + 1:bisect_right(arts, a + NEIGHBOURS, x + 1)]


def _what_it_is(key: Hashable) -> bool:
    return isinstance(key, tuple) and len(key) == 2 and key[0] in IDENTITY_KEYS


def candidate_pairs(cands: list[Candidate]) -> Iterable[tuple[int, int]]:
    """Index pairs from different articles that share at least one blocking key."""
    index: dict[Hashable, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        for k in set(c.keys):
            index[k].append(i)
    many = len({c.article for c in cands}) > PIVOTS + 2 * NEIGHBOURS + 1
    seen: set[tuple[int, int]] = set()
    for key, members in index.items():
        if len(members) > CROWDED and not _what_it_is(key):
            continue  # a context word everybody shares tells nothing
        by_article: dict[int, list[int]] = defaultdict(list)
        for k in members:
            by_article[cands[k].article].append(k)
        arts = sorted(by_article)
        for x, a in enumerate(arts):
            for b in _articles_met(arts, x, many):
                for i in by_article[a]:
                    for j in by_article[b]:
                        pair = (i, j) if i < j else (j, i)
                        if pair not in seen:
                            seen.add(pair)
                            yield pair


def pairs_within(cands: list[Candidate], budget: int) -> bool:
    """Whether at most ``budget`` pairs of :func:`candidate_pairs` there are (counting stops past it)."""
    return next(islice(candidate_pairs(cands), budget, None), None) is None


def first_of_each_article(cands: list[Candidate],
                          fits: Callable[[list[Candidate]], bool]) -> tuple[list[Candidate], int | None]:
    """The first ``cap`` candidates of each article in its text, for a ``cap`` that ``fits`` while ``cap + 1``
    does not, and that ``cap`` (all the candidates and None when all of them fit).

    The cap is bisected: with a budget that more candidates can only strain (pairs sharing a key),
    it is the most that fit.
    """
    if fits(cands):
        return cands, None
    rank: dict[int, int] = {}  # id(candidate) -> its place among its article's candidates
    by_article: dict[int, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_article[c.article].append(c)
    for members in by_article.values():
        for k, c in enumerate(sorted(members, key=lambda c: (c.start, c.end))):
            rank[id(c)] = k
    fitting, too_many = 0, max(len(m) for m in by_article.values())  # bisect the cap
    while too_many - fitting > 1:
        cap = (fitting + too_many) // 2
        if fits([c for c in cands if rank[id(c)] < cap]):
            fitting = cap
        else:
            too_many = cap
    return [c for c in cands if rank[id(c)] < fitting], fitting


def mutual_best(cands: list[Candidate], scored: dict[tuple[int, int], float]) -> set[tuple[int, int]]:
    """Pairs where each is the other's best match in the other's article."""
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for (i, j), s in scored.items():
        for x, y in ((i, j), (j, i)):
            key = (x, cands[y].article)
            if key not in best or s > best[key][0]:
                best[key] = (s, y)
    return {
        (i, j) for (i, j) in scored
        if best[(i, cands[j].article)][1] == j and best[(j, cands[i].article)][1] == i
    }


def cluster(cands: list[Candidate], score: Callable[[Candidate, Candidate], float],
            threshold: float, linkage: float = 0.5, mutual: float | None = None) -> list[list[Candidate]]:
    """Group candidates into claims; every group holds at most one candidate per article.

    Pairs scoring ``threshold`` or more are merged; with ``mutual``, so are pairs
    scoring at least that much when each is the other's best match.
    """
    scored: dict[tuple[int, int], float] = {}
    for i, j in candidate_pairs(cands):
        s = score(cands[i], cands[j])
        if s > 0:
            scored[(i, j)] = s
    return cluster_scored(cands, scored, threshold, linkage, mutual)


def cluster_scored(cands: list[Candidate], scored: dict[tuple[int, int], float], threshold: float,
                   linkage: float = 0.5, mutual: float | None = None) -> list[list[Candidate]]:
    """:func:`cluster` over pairs already scored.

    Two groups merge when at least ``linkage`` of their cross pairs that were weighed score well;
    a pair never weighed (no shared key, or beyond a crowded key's neighbours) is no evidence either way.
    """
    accepted = {p for p, s in scored.items() if s >= threshold}
    if mutual is not None:
        accepted |= {p for p in mutual_best(cands, scored) if scored[p] >= mutual}
    order = sorted(
        ((scored[p], *p) for p in accepted),
        key=lambda t: (-t[0], min(cands[t[1]].order, cands[t[2]].order), max(cands[t[1]].order, cands[t[2]].order)),
    )
    parent = list(range(len(cands)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(cands))}
    articles: dict[int, set[int]] = {i: {c.article} for i, c in enumerate(cands)}
    floor = min(threshold * 0.7, mutual if mutual is not None else threshold)
    # two groups -> [their cross pairs weighed, those scoring at least floor]: one list shared by both groups'
    # tallies, added up as groups merge (counting the cross pairs at each merge took their product every time)
    tally: dict[int, dict[int, list[int]]] = defaultdict(dict)
    for (i, j), s in scored.items():
        cell = tally[i].setdefault(j, [0, 0])
        tally[j][i] = cell
        cell[0] += 1
        cell[1] += s >= floor

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _s, i, j in order:
        ri, rj = find(i), find(j)
        if ri == rj or articles[ri] & articles[rj]:
            continue
        if len(members[ri]) + len(members[rj]) > 2:
            weighed, good = tally[ri].get(rj, (0, 0))
            if good < linkage * weighed:
                continue
        parent[rj] = ri
        members[ri].extend(members.pop(rj))
        articles[ri] |= articles.pop(rj)
        _join_tallies(tally, ri, rj)
    groups = [sorted((cands[i] for i in m), key=lambda c: c.order) for m in members.values()]
    groups.sort(key=lambda g: g[0].order)
    return groups


def _join_tallies(tally: dict[int, dict[int, list[int]]], keep: int, gone: int) -> None:
    """Group ``gone`` has joined group ``keep``: its tallies with the other groups become ``keep``'s."""
    mine = tally[keep]
    mine.pop(gone, None)
    for k, cell in tally.pop(gone, {}).items():
        if k == keep:
            continue
        theirs = tally[k]
        del theirs[gone]
        both = mine.get(k)
        if both is None:
            mine[k] = theirs[keep] = cell
        else:
            both[0] += cell[0]
            both[1] += cell[1]


def merge_groups(groups: list[list[Candidate]], about: dict[tuple[int, int], float], index: dict[int, int],
                 threshold: float) -> list[list[Candidate]]:
    """Join groups that are about one fact although they state it differently.

    ``about`` scores pairs (by candidate index, ``index`` maps ``id(candidate)`` to it) on
    what they concern only; two groups from different articles merge, best first, when
    their cross pairs score ``threshold`` on average (an unscored pair counts 0).
    The "Category 2" of one outlet and the "Category 3" of three others meet here.

    Ties go to the groups that come first.  Only the sums of the merged group are worked out again
    after a merge (each sum in the order of ``about``, as a fresh count would add it): the work grows with
    the pairs and the merges, not with their product.
    """
    groups = [list(g) for g in groups]
    where = {index[id(c)]: g for g, members in enumerate(groups) for c in members}
    articles = [{c.article for c in g} for g in groups]
    scores = list(about.values())
    between: dict[tuple[int, int], list[int]] = defaultdict(list)  # two groups -> their pairs' places in about
    for place, (i, j) in enumerate(about):
        gi, gj = where.get(i), where.get(j)
        if gi is not None and gj is not None and gi != gj:
            between[(min(gi, gj), max(gi, gj))].append(place)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for gi, gj in between:
        neighbours[gi].add(gj)
        neighbours[gj].add(gi)
    version = [0] * len(groups)
    queue: list[tuple[float, int, int, int, int]] = []  # best mean first, then the first groups

    def offer(gi: int, gj: int) -> None:
        if articles[gi] & articles[gj]:
            return
        total = 0.0
        for place in between[(gi, gj)]:
            total += scores[place]
        mean = total / (len(groups[gi]) * len(groups[gj]))
        if mean >= threshold:
            heapq.heappush(queue, (-mean, gi, gj, version[gi], version[gj]))

    for gi, gj in between:
        offer(gi, gj)
    while queue:
        _, gi, gj, vi, vj = heapq.heappop(queue)
        if version[gi] != vi or version[gj] != vj:
            continue  # either group has changed since
        groups[gi] = sorted(groups[gi] + groups[gj], key=lambda c: c.order)
        articles[gi] |= articles[gj]
        version[gi] += 1
        version[gj] = -1  # merged away
        del between[(gi, gj)]
        for k in neighbours.pop(gj) - {gi}:
            moved = between.pop((min(gj, k), max(gj, k)))
            key = (min(gi, k), max(gi, k))
            between[key] = list(heapq.merge(between.get(key, []), moved))
            neighbours[k].discard(gj)
            neighbours[k].add(gi)
            neighbours[gi].add(k)
        neighbours[gi].discard(gj)
        for k in neighbours[gi]:
            offer(min(gi, k), max(gi, k))
    merged = [g for g, v in zip(groups, version, strict=True) if v >= 0]
    merged.sort(key=lambda g: g[0].order)
    return merged
