"""Each editor's entries are signed: an Ed25519 key pair per editor, kept in the user's config folder.

The key is made the first time an editor records a verdict on this computer and
kept in ``<config>/factdesk/keys/`` (platformdirs' user config folder:
``$XDG_CONFIG_HOME/factdesk`` or ``~/.config/factdesk`` on Linux,
``~/Library/Application Support/factdesk`` on macOS, ``%APPDATA%\\factdesk`` on
Windows), readable by the user only. An entry carries the editor's public key and
the signature of its content (:meth:`~factdesk.store.chain.Content.signing_text`),
so any copy of the log (an export, the shared server) can be checked anywhere.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import platformdirs
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from factdesk.store.chain import Content
from factdesk.store.errors import StoreError

KEYS_FOLDER = "keys"
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def config_dir() -> Path:
    """The user's factdesk config folder (honours ``$XDG_CONFIG_HOME`` on Linux)."""
    return platformdirs.user_config_path("factdesk", appauthor=False)


def keys_dir() -> Path:
    return config_dir() / KEYS_FOLDER


def key_path(editor: str) -> Path:
    """The private key file of ``editor``: a readable slug of the name and a hash (names may be any text)."""
    slug = _UNSAFE.sub("_", editor).strip("_.")[:40] or "editor"
    digest = hashlib.sha256(editor.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return keys_dir() / f"{slug}-{digest}.pem"


def key_id(public_key: str) -> str:
    """A short, printable name of a public key (hex): its first 16 hex digits, grouped."""
    return " ".join(public_key[i : i + 4] for i in range(0, 16, 4))


def _public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


@dataclass(frozen=True)
class EditorKey:
    editor: str
    private_key: Ed25519PrivateKey
    public_key: str  # hex
    path: Path

    def sign(self, content: Content) -> Content:
        """``content`` with this editor's key and signature."""
        unsigned = content._replace(signer_key="", signature="")
        signature = self.private_key.sign(unsigned.signing_text().encode("utf-8")).hex()
        return unsigned._replace(signer_key=self.public_key, signature=signature)


def _bad_key(path: Path, why: str) -> StoreError:
    return StoreError(
        f"the signing key {path} {why}; nothing was recorded — move that file away and record again "
        "to make a new key (`factdesk log verify` will then report the editor's key as changed)"
    )


def _read_key(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _bad_key(path, f"cannot be read ({exc.strerror or exc})") from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise _bad_key(path, "is damaged (not an Ed25519 private key)") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise _bad_key(path, "is not an Ed25519 private key")
    return key


def write_private_once(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file at ``path``, readable by the user only (mode 0600), in one step.

    Written to a temporary file in the same folder (made 0700 if new), flushed, then linked into
    place: a file another process put at ``path`` first is never replaced (theirs wins). OSError
    when the folder cannot be written.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".new-")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as fp:
            fp.write(data)
            fp.flush()
            os.fsync(fp.fileno())
        with suppress(FileExistsError):
            os.link(tmp, path)  # never replaces a file that is there
    finally:
        os.unlink(tmp)


def _create_key(path: Path) -> None:
    """Write a new key at ``path`` unless one appears there meanwhile (another process wins)."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        write_private_once(path, pem)
    except OSError as exc:
        raise StoreError(
            f"cannot create the signing key in {path.parent} ({exc.strerror or exc}); nothing was recorded — "
            "make the folder writable, or set XDG_CONFIG_HOME to a folder you can write"
        ) from exc


def editor_key(editor: str) -> EditorKey:
    """This computer's key for ``editor``, created on first use."""
    path = key_path(editor)
    if not path.exists():
        _create_key(path)
    private_key = _read_key(path)
    return EditorKey(editor, private_key, _public_hex(private_key), path)


def own_public_key(editor: str) -> str | None:
    """The public key this computer holds for ``editor`` (hex), or None (no key made here)."""
    path = key_path(editor)
    if not path.exists():
        return None
    try:
        return _public_hex(_read_key(path))
    except StoreError:
        return None


def sign_all(contents: list[Content]) -> list[Content]:
    """Each content signed with its editor's key on this computer."""
    keys: dict[str, EditorKey] = {}
    signed: list[Content] = []
    for content in contents:
        key = keys.get(content.editor) or keys.setdefault(content.editor, editor_key(content.editor))
        signed.append(key.sign(content))
    return signed


@lru_cache(maxsize=1024)
def _verify_key(public_key: str) -> VerifyKey | None:
    try:
        raw = bytes.fromhex(public_key)
        return VerifyKey(raw) if len(raw) == PUBLIC_KEY_BYTES else None
    except (ValueError, TypeError, CryptoError):
        return None


def signature_matches(public_key: str, signature: str, text: str) -> bool:
    """True when ``signature`` (hex) is ``public_key``'s (hex) Ed25519 signature of ``text``.

    Keys are made and entries signed with ``cryptography``; signatures are checked with libsodium
    (PyNaCl), twice as fast here -- ``log verify`` checks every one. Both are RFC 8032 Ed25519.
    """
    key = _verify_key(public_key)
    if key is None:
        return False
    try:
        raw = bytes.fromhex(signature)
        if len(raw) != SIGNATURE_BYTES:
            return False
        key.verify(text.encode("utf-8"), raw)
    except (ValueError, TypeError, CryptoError):  # BadSignatureError is a CryptoError
        return False
    return True
