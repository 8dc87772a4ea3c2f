"""The window's side of the verdict log: no verdict typed by the user is ever lost.

A verdict is first put on a *pending* list (kept on disk next to the log, so
it survives a crash or a refused close), then written.  When the log cannot be
written (locked by another program, read-only, damaged) the verdict stays
pending, is shown as pending, and :meth:`VerdictBook.flush` is retried by the
window (timer, next action, close).  Writing the same verdict twice is safe:
the log ignores an identical verdict (same content and time).

No Qt here: plain Python over :mod:`factdesk.store`.
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from factdesk.gui.pending_files import PendingFiles
from factdesk.model import Case, Claim, MentionSnapshot, Verdict, VerdictState, log_state

if TYPE_CHECKING:
    from factdesk.store import StoreError, VerdictLog

def store() -> ModuleType:
    """:mod:`factdesk.store`, imported on first use (sqlite-utils is slow to import; the window paints first)."""
    import factdesk.store

    return factdesk.store


def case_key(case: Case) -> str:
    return store().case_key(case)


def snapshot(claim: Claim) -> tuple[MentionSnapshot, ...]:
    return store().snapshot(claim)


def is_stale(verdict: Verdict, claim: Claim) -> bool:
    return store().is_stale(verdict, claim)


def _default_db_path() -> Path:
    return store().default_db_path()


# The window never waits long for the log: a lock held by another program makes the
# write fail fast, the verdict stays pending and is retried.
WRITE_TIMEOUT = 0.25


def verdict_to_json(v: Verdict) -> dict[str, Any]:
    return {
        "case": v.case, "fingerprint": v.fingerprint, "editor": v.editor, "verdict": str(v.verdict),
        "note": v.note, "correct_value": v.correct_value, "source": v.source,
        "created": v.created.isoformat(), "app_version": v.app_version, "claim_id": v.claim_id,
        "snapshot": [[m.file, m.start, m.end, m.text] for m in v.snapshot],
    }


def verdict_from_json(d: dict[str, Any]) -> Verdict:
    return Verdict(
        case=d["case"], fingerprint=d["fingerprint"], editor=d["editor"], verdict=log_state(d["verdict"]),
        note=d.get("note", ""), correct_value=d.get("correct_value", ""), source=d.get("source", ""),
        created=dt.datetime.fromisoformat(d["created"]), app_version=d.get("app_version", ""),
        claim_id=d.get("claim_id", ""),
        snapshot=tuple(MentionSnapshot(f, int(s), int(e), t) for f, s, e, t in d.get("snapshot", [])),
    )


@dataclass
class Undo:
    """One verdict the editor recorded in this session (Ctrl+Z withdraws it, Ctrl+Shift+Z gives it again)."""

    verdict: Verdict


@dataclass
class VerdictBook:
    """Verdicts of the open case: read from the log, written through a pending list."""

    db_path: Path = field(default_factory=_default_db_path)
    pending: list[Verdict] = field(default_factory=list)
    server: str = ""  # a newsroom's shared log (postgresql://...); db_path is then its offline copy
    error: str = ""  # the last problem with the log ('' when it works)
    _log: VerdictLog | None = None
    _undo: list[Undo] = field(default_factory=list)
    _redo: list[Undo] = field(default_factory=list)
    _files: PendingFiles = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.db_path = Path(self.db_path)
        self._files = PendingFiles(self.db_path)
        self.pending = self._read_pending() + self.pending
        if self.pending:
            self._save_pending()  # adopted verdicts are now this window's, replayed once

    # -- the pending file ----------------------------------------------------------

    @property
    def pending_path(self) -> Path:
        """This window's file of verdicts not yet in the log."""
        return self._files.path

    def _read_pending(self) -> list[Verdict]:
        records, problems = self._files.adopt()
        verdicts: list[Verdict] = []
        for record in records:
            try:
                verdicts.append(verdict_from_json(record))
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(f"a verdict waiting in {self._files.folder} is unreadable: {exc}")
        if problems:
            self.error = problems[0]
        return verdicts

    def _save_pending(self) -> None:
        # when the disk refuses, the verdicts stay pending in memory; the window keeps retrying
        with suppress(OSError):
            self._files.save([verdict_to_json(v) for v in self.pending])

    # -- the log -------------------------------------------------------------------

    def log(self) -> VerdictLog:
        if self._log is None:
            if self.server:
                # no connection attempt here, on the window's thread: the background check connects
                self._log = store().open_log(self.server, local_path=self.db_path, timeout=WRITE_TIMEOUT,
                                             connect_in_background=True)
            else:
                self._log = store().VerdictLog(self.db_path, timeout=WRITE_TIMEOUT)
        return self._log

    def server_status(self, probe: bool = False) -> Any | None:
        """The shared server's :class:`~factdesk.store.server.LogStatus` (None without a server)."""
        if not self.server:
            return None
        try:
            return self.log().status(probe=probe)  # type: ignore[attr-defined]  # a SharedLog
        except store().StoreError as exc:
            self._failed(exc)
            return None

    def sync(self) -> str:
        """Send what waits for the shared server; returns '' or the problem."""
        try:
            self.log().sync()  # type: ignore[attr-defined]  # a SharedLog
        except store().StoreError as exc:
            return str(exc)
        return ""

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def close(self) -> None:
        """Close the log and let the next window adopt what is still pending."""
        self._close_log()
        self._files.close()

    def _failed(self, exc: StoreError) -> str:
        self.error = str(exc)
        if self._log is not None and not self.db_path.exists():
            self._close_log()
        return self.error

    def record_case(self, case: Any) -> str:
        try:
            self.log().record_case(case)
        except store().StoreError as exc:
            return self._failed(exc)
        return ""

    def log_state(self) -> Any | None:
        """The log's :class:`~factdesk.store.VerifyReport` (chain, signatures, head hash); None if unreadable.

        Verifies on this thread: the window checks in the background (:func:`check_log`).
        """
        try:
            return self.log().verify()
        except store().StoreError as exc:
            self._failed(exc)
            return None

    def log_head(self) -> tuple[int, str] | None:
        """(rows, last hash) of the local log as it is now; None for a shared server's or when unreadable."""
        log = self.log()
        if self.server or not hasattr(log, "head"):
            return None
        try:
            return log.head()
        except store().StoreError as exc:
            self._failed(exc)
            return None

    # -- writing -------------------------------------------------------------------

    def record(self, verdict: Verdict) -> str:
        """Keep ``verdict`` and try to write it with everything pending; returns '' or the problem."""
        self.pending.append(verdict)
        self._save_pending()
        if verdict.verdict is not VerdictState.RETRACTED:
            self._undo.append(Undo(verdict))
            self._redo.clear()  # a new action ends what could be redone
        return self.flush()

    def flush(self) -> str:
        """Write the pending verdicts; returns '' when all are in the log, else the problem."""
        if not self.pending:
            return ""
        try:
            self.log().record_many(self.pending)
        except store().StoreError as exc:
            return self._failed(exc)
        self.pending = []
        self._save_pending()
        self.error = ""
        return ""

    def next_undo(self) -> Verdict | None:
        """What Ctrl+Z would withdraw (a verdict or a correction)."""
        return self._undo[-1].verdict if self._undo else None

    def next_redo(self) -> Verdict | None:
        return self._redo[-1].verdict if self._redo else None

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> tuple[Verdict | None, str]:
        """Withdraw the last verdict recorded in this session: exactly one retraction, nothing else.

        The log is append-only, so the verdict stays in the history, followed by its retraction; the
        editor then has no verdict on the claim until they give one again (or redo). A verdict still
        pending never reached the log: it is simply dropped. Returns the undone verdict and '' or the
        problem.
        """
        if not self._undo:
            return None, ""
        entry = self._undo.pop()
        self._redo.append(entry)
        v = entry.verdict
        if v in self.pending:
            self.pending.remove(v)
            self._save_pending()
            return v, self.flush()
        retraction = Verdict(case=v.case, fingerprint=v.fingerprint, editor=v.editor,
                             verdict=VerdictState.RETRACTED, note="undo", created=dt.datetime.now(dt.UTC),
                             snapshot=v.snapshot, claim_id=v.claim_id)
        self.pending.append(retraction)
        self._save_pending()
        return v, self.flush()

    def redo(self) -> tuple[Verdict | None, str]:
        """Give the verdict the last undo withdrew again: one new verdict, at the time of the redo."""
        if not self._redo:
            return None, ""
        entry = self._redo.pop()
        again = replace(entry.verdict, id=None, created=dt.datetime.now(dt.UTC))
        self.pending.append(again)
        self._save_pending()
        self._undo.append(Undo(again))
        return again, self.flush()

    # -- reading -------------------------------------------------------------------

    def _stored_latest(self, case_key: str) -> dict[str, dict[str, Verdict]]:
        try:
            return self.log().latest(case_key)
        except store().StoreError as exc:
            self._failed(exc)
            return {}

    def latest(self, case_key: str) -> dict[str, dict[str, Verdict]]:
        """fingerprint -> editor -> current verdict, pending ones included (they are the newest)."""
        result = {fp: dict(eds) for fp, eds in self._stored_latest(case_key).items()}
        for v in self.pending:
            if v.case != case_key:
                continue
            editors = result.setdefault(v.fingerprint, {})
            if v.verdict is VerdictState.RETRACTED:
                editors.pop(v.editor, None)
            else:
                editors[v.editor] = v
        return {fp: eds for fp, eds in result.items() if eds}

    def current(self, case_key: str, fingerprint: str) -> dict[str, Verdict]:
        return self.latest(case_key).get(fingerprint, {})

    def history(self, case_key: str, fingerprint: str) -> list[Verdict]:
        """Every verdict on the claim in log order, the pending ones last."""
        try:
            stored = self.log().history(case_key, fingerprint)
        except store().StoreError as exc:
            self._failed(exc)
            stored = []
        return stored + [v for v in self.pending if v.case == case_key and v.fingerprint == fingerprint]

    def corrections(self, case_key: str) -> list[Verdict]:
        """The case's correction rows and their withdrawals in log order, the pending ones last."""
        try:
            stored = self.log().corrections(case_key)
        except store().StoreError as exc:
            self._failed(exc)
            stored = []
        return stored + [v for v in self.pending if v.case == case_key and v.fingerprint.startswith("edit:")]

    def is_pending(self, verdict: Verdict) -> bool:
        return verdict.id is None and verdict in self.pending


def check_log(server: str, db_path: Path) -> tuple[Any | None, str]:
    """(the log's VerifyReport, '') or (None, the problem), on a connection of its own.

    For a background thread (SQLite connections never cross threads): the shared server's log
    when ``server`` is set, else the local log at ``db_path`` opened read-only. A log not made yet
    has nothing to check: (None, ''). Either log skips the signatures an earlier sound check of it found
    valid (the verified-prefix memo, :mod:`factdesk.store.memo`, :mod:`factdesk.store.server.memo`).
    """
    try:
        log = store().open_log(server, readonly=True) if server else store().VerdictLog(db_path, readonly=True)
        with log:
            return log.verify(), ""
    except store().DatabaseMissing:
        return None, ""
    except store().StoreError as exc:
        return None, str(exc)


def broken_log_message(state: Any) -> str:
    """The window's banner for a log that fails its check (a VerifyReport that is not ok)."""
    return (f"The verdict log is broken — {state.summary}. The verdicts shown come from a log that was "
            "changed: do not rely on them. New verdicts are kept aside, not written to it. What to do: keep "
            "the file, run `factdesk log verify`, then go back to your last good backup (`factdesk log backup` "
            "makes one) or import a colleague's export into a new log.")


@dataclass(frozen=True)
class ClaimVerdicts:
    """What the table and the panel show about one claim's verdicts."""

    by_editor: dict[str, Verdict]
    pending: bool = False
    stale: bool = False

    @property
    def states(self) -> set[VerdictState]:
        return {v.verdict for v in self.by_editor.values()}

    @property
    def disagree(self) -> bool:
        return len(self.states) > 1

    @property
    def state(self) -> VerdictState | None:
        """The common verdict of every editor, or None (no verdict, or a disagreement)."""
        states = self.states
        return next(iter(states)) if len(states) == 1 else None

    @property
    def filter_key(self) -> str:
        if not self.by_editor:
            return "none"
        if self.disagree:
            return "disagree"
        return str(self.state)

    def label(self) -> str:
        if not self.by_editor:
            return ""
        if self.disagree:
            text = "editors disagree: " + ", ".join(
                f"{ed} {v.verdict}" for ed, v in sorted(self.by_editor.items()))
        else:
            text = f"{self.state} ({', '.join(sorted(self.by_editor))})"
        if self.stale:
            text += " · stale"
        if self.pending:
            text += " · not saved yet"
        return text


def claim_verdicts(claim: Claim, by_editor: dict[str, Verdict], pending: list[Verdict]) -> ClaimVerdicts:
    return ClaimVerdicts(
        by_editor=by_editor,
        pending=any(v in pending for v in by_editor.values()),
        stale=any(is_stale(v, claim) for v in by_editor.values()),
    )
