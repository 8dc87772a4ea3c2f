"""Verdicts not yet in the log, kept on disk: one file per window, so two windows never overwrite each other.

Each window (a *session*) writes its pending verdicts to ``<log>.pending/<session>.json``
and holds ``<session>.lock`` (an OS file lock, released by the OS when the process dies,
crash or kill -9 included) for as long as it runs. A window that opens adopts the
files of sessions whose lock is free — windows that crashed or were closed while the
log was locked — and removes them only once their verdicts are safe in its own file:
each is replayed once (and the log ignores a verdict it already holds, so even a replay
interrupted half-way adds nothing twice). The single ``<log>.pending.json`` of earlier
versions is adopted the same way.

No Qt here: plain Python.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from contextlib import suppress
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout


class PendingFiles:
    """This window's pending file, and the orphaned ones it adopts."""

    def __init__(self, db_path: Path):
        self.folder = db_path.with_name(db_path.name + ".pending")
        self.legacy = db_path.with_name(db_path.name + ".pending.json")
        self.session = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self._lock: FileLock | None = None
        self._adopted: list[tuple[Path, FileLock | None]] = []

    @property
    def path(self) -> Path:
        return self.folder / f"{self.session}.json"

    def _hold_own_lock(self) -> None:
        if self._lock is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock = FileLock(self.folder / f"{self.session}.lock", timeout=0)
            lock.acquire()
            self._lock = lock

    def adopt(self) -> tuple[list[dict[str, Any]], list[str]]:
        """The records of every orphaned pending file, and one line per file that could not be read.

        The files stay on disk until :meth:`save` has written their records into this session's file.
        """
        records: list[dict[str, Any]] = []
        problems: list[str] = []
        candidates: list[tuple[Path, FileLock | None]] = []
        if self.legacy.is_file():
            candidates.append((self.legacy, None))
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("*.json")):
                if path == self.path:
                    continue
                lock = FileLock(path.with_suffix(".lock"), timeout=0)
                try:
                    lock.acquire()
                except (Timeout, OSError):
                    continue  # its window is still open: it writes its own verdicts
                candidates.append((path, lock))
        for path, lock in candidates:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
                    raise ValueError("not a list of verdicts")
            except (OSError, ValueError) as exc:
                problems.append(f"could not read the verdicts waiting in {path}: {exc}")
                if lock is not None:
                    lock.release()
                continue
            records.extend(data)
            self._adopted.append((path, lock))
        return records, problems

    def save(self, records: list[dict[str, Any]]) -> None:
        """Write this session's pending verdicts (none: remove its file); ``OSError`` when the disk refuses."""
        if records:
            self._hold_own_lock()
            fd, tmp = tempfile.mkstemp(prefix=".pending-", dir=self.folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(records, f, ensure_ascii=False, indent=1)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        else:
            self.path.unlink(missing_ok=True)
        self._forget_adopted()

    def _forget_adopted(self) -> None:
        """The adopted files' verdicts are now in this session's file (or in the log): remove them."""
        for path, lock in self._adopted:
            with suppress(OSError):
                path.unlink()
            if lock is not None:
                lock.release()
                with suppress(OSError):
                    path.with_suffix(".lock").unlink()
        self._adopted = []

    def close(self) -> None:
        """Let go of this session's lock; its file, if any, is adopted by the next window."""
        for _, lock in self._adopted:
            if lock is not None:
                lock.release()
        self._adopted = []
        if self._lock is not None:
            self._lock.release()
            self._lock = None
            if not self.path.exists():
                with suppress(OSError):
                    (self.folder / f"{self.session}.lock").unlink()
                with suppress(OSError):
                    self.folder.rmdir()  # only when empty
