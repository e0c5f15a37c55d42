"""Turn the bytes of a report file into text.

Accepted: UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when the NUL
pattern gives the byte order away), CP1251; line endings LF, CRLF or CR. Anything else —
empty input, binary data — raises :class:`UnreadableInputError` with a one-line reason.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from .errors import UnreadableInputError

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


@dataclass(frozen=True)
class DecodedText:
    """Decoded report text (LF line endings) and the name of the encoding used."""

    text: str
    encoding: str


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _CONTROL_OK)
    return controls > max(2, len(sample) // 200)


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
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


def decode_report(data: bytes) -> DecodedText:
    """Decode report bytes; raises :class:`UnreadableInputError` for empty or binary input."""
    if not data.strip(b" \t\r\n\x00"):
        raise UnreadableInputError("the file is empty")
    encoding: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8-sig", data[len(codecs.BOM_UTF8):]
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
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1251", errors="replace"), "cp1251"
            if _looks_binary(text):
                raise UnreadableInputError("the file looks binary, not text") from None
            if "\ufffd" in text:
                raise UnreadableInputError("the file is neither UTF-8, UTF-16 nor CP1251 text") from None
    if _looks_binary(text):
        raise UnreadableInputError("the file looks binary, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return DecodedText(text=text, encoding=encoding)
