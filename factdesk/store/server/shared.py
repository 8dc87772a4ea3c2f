"""Offline first: the shared server log, with the local SQLite log as its offline copy.

:class:`SharedLog` has the interface of :class:`~factdesk.store.VerdictLog`.
Verdicts go to the server; when it cannot be reached (down, restarting, the
connection lost mid-transaction) they go to the local log instead, marked
unsent, and nothing is lost. The waiting verdicts are sent, in the order they
were made, before the next verdict that reaches the server, and by
:meth:`SharedLog.sync` (``factdesk log sync``, the window's retry timer), which
first walks the server's chains (each case's on from the head it verified last time). The server
stores a content uid once, so a verdict whose send was cut off after the server had
stored it is not doubled.

A wrong password, a read-only role or a missing database are not "offline":
they raise a :class:`~factdesk.store.StoreError` with the reason, as retrying
cannot help (the window keeps the verdict pending meanwhile).

The window opens it with ``connect_in_background=True``: then only its background
check (:meth:`SharedLog.status` with ``probe``, and :meth:`SharedLog.sync`) ever
connects, and everything else, on the window's thread, uses the connection that
check made or, until there is one, the local log: a server that does not answer
never holds the window up.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from factdesk.model import Case, Verdict
from factdesk.store.chain import Content
from factdesk.store.errors import ChainBroken, StoreError
from factdesk.store.exchange import ImportReport
from factdesk.store.log import VerdictLog
from factdesk.store.paths import default_db_path
from factdesk.store.rows import normalise, verdict_of
from factdesk.store.server.errors import ServerUnreachable, redact
from factdesk.store.server.log import ServerLog
from factdesk.store.server.verify import ServerCheckpoint
from factdesk.store.verify import VerifyReport

EDIT_PREFIX = "edit:"  # a correction's fingerprint (factdesk.corrections), read apart from the verdicts
# After the server could not be reached, writes go straight to the local log (no
# connection attempt, no waiting) for this long; sync() and status(probe=True) try at once.
RETRY_AFTER = 15.0
SEND_BATCH = 500


@dataclass(frozen=True)
class SyncReport:
    server: str
    sent: int  # verdicts the server did not have
    already: int  # sent before, but the answer was lost: the server had them and kept one copy
    rows: int  # verdicts on the server afterwards

    def __str__(self) -> str:
        def n(count: int) -> str:
            return f"{count} verdict{'' if count == 1 else 's'}"

        text = f"sent {n(self.sent)} to {self.server}" if self.sent or self.already else "nothing waiting to be sent"
        if self.already:
            text += f" ({n(self.already)} had arrived already and were not stored twice)"
        return f"{text}; the shared log holds {n(self.rows)}, hash chain intact"


@dataclass(frozen=True)
class LogStatus:
    """What the window shows: is the shared server in use, and how many verdicts wait for it."""

    server: str
    connected: bool
    waiting: int
    problem: str = ""

    def __str__(self) -> str:
        state = "connected" if self.connected else "offline"
        waiting = f" · {self.waiting} waiting to be sent" if self.waiting else ""
        return f"shared log {state}{waiting}"


class SharedLog:
    """The shared log at ``url``, falling back on the local log at ``local_path`` when offline."""

    def __init__(self, url: str, local_path: str | Path | None = None, *, timeout: float = 5.0,
                 connect_timeout: int = 3, connect_in_background: bool = False):
        self.url = url
        self.label = redact(url)
        self.local_path = Path(local_path).expanduser() if local_path else default_db_path()
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.readonly = False
        self.problem = ""  # why the server is not in use now ('' when it is)
        self.last_write_offline = False  # the last record went to the local log
        self.background = connect_in_background  # only status(probe=True) and sync() connect
        self._refused: StoreError | None = None  # the server's answer to the last background attempt
        self._lock = threading.RLock()
        self._server: ServerLog | None = None
        self._local: VerdictLog | None = None
        self._offline_until = 0.0
        # the server's chains as sync last verified them (each case's head): the next sync walks on from there
        self._checkpoint: ServerCheckpoint | None = None
        if not self.background:
            with contextlib.suppress(ServerUnreachable):  # offline from the start: writes go to the local log
                self._server_log(probe=True)

    @property
    def path(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"SharedLog({self.label!r}, local={str(self.local_path)!r})"

    # -- the two logs ----------------------------------------------------------------

    def _server_log(self, probe: bool = False) -> ServerLog:
        if self._server is not None:
            return self._server
        if self.background:  # never from here: the background check connects (see _probe)
            if self._refused is not None:
                raise type(self._refused)(str(self._refused))
            raise ServerUnreachable(
                self.problem or f"the shared verdict log {self.label} is not connected yet (tried in the background)"
            )
        if not probe and time.monotonic() < self._offline_until:
            raise ServerUnreachable(self.problem)
        try:
            self._server = ServerLog(self.url, connect_timeout=self.connect_timeout)
        except ServerUnreachable as exc:
            self._went_offline(exc)
            raise
        self.problem = ""
        return self._server

    def _probe(self) -> None:
        """Try to connect, without holding the lock meanwhile: a server that does not answer keeps
        the probe waiting for its connect timeout, and writes go on to the local log all along."""
        try:
            server = ServerLog(self.url, connect_timeout=self.connect_timeout)
        except ServerUnreachable as exc:
            with self._lock:
                if self._server is None:
                    self._went_offline(exc)
            return
        except StoreError as exc:  # it answered no (a wrong password, a missing schema step...)
            if not self.background:
                raise
            with self._lock:
                self._refused, self.problem = exc, str(exc)
            return
        with self._lock:
            if self._server is None:
                self._server, self.problem, self._refused = server, "", None
                return
        server.close()  # connected meanwhile by a write

    def _went_offline(self, exc: ServerUnreachable) -> None:
        self.problem = str(exc)
        self._offline_until = time.monotonic() + RETRY_AFTER
        if self._server is not None:
            self._server.close()
            self._server = None

    def _local_log(self) -> VerdictLog:
        if self._local is None:
            self._local = VerdictLog(self.local_path, self.timeout)
        return self._local

    def _unsent(self) -> list[tuple[int, str, Content]]:
        if self._local is None and not self.local_path.exists():
            return []
        return self._local_log().unsent()

    def _unsent_verdicts(self, case: str, fingerprint: str | None = None, *,
                         corrections: bool = False) -> list[Verdict]:
        """The case's rows waiting for the server: its verdicts, or (``corrections``) its corrections."""
        return [
            verdict_of((row_id, *content)) for row_id, _, content in self._unsent()
            if content.case == case and (fingerprint is None or content.fingerprint == fingerprint)
            and content.fingerprint.startswith(EDIT_PREFIX) == corrections
        ]

    def close(self) -> None:
        with self._lock:
            for log in (self._server, self._local):
                if log is not None:
                    log.close()
            self._server = self._local = None

    def __enter__(self) -> SharedLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------

    def record(self, verdict: Verdict) -> Verdict:
        return self.record_many([verdict])[0]

    def record_many(self, verdicts: Iterable[Verdict]) -> list[Verdict]:
        """To the server (the waiting ones first); to the local log, unsent, when it cannot be reached."""
        prepared = [normalise(v) for v in verdicts]
        with self._lock:
            # a connection that was fine may have been dropped since (a server restart, an idle
            # timeout): one fresh connection is tried before the verdicts go to the local log
            for attempt in (1, 2):
                had_connection = self._server is not None
                try:
                    server = self._server_log()
                    self._send_unsent(server)
                    stored = server.record_many(prepared)
                except ServerUnreachable as exc:
                    self._went_offline(exc)
                    if attempt == 1 and had_connection:
                        self._offline_until = 0.0
                        continue
                    stored = self._local_log().record_many(prepared, unsent=True)
                    self.last_write_offline = True
                    return stored
                self.last_write_offline = False
                return stored
            raise AssertionError("unreachable")  # pragma: no cover

    def record_case(self, case: Case) -> None:
        with self._lock:
            try:
                self._server_log().record_case(case)
            except ServerUnreachable as exc:
                self._went_offline(exc)
                self._local_log().record_case(case)

    def _send_unsent(self, server: ServerLog) -> tuple[int, int]:
        """Send what waits in the local log, oldest first: (newly stored, already there)."""
        waiting = self._unsent()
        sent = already = 0
        for start in range(0, len(waiting), SEND_BATCH):
            batch = waiting[start : start + SEND_BATCH]
            results = server.append([content for _, _, content in batch], "sending waiting verdicts")
            self._local_log().mark_sent(uid for _, uid, _ in batch)
            added = sum(1 for _, was_added in results if was_added)
            sent, already = sent + added, already + len(batch) - added
        return sent, already

    def sync(self) -> SyncReport:
        """Walk the server's chains, then send every waiting verdict once.

        The first sync walks every chain (without checking again the signatures a sound verify of this
        server found valid before: the memo, :mod:`factdesk.store.server.memo`); the next ones walk each
        case's chain on from the head the last one verified (that row must still carry its hash).
        ``log verify`` always walks it all and checks every signature.
        """
        if self.background and self._server is None:
            self._probe()  # connecting, without holding the lock the window's writes wait for
        with self._lock:
            try:
                server = self._server_log(probe=True)
                report = server.verify(self._checkpoint)  # on from the last verified heads
                if not report.ok:
                    raise ChainBroken(
                        f"the shared verdict log {self.label} fails its check ({report.summary}); nothing was sent — "
                        "tell the newsroom's administrator"
                    )
                self._checkpoint = report.checkpoint
                sent, already = self._send_unsent(server)
                return SyncReport(self.label, sent, already, server.count())
            except ServerUnreachable as exc:
                self._went_offline(exc)
                waiting = len(self._unsent())
                keep = f"; {waiting} verdict{'s wait' if waiting != 1 else ' waits'} in the local log"
                keep = keep if waiting else ""
                raise ServerUnreachable(f"{exc}{keep}") from None

    def status(self, probe: bool = False) -> LogStatus:
        """Connected or not, and how many verdicts wait; ``probe`` tries to reconnect now."""
        if self._server is None and probe:
            self._probe()
        with self._lock:
            waiting = len(self._unsent())
            return LogStatus(self.label, self._server is not None, waiting, self.problem)

    # -- reading: the server's rows, then the ones waiting to be sent -----------------

    def _read(self, read_server, read_local):  # type: ignore[no-untyped-def]
        with self._lock:
            try:
                return read_server(self._server_log()), False
            except ServerUnreachable as exc:
                self._went_offline(exc)
                if self._local is None and not self.local_path.exists():
                    return read_local(None), True
                return read_local(self._local_log()), True

    def latest(self, case_key: str) -> dict[str, dict[str, Verdict]]:
        result, offline = self._read(lambda s: s.latest(case_key), lambda loc: loc.latest(case_key) if loc else {})
        if offline:
            return result
        merged = {fp: dict(editors) for fp, editors in result.items()}
        for v in self._unsent_verdicts(case_key):
            editors = merged.setdefault(v.fingerprint, {})
            if v.verdict == "retracted":
                editors.pop(v.editor, None)
            else:
                editors[v.editor] = v
        return {fp: editors for fp, editors in merged.items() if editors}

    def history(self, case_key: str, fingerprint: str | None = None) -> list[Verdict]:
        result, offline = self._read(
            lambda s: s.history(case_key, fingerprint),
            lambda loc: loc.history(case_key, fingerprint) if loc else [],
        )
        return result if offline else result + self._unsent_verdicts(case_key, fingerprint)

    def corrections(self, case_key: str) -> list[Verdict]:
        """The case's corrections on the server, then the ones waiting to be sent (offline: the local log's)."""
        result, offline = self._read(lambda s: s.corrections(case_key),
                                     lambda loc: loc.corrections(case_key) if loc else [])
        return result if offline else result + self._unsent_verdicts(case_key, corrections=True)

    def case_keys(self) -> list[str]:
        result, offline = self._read(lambda s: s.case_keys(), lambda loc: loc.case_keys() if loc else [])
        if offline:
            return result
        return sorted({*result, *(content.case for _, _, content in self._unsent())})

    def article_hashes(self, case_key: str) -> dict[str, set[str]]:
        result, _ = self._read(
            lambda s: s.article_hashes(case_key), lambda loc: loc.article_hashes(case_key) if loc else {}
        )
        return result

    def count(self) -> int:
        result, offline = self._read(lambda s: s.count(), lambda loc: loc.count() if loc else 0)
        return result if offline else result + len(self._unsent())

    # -- the server only -------------------------------------------------------------

    def verify(self, *, full: bool = False) -> VerifyReport:
        """The server's log verified (see :meth:`ServerLog.verify`: ``full`` checks every signature)."""
        with self._lock:
            return self._server_log(probe=True).verify(full=full)

    def export(self, fp: IO[str], format: str = "jsonl") -> int:
        with self._lock:
            return self._server_log(probe=True).export(fp, format)

    def export_to(self, dest: str | Path, format: str = "jsonl", replace: bool = False) -> int:
        with self._lock:
            return self._server_log(probe=True).export_to(dest, format, replace)

    def import_file(self, path: str | Path) -> ImportReport:
        with self._lock:
            return self._server_log(probe=True).import_file(path)

    def import_contents(self, rows: Sequence[Content], doing: str) -> ImportReport:
        with self._lock:
            return self._server_log(probe=True).import_contents(rows, doing)
