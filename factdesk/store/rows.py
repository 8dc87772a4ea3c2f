"""Verdicts to stored rows and back."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace

from factdesk import __version__
from factdesk.model import CorrectionAction, Verdict, VerdictState, log_state
from factdesk.store.chain import (
    Content,
    decode_snapshot,
    encode_snapshot,
    format_time,
    to_utc,
)
from factdesk.store.errors import InvalidVerdict

CONTENT_COLUMNS = (
    "case_key",
    "fingerprint",
    "editor",
    "verdict",
    "note",
    "correct_value",
    "source",
    "created",
    "app_version",
    "claim_id",
    "snapshot",
    "signer_key",
    "signature",
)
ROW_COLUMNS = ("id", *CONTENT_COLUMNS, "uid", "prev_hash", "hash")
VERDICT_FIELDS_SQL = f"id, {', '.join(CONTENT_COLUMNS)}"
SELECT_VERDICT = f"SELECT {VERDICT_FIELDS_SQL} FROM verdicts"
SELECT_ROW = f"SELECT {', '.join(ROW_COLUMNS)} FROM verdicts"
# Clocks disagree by minutes, not days: a verdict dated further ahead was made on a wrong clock.
FUTURE_TOLERANCE = dt.timedelta(days=1)


def dated_in_future(moment: dt.datetime, now: dt.datetime | None = None) -> bool:
    """True when ``moment`` is more than a day ahead of now (a wrong clock; the log's order still holds)."""
    return to_utc(moment) > to_utc(now or dt.datetime.now(dt.UTC)) + FUTURE_TOLERANCE


def normalise(verdict: Verdict) -> Verdict:
    """The verdict as it will be stored: checked, state as enum, time in UTC, app version filled in."""
    try:
        state = log_state(verdict.verdict)
    except ValueError as exc:
        states = ", ".join(s.value for s in (*VerdictState, *CorrectionAction))
        raise InvalidVerdict(f"unknown verdict {verdict.verdict!r} (use one of: {states})") from exc
    editor = verdict.editor.strip()
    for label, value in (
        ("case", verdict.case),
        ("claim fingerprint", verdict.fingerprint),
        ("editor", editor),
    ):
        if not value:
            raise InvalidVerdict(f"a verdict needs a {label}")
    for label, value in (
        ("case", verdict.case), ("claim fingerprint", verdict.fingerprint), ("editor name", editor),
        ("note", verdict.note), ("correct value", verdict.correct_value), ("source", verdict.source),
        ("claim id", verdict.claim_id), ("app version", verdict.app_version),
        *(("quoted wording", m.text) for m in verdict.snapshot), *(("file name", m.file) for m in verdict.snapshot),
    ):
        if not is_text(value):
            raise InvalidVerdict(
                f"the {label} is not valid text (it holds bytes that are not UTF-8); nothing was recorded"
            )
    return replace(
        verdict,
        verdict=state,
        editor=editor,
        created=to_utc(verdict.created),
        app_version=verdict.app_version or __version__,
        snapshot=tuple(verdict.snapshot),
    )


def is_text(value: str) -> bool:
    """True unless ``value`` holds lone surrogates (undecodable bytes, e.g. from a non-UTF-8 shell)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def content_of(verdict: Verdict) -> Content:
    """The hashed content of a verdict already passed through :func:`normalise`."""
    return Content(
        case=verdict.case,
        fingerprint=verdict.fingerprint,
        editor=verdict.editor,
        verdict=verdict.verdict.value,
        note=verdict.note,
        correct_value=verdict.correct_value,
        source=verdict.source,
        created=format_time(verdict.created),
        app_version=verdict.app_version,
        claim_id=verdict.claim_id,
        snapshot=encode_snapshot(verdict.snapshot),
    )


def verdict_of(row: sqlite3.Row | tuple) -> Verdict:
    """A verdict from a ``SELECT_VERDICT`` row."""
    row_id, case, fp, editor, state, note, correct, source, created, version, claim_id, snap = row[:12]
    return Verdict(
        case=case,
        fingerprint=fp,
        editor=editor,
        verdict=log_state(state),
        note=note,
        correct_value=correct,
        source=source,
        created=dt.datetime.fromisoformat(created),
        app_version=version,
        snapshot=decode_snapshot(snap),
        claim_id=claim_id,
        id=row_id,
    )
