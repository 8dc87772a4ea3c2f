"""Corrections as log rows: made from the claims on screen, checked, described, and sorted out.

A correction is a :class:`~factdesk.model.Verdict` whose ``verdict`` is a
:class:`~factdesk.model.CorrectionAction`; its ``snapshot`` holds the anchors (file,
position, wording of the mentions it acts on), its ``fingerprint`` is ``edit:`` and a
hash of its own (so a retraction of that fingerprint, as Undo writes, withdraws it),
and an added claim's kind is in ``correct_value``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

from factdesk.model import (
    Case,
    Claim,
    CorrectionAction,
    Kind,
    MentionSnapshot,
    Verdict,
    VerdictState,
)

EDIT_PREFIX = "edit:"
PAST = {CorrectionAction.DISMISS: "dismissed", CorrectionAction.MERGE: "merged",
        CorrectionAction.SPLIT: "split", CorrectionAction.ADD: "added"}


class CorrectionError(ValueError):
    """A correction that cannot be made (unknown claim, span out of range...): one line for the user."""


def _correction(case_key: str, action: CorrectionAction, anchors: Sequence[MentionSnapshot], editor: str,
                note: str, claim_id: str = "", kind: str = "") -> Verdict:
    created = dt.datetime.now(dt.UTC)
    seed = "|".join([str(action), editor, created.isoformat(), kind,
                     *(f"{m.file}:{m.start}:{m.end}:{m.text}" for m in anchors)])
    fp = EDIT_PREFIX + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:20]
    return Verdict(case=case_key, fingerprint=fp, editor=editor, verdict=action, note=note, correct_value=kind,
                   created=created, snapshot=tuple(anchors), claim_id=claim_id)


def _anchors(claim: Claim) -> tuple[MentionSnapshot, ...]:
    return tuple(MentionSnapshot(m.file, m.start, m.end, m.text) for m in claim.mentions)


def dismiss_claim(case_key: str, claim: Claim, editor: str, note: str = "") -> Verdict:
    """"Not a claim" / "not the same fact": the claim leaves the flagged list."""
    if claim.dismissed:
        raise CorrectionError(f"{claim.id} is dismissed already")
    return _correction(case_key, CorrectionAction.DISMISS, _anchors(claim), editor, note, claim.id)


def merge_claims(case_key: str, claims: Sequence[Claim], editor: str, note: str = "") -> Verdict:
    """These claims are one fact: one anchor (the first mention) per claim."""
    if len({c.id for c in claims}) < 2:
        raise CorrectionError("a merge needs two or more different claims")
    kinds = {c.kind for c in claims}
    if len(kinds) > 1:
        raise CorrectionError("only claims of one kind can be merged (these are "
                              + ", ".join(sorted(str(k) for k in kinds)) + ")")
    anchors = [_anchors(c)[0] for c in claims]
    return _correction(case_key, CorrectionAction.MERGE, anchors, editor, note, ",".join(c.id for c in claims))


def split_claim(case_key: str, claim: Claim, file: str, editor: str, note: str = "") -> Verdict:
    """Take ``file``'s mention out of the claim: it becomes a claim of its own."""
    mention = claim.mention_in(file)
    if mention is None:
        raise CorrectionError(f"{claim.id} has no mention in {file} (it has: {', '.join(claim.files)})")
    if len(claim.mentions) < 2:
        raise CorrectionError(f"{claim.id} has one mention only: there is nothing to split it from")
    return _correction(case_key, CorrectionAction.SPLIT, [MentionSnapshot(file, mention.start, mention.end,
                                                                           mention.text)], editor, note, claim.id)


def add_claim(case_key: str, case: Case, kind: Kind, spans: Iterable[tuple[str, int, int]], editor: str,
              note: str = "") -> Verdict:
    """A claim the machine missed: two or more spans of the articles (file, start, end) of one kind."""
    anchors = []
    for file, start, end in spans:
        try:
            text = case.article(file).text
        except KeyError:
            raise CorrectionError(f"{file} is not an article of the case "
                                  f"({', '.join(a.file for a in case.articles)})") from None
        if not 0 <= start < end <= len(text):
            raise CorrectionError(f"{file}:{start}:{end} is not a span of {file} (it has {len(text)} characters)")
        if not text[start:end].strip():
            raise CorrectionError(f"{file}:{start}:{end} holds only white space")
        anchors.append(MentionSnapshot(file, start, end, text[start:end]))
    if len(anchors) < 2:
        raise CorrectionError("a claim needs mentions in two or more places (give two FILE:START:END spans)")
    if len({(a.file, a.start, a.end) for a in anchors}) < len(anchors):
        raise CorrectionError("the same span is given twice")
    return _correction(case_key, CorrectionAction.ADD, anchors, editor, note, kind=str(Kind(kind)))


def describe(correction: Verdict) -> str:
    """One line: what was done, by whom, with the note."""
    what = PAST.get(correction.verdict, str(correction.verdict))  # type: ignore[call-overload]
    if correction.verdict is CorrectionAction.SPLIT and correction.snapshot:
        what += f" ({correction.snapshot[0].file} taken out)"
    if correction.verdict is CorrectionAction.ADD and correction.correct_value:
        what += f" ({correction.correct_value})"
    text = f"{what} by {correction.editor}"
    return f"{text}: {correction.note}" if correction.note else text


def active_corrections(rows: Iterable[Verdict]) -> list[Verdict]:
    """The corrections in force, in the order they apply (the latest last, so it wins).

    ``rows`` are a case's correction rows and their retractions in log order (pending
    ones last): a correction whose last row is a retraction (Undo) is withdrawn.
    """
    last: dict[str, tuple[int, Verdict]] = {}
    for i, row in enumerate(rows):
        last[row.fingerprint] = (i, row)
    ordered = sorted(last.values(), key=lambda pair: pair[0])
    return [row for _, row in ordered if row.verdict is not VerdictState.RETRACTED and row.is_correction]
