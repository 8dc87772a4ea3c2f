"""How verdicts relate to claims: the case key, the snapshot, staleness."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from factdesk.model import Case, Claim, MentionSnapshot, Verdict


def case_key(case: Case) -> str:
    """The key a case's verdicts are filed under: the case folder's name.

    Two editors with copies of the same case folder get the same key, so their
    exported logs merge.
    """
    key = case.name or (Path(case.path).name if case.path else "")
    if not key:
        raise ValueError("a case needs a name to file verdicts under")
    return key


def snapshot(claim: Claim) -> tuple[MentionSnapshot, ...]:
    """The mentions a verdict on ``claim`` is made on."""
    return tuple(MentionSnapshot(m.file, m.start, m.end, m.text) for m in claim.mentions)


def _wording(mentions: tuple[MentionSnapshot, ...]) -> Counter[tuple[str, str]]:
    # Whitespace is normalised so re-wrapping a paragraph is not a change of wording.
    return Counter((m.file, " ".join(m.text.split())) for m in mentions)


def is_stale(verdict: Verdict, claim: Claim) -> bool:
    """True when the claim's wording differs from what the verdict was made on.

    Files and texts are compared, not offsets: an edit elsewhere in an article
    that shifts the mention does not make the verdict stale, but a changed
    wording, or an article that no longer states (or newly states) the claim,
    does. A verdict without a snapshot cannot be checked and is not stale.
    """
    if not verdict.snapshot:
        return False
    return _wording(verdict.snapshot) != _wording(snapshot(claim))
