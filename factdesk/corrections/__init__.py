"""The editor corrects the machine: dismiss, merge, split and add claims.

A correction is a row of the verdict log (same hash chain, same export), anchored to
the wording and position of the mentions it was made on, and re-applied to every new
analysis (:func:`apply_corrections`). One whose anchor text is gone is *stale*: kept,
shown, never silently dropped.
"""

from factdesk.corrections.apply import apply_corrections
from factdesk.corrections.events import (
    CorrectionError,
    active_corrections,
    add_claim,
    describe,
    dismiss_claim,
    merge_claims,
    split_claim,
)
from factdesk.corrections.judge import compare_mentions, why

__all__ = [
    "CorrectionError",
    "active_corrections",
    "add_claim",
    "apply_corrections",
    "compare_mentions",
    "describe",
    "dismiss_claim",
    "merge_claims",
    "split_claim",
    "why",
]
