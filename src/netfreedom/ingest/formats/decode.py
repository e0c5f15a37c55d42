"""Turn the bytes of a report file into text.

Accepted: UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when the NUL
pattern gives the byte order away), CP1251, and CP1252 when CP1251 would mix scripts; line endings LF, CRLF or CR. Anything else —
empty input, binary data — raises :class:`UnreadableInputError` with a one-line reason.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from netfreedom.errors import UnreadableInputError

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


@dataclass(frozen=True)
class DecodedText:
    """Decoded report text (LF line endings) and the name of the encoding used."""

    text: str
    encoding: str


_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b < 32 and chr(b) not in _CONTROL_OK))
"""Every byte but a control character's: deleting them leaves the control characters (UTF-8
encodes U+0000-U+001F as those bytes alone, and no other character holds one)."""


def _looks_binary(text: str, *, may_hold_nul: bool = True) -> bool:
    """True when ``text`` holds a NUL (looked for only when ``may_hold_nul``: text decoded from
    bytes without a NUL byte by UTF-8 or a single-byte code has none) or more control
    characters than one in 200 of its first 20,000 characters."""
    if may_hold_nul and "\x00" in text:
        return True
    sample = text[:20000]
    controls = len(sample.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL_BYTES))
    return controls > max(2, len(sample) // 200)


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None  # without a NUL byte neither side has any
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    # Text in UTF-16 has NUL high bytes for every ASCII character (spaces, digits,
    # punctuation) on one side only: odd offsets for little-endian, even for big-endian.
    if odd_nuls > half * 0.05 and even_nuls <= odd_nuls * 0.1:
        candidate = "utf-16-le"
    elif even_nuls > half * 0.05 and odd_nuls <= even_nuls * 0.1:
        candidate = "utf-16-be"
    else:
        return None
    try:
        data.decode(candidate)
    except UnicodeDecodeError:
        return None
    return candidate


_WORD = re.compile(r"[^\W\d_]+")


def _mixed_words(text: str) -> int:
    """Words that mix Latin and Cyrillic letters: rare in real text, common when Western
    European text (CP1252, Latin-1) is decoded as CP1251 ("Cafй", "Sгo")."""
    count = 0
    for word in _WORD.findall(text):
        if any("\u0400" <= ch <= "\u04ff" for ch in word) and any(ch.isascii() for ch in word):
            count += 1
    return count


def _single_byte(data: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF-8 as CP1251 (Cyrillic) or, when that yields words mixing
    Latin and Cyrillic letters, as CP1252 (Western European). Raises
    :class:`UnreadableInputError` when neither fits."""
    cyrillic = data.decode("cp1251", errors="replace")
    if _looks_binary(cyrillic, may_hold_nul=b"\x00" in data):
        raise UnreadableInputError("the file looks binary, not text")
    mixed = _mixed_words(cyrillic)
    if mixed > 2:
        western = data.decode("cp1252", errors="replace")
        if "\ufffd" not in western and _mixed_words(western) < mixed:
            return western, "cp1252"
    if "\ufffd" in cyrillic:
        raise UnreadableInputError("the file is neither UTF-8, UTF-16, CP1251 nor CP1252 text")
    return cyrillic, "cp1251"


def decode_report(data: bytes) -> DecodedText:
    """Decode report bytes; raises :class:`UnreadableInputError` for empty or binary input."""
    if not data.strip(b" \t\r\n\x00"):
        raise UnreadableInputError("the file is empty")
    encoding: str | None = None
    may_hold_nul = True
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8-sig", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _utf16_without_bom(data)
    if encoding is not None:
        try:
            text = data.decode("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError as exc:
            raise UnreadableInputError(f"the file claims {encoding} but does not decode as it") from exc
    elif b"\x00" in data:
        raise UnreadableInputError("the file looks binary, not text")
    else:
        may_hold_nul = False  # no NUL byte, so no NUL character either way
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _single_byte(data)
    if _looks_binary(text, may_hold_nul=may_hold_nul):
        raise UnreadableInputError("the file looks binary, not text")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.lstrip("\ufeff")
    return DecodedText(text=text, encoding=encoding)
