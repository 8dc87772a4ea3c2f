"""Bytes of an article file -> text: UTF-8 (BOM or not), UTF-16 with BOM, cp1252 fallback.

A file that holds NUL bytes or mostly control characters is not text and raises
:class:`NotTextError`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# C0 control characters that never occur in text (tab, line feed, form feed and carriage return do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.02
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)


BOM_NOTE = "a UTF-8 byte order mark was removed; offsets index the text without it"
UTF16_NOTE = "read as UTF-16; offsets index the decoded text"
INFORMATIONAL_NOTES = frozenset({BOM_NOTE, UTF16_NOTE})  # not worth a warning to the user


class NotTextError(ValueError):
    """The bytes are binary or in no encoding we can read."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "utf-8-sig" (BOM stripped), "utf-16", "cp1252", or a declared charset
    warnings: tuple[str, ...] = ()


def decode_article_bytes(data: bytes, *, declared_charset: str | None = None) -> DecodedText:
    """Decode an article file.  Offsets later index the returned text (BOM removed)."""
    if data.startswith(_UTF16_BOMS):
        return _decode_utf16(data)
    if b"\x00" in data:
        raise NotTextError("binary file (contains NUL bytes)")
    if data.startswith(_UTF8_BOM):
        try:
            text = data[len(_UTF8_BOM) :].decode("utf-8")
        except UnicodeDecodeError as err:
            raise NotTextError(f"starts with a UTF-8 BOM but is not valid UTF-8 ({err.reason})") from None
        return _checked(DecodedText(text, "utf-8-sig", (BOM_NOTE,)))
    try:
        return _checked(DecodedText(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    if declared_charset:
        decoded = _decode_declared(data, declared_charset)
        if decoded is not None:
            return _checked(decoded)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise NotTextError("not UTF-8 and not Windows-1252 text") from None
    warning = "not valid UTF-8; read as Windows-1252 (cp1252) - check accented characters"
    return _checked(DecodedText(text, "cp1252", (warning,)))


def declared_html_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its top, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _decode_utf16(data: bytes) -> DecodedText:
    try:
        text = data.decode("utf-16")  # consumes the BOM
    except UnicodeDecodeError as err:
        raise NotTextError(f"starts with a UTF-16 BOM but is not valid UTF-16 ({err.reason})") from None
    return _checked(DecodedText(text, "utf-16", (UTF16_NOTE,)))


def _decode_declared(data: bytes, charset: str) -> DecodedText | None:
    try:
        info = codecs.lookup(charset)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # base64, rot13, hex: codecs, not charsets
        return None
    codec = info.name
    if codec in ("utf-8", "cp1252", "latin-1", "iso8859-1"):
        return None  # utf-8 already failed; latin-1 pages are cp1252 in practice
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return DecodedText(text, codec, (f"read as {codec}, the charset the page declares",))


def _checked(decoded: DecodedText) -> DecodedText:
    """Reject decoded text that is mostly control characters (a binary file without NULs)."""
    text = decoded.text
    if text:
        sample = text[:65536]
        controls = len(_CONTROL.findall(sample))
        if controls / len(sample) > _MAX_CONTROL_SHARE:
            raise NotTextError("binary file (mostly control characters)")
    return decoded
