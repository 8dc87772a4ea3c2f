"""Re-applying the desk's corrections to an analysis: every time, in log order, the latest winning.

Each correction is anchored to its mentions' file, position and wording. An anchor is
found where its text still stands at the same place, else at the nearest place in the
same article where the same text stands (an edit elsewhere shifts offsets), then the
claim holding a mention at (or over) that span. A correction that finds nothing to
act on is returned in ``Analysis.stale``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from factdesk.analysis import _ordered, _stated, _summary, fingerprint
from factdesk.corrections.events import describe
from factdesk.corrections.judge import compare_mentions, new_mention
from factdesk.model import (
    Analysis,
    Article,
    Claim,
    CorrectionAction,
    Kind,
    Mention,
    MentionSnapshot,
    Origin,
    Status,
    Verdict,
)

Key = tuple[str, int, int]  # file, start, end of a mention


@dataclass(eq=False)
class _Draft:
    """A claim while the corrections are applied to it."""

    kind: Kind
    mentions: list[Mention]
    fingerprint: str
    original: Claim | None = None
    label: str = ""
    changed: bool = False
    dismissed: bool = False
    notes: list[str] = field(default_factory=list)


class _Desk:
    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.articles: dict[str, Article] = {a.file: a for a in analysis.articles}
        self.drafts: list[_Draft] = []
        self.where: dict[Key, _Draft] = {}
        self.mention_at: dict[Key, Mention] = {}
        self.by_file: dict[str, dict[Key, _Draft]] = {}
        for claim in analysis.claims:
            draft = _Draft(claim.kind, list(claim.mentions), claim.fingerprint, claim, claim.label,
                           dismissed=claim.dismissed, notes=list(claim.corrections))
            self.drafts.append(draft)
            for m in claim.mentions:
                self._index(m, draft)

    def _index(self, m: Mention, draft: _Draft) -> None:
        key = (m.file, m.start, m.end)
        self.where[key] = draft
        self.mention_at[key] = m
        self.by_file.setdefault(m.file, {})[key] = draft

    def _unindex(self, m: Mention) -> None:
        key = (m.file, m.start, m.end)
        self.where.pop(key, None)
        self.mention_at.pop(key, None)
        self.by_file.get(m.file, {}).pop(key, None)

    def locate(self, anchor: MentionSnapshot) -> Key | None:
        """Where the anchor's wording stands now: its own place, else the nearest place with that text."""
        article = self.articles.get(anchor.file)
        if article is None or not anchor.text:
            return None
        text = article.text
        if text[anchor.start:anchor.end] == anchor.text:
            return anchor.file, anchor.start, anchor.end
        best, at = None, text.find(anchor.text)
        while at != -1:
            if best is None or abs(at - anchor.start) < abs(best - anchor.start):
                best = at
            at = text.find(anchor.text, at + 1)
        return None if best is None else (anchor.file, best, best + len(anchor.text))

    def claim_at(self, key: Key) -> tuple[_Draft, Mention] | None:
        draft = self.where.get(key)
        if draft is None:  # the analysis reads the span a little differently now: one that overlaps it
            file, start, end = key
            key = next((k for k in self.by_file.get(file, {}) if k[1] < end and start < k[2]), key)
            draft = self.where.get(key)
        return (draft, self.mention_at[key]) if draft is not None else None

    # -- the four corrections --------------------------------------------------------

    def apply(self, c: Verdict) -> bool:
        """Apply one correction; False when its anchors are gone (stale)."""
        found = [self.claim_at(k) for k in (self.locate(a) for a in c.snapshot) if k is not None]
        hits = [f for f in found if f is not None]
        line = describe(c)
        if c.verdict is CorrectionAction.DISMISS:
            if not hits:
                return False
            counts = Counter(id(d) for d, _ in hits)
            draft = next(d for d, _ in hits if id(d) == counts.most_common(1)[0][0])
            draft.dismissed = True
            draft.notes.append(line)
            return True
        if c.verdict is CorrectionAction.MERGE:
            drafts = list({id(d): d for d, _ in hits}.values())
            if len(drafts) < 2 or len({d.kind for d in drafts}) > 1:
                return False
            target, others = drafts[0], drafts[1:]
            for other in others:
                target.mentions.extend(other.mentions)
                for m in other.mentions:
                    self._index(m, target)
                other.mentions = []
                target.notes.extend(other.notes)
            target.mentions.sort(key=lambda m: (m.file, m.start))
            target.fingerprint = fingerprint(target.kind, "merge|" + "|".join(sorted(d.fingerprint for d in drafts)))
            target.changed = True
            target.dismissed = target.dismissed and all(d.dismissed for d in others)
            target.notes.append(line)
            return True
        if c.verdict is CorrectionAction.SPLIT:
            if not hits or len(hits[0][0].mentions) < 2:
                return False
            draft, mention = hits[0]
            draft.mentions.remove(mention)
            draft.changed = True
            draft.notes.append(line)
            alone = _Draft(draft.kind, [mention], fingerprint(draft.kind, f"split|{draft.fingerprint}|{mention.file}"),
                           label=draft.label, changed=True, notes=[line])
            self.drafts.append(alone)
            self._index(mention, alone)
            return True
        if c.verdict is CorrectionAction.ADD:
            return self._add(c, line)
        return False

    def _add(self, c: Verdict, line: str) -> bool:
        try:
            kind = Kind(c.correct_value)
        except ValueError:
            return False
        keys = [k for k in (self.locate(a) for a in c.snapshot) if k is not None]
        if len(keys) < 2:
            return False
        mentions = []
        for key in keys:
            held = self.where.get(key)
            mine = next((m for m in held.mentions if (m.file, m.start, m.end) == key), None) if held else None
            if held is not None and mine is not None and held.kind is kind:
                held.mentions.remove(mine)  # the machine's own reading of the span, now in the editor's claim
                held.changed = True
                self._unindex(mine)
                mentions.append(mine)
            else:
                mentions.append(new_mention(self.analysis.case, kind, *key))
        wording = "|".join(f"{a.file}:{' '.join(a.text.split())}" for a in c.snapshot)
        draft = _Draft(kind, sorted(mentions, key=lambda m: (m.file, m.start)), fingerprint(kind, "add|" + wording),
                       label="", changed=True, notes=[line])
        self.drafts.append(draft)
        for m in draft.mentions:
            self._index(m, draft)
        return True

    # -- the result ------------------------------------------------------------------

    def claims(self) -> list[Claim]:
        out = []
        for d in self.drafts:
            if not d.mentions:
                continue
            if not d.changed and d.original is not None:
                out.append(replace(d.original, dismissed=d.dismissed, corrections=tuple(d.notes)))
                continue
            out.append(_claim_of(d))
        return out


def _claim_of(d: _Draft) -> Claim:
    status, severity, note = compare_mentions(d.kind, d.mentions)
    wordings = Counter(_stated(m) for m in d.mentions)
    top, top_n = wordings.most_common(1)[0]
    majority = next(m for m in d.mentions if _stated(m) == top)
    outliers = tuple(m.file for m in d.mentions if _stated(m) != top) if top_n > 1 else ()
    summary = _summary(d.kind, d.label, d.mentions)
    if status is Status.SINGLE:
        summary = f"{d.label or d.kind}: {' '.join(d.mentions[0].text.split())[:80]} (only {d.mentions[0].file})"
    return Claim(id="", kind=d.kind, status=status, severity=severity, summary=summary,
                 mentions=tuple(d.mentions), fingerprint=d.fingerprint,
                 majority=majority.text if top_n > 1 else None, outliers=outliers, label=d.label, note=note,
                 origin=Origin.EDITOR, dismissed=d.dismissed, corrections=tuple(d.notes))


def apply_corrections(analysis: Analysis, corrections: Iterable[Verdict]) -> Analysis:
    """The analysis as the desk corrected it: ``corrections`` in force (see ``active_corrections``), in order."""
    desk = _Desk(analysis)
    stale = [c for c in corrections if not desk.apply(c)]
    return replace(analysis, claims=tuple(_ordered(desk.claims())), stale=tuple(stale), corrected=True)
