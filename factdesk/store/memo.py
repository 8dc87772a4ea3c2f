"""The verified-prefix memo: signatures a verification found valid need not be checked again.

The row hash chain covers every entry's key and signature (:mod:`factdesk.store.chain`), so
"the signatures of rows 1..N were all valid, and row N's chain hash is H" stays true of any log
whose intact chain has the hash H at row N. After a verification finds a log sound, factdesk
keeps that (N, H) -- a few of them -- in a small file per log in the user's cache folder
(``$XDG_CACHE_HOME/factdesk/verified/``, default ``~/.cache/factdesk/verified/`` on Linux,
``~/Library/Caches/factdesk/verified/`` on macOS, ``%LOCALAPPDATA%\\factdesk\\Cache\\verified\\``
on Windows). The next verification still does everything else -- SQLite's integrity check, the
append-only triggers, the whole chain walk, the editors' keys of every row -- but checks the
Ed25519 signatures only after row N, when the walked chain has the hash H at row N.

Each memo file is authenticated with an HMAC-SHA256 under a random 32-byte secret made on first
use beside the editors' signing keys (``<config>/factdesk/keys/verify-memo.secret``, readable by
the user only): someone who can change the log file but not the user's private folder cannot
forge a memo. A forged, damaged, truncated or foreign memo file is ignored (and replaced after
the next sound verification), never an error: the memo only ever saves time.

The shared log on a PostgreSQL server has a memo of the same kind, in the same folder under the
same secret (:mod:`factdesk.store.server.memo`): :func:`recall` and :func:`note` read and write
a memo of any kind filed under any identity (a local log's path, a server's address).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

from factdesk.store.signing import keys_dir, write_private_once

FORMAT = "factdesk-verified-prefix/1"
SECRET_NAME = "verify-memo.secret"
SECRET_BYTES = 32
KEPT = 4  # checkpoints kept per log, the latest first (an older one serves a log put back from a backup)
MAX_MEMO_BYTES = 16_384
_HEX = frozenset("0123456789abcdef")

Checkpoint = tuple[int, str]  # (rows, the chain's hash at the last of them)


def memo_folder() -> Path:
    """``<user cache dir>/factdesk/verified`` (honours ``$XDG_CACHE_HOME`` on Linux)."""
    return platformdirs.user_cache_path("factdesk", appauthor=False) / "verified"


def secret_path() -> Path:
    return keys_dir() / SECRET_NAME


def log_identity(log_path: Path) -> str:
    """The absolute, resolved path of a log file: what its memo is filed under."""
    path = Path(log_path).expanduser()
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def memo_file(identity: str) -> Path:
    """The memo file of the log filed under ``identity`` (a local log's path, a server's address)."""
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return memo_folder() / f"{digest}.json"


def memo_path(log_path: Path) -> Path:
    return memo_file(log_identity(log_path))


def _secret(create: bool) -> bytes | None:
    """The local memo secret; None when there is none (and ``create`` is false) or it cannot be trusted."""
    path = secret_path()
    if create and not path.exists():
        with contextlib.suppress(OSError):
            write_private_once(path, secrets.token_bytes(SECRET_BYTES))
    try:
        with open(path, "rb") as fp:
            info = os.fstat(fp.fileno())
            data = fp.read(SECRET_BYTES + 1)
    except OSError:
        return None
    if len(data) != SECRET_BYTES or not stat.S_ISREG(info.st_mode):
        return None
    if os.name == "posix" and info.st_mode & 0o077:  # others could read it, so forge memos
        return None
    return data


def _mac(secret: bytes, kind: str, identity: str, checkpoints: list[Any]) -> str:
    payload = json.dumps([kind, identity, checkpoints], ensure_ascii=False, separators=(",", ":"))
    return hmac.new(secret, payload.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def _valid_checkpoint(item: object) -> bool:
    return (
        isinstance(item, list) and len(item) == 2 and type(item[0]) is int and item[0] > 0
        and is_hash(item[1])
    )


def is_hash(value: object) -> bool:
    """A chain hash as stored: 64 lowercase hex digits."""
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


def _read(path: Path, kind: str, identity: str, secret: bytes, max_bytes: int) -> list[Any]:
    try:
        with open(path, "rb") as fp:
            raw = fp.read(max_bytes + 1)
        if len(raw) > max_bytes:
            return []
        memo = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(memo, dict) or memo.get("format") != kind or memo.get("log") != identity:
        return []
    items, mac = memo.get("checkpoints"), memo.get("mac")
    if not isinstance(items, list) or not isinstance(mac, str):
        return []
    if not hmac.compare_digest(mac, _mac(secret, kind, identity, items)):
        return []
    return items


def recall(identity: str, kind: str = FORMAT, max_bytes: int = MAX_MEMO_BYTES) -> list[Any]:
    """The checkpoints (as JSON values, latest first) of the authentic memo of ``kind`` filed under
    ``identity``; [] when there is none, or it is damaged, foreign or not made with this user's secret."""
    secret = _secret(create=False)
    if secret is None:
        return []
    return _read(memo_file(identity), kind, identity, secret, max_bytes)


def note(identity: str, kind: str, checkpoints: list[Any], max_bytes: int = MAX_MEMO_BYTES) -> None:
    """File ``checkpoints`` (JSON values, latest first) as the memo of ``kind`` under ``identity``, in one
    step (written aside, then renamed into place). Best effort: a folder that cannot be written (or a memo
    that would be over ``max_bytes``) leaves the memo as it was."""
    secret = _secret(create=True)
    if secret is None:
        return
    memo = {"format": kind, "log": identity, "checkpoints": checkpoints,
            "mac": _mac(secret, kind, identity, checkpoints)}
    text = json.dumps(memo, ensure_ascii=False)
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return
    path = memo_file(identity)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".memo-", suffix=".part")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fp:
                fp.write(text)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def checkpoints(log_path: Path) -> list[Checkpoint]:
    """The (rows, hash) a sound verification of the log at ``log_path`` noted, latest first ([]: none trusted)."""
    items = recall(log_identity(log_path))
    if not all(map(_valid_checkpoint, items)):
        return []
    return [(rows, head) for rows, head in items][:KEPT]


def remember(log_path: Path, rows: int, head: str) -> None:
    """Note that the signatures of the log's rows 1..``rows`` are valid and its chain's hash there is ``head``.

    Best effort: a folder that cannot be written leaves the memo as it was.
    """
    if rows <= 0 or not _valid_checkpoint([rows, head]):
        return
    known = checkpoints(log_path)
    if known[:1] == [(rows, head)]:
        return  # noted already: nothing to write
    kept = [(rows, head), *[c for c in known if c != (rows, head)]][:KEPT]
    note(log_identity(log_path), FORMAT, [list(c) for c in kept])
