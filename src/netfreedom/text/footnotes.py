"""Find footnote markers glued into report text.

Published reports glue footnote numbers to the text: ``word1 ,``, ``sentence.2``,
``list,26 .``. Numbers that belong to the text ("COVID-19", "85,9%", "(0-6)", "A3",
"Tele2") look alike, so each candidate is classed by what precedes it:

* *strong*: after sentence punctuation that follows a non-digit (``word.7``, ``word,8``);
* *weak*: glued to a letter (``word7``) or after punctuation that follows a digit
  (``COVID-19.15``) — accepted only when it is exactly the next expected number;
* *never*: after ``(``, a dash, a slash or ``№``; an indicator-like id (``A3``, also glued
  to a word as in ``(see A3andB1)``); followed by ``%``, a dash or a decimal part; the
  decimal part of a number followed by a lower-case word (``3.5 times``).

A number in square brackets (``word.[1]``, ``word [12]``) is a marker printed in brackets:
strong. A year before the sentence's full stop (``in June 2024.1``) is weak, like any number
after punctuation that follows a digit.

A strong candidate may also open a small gap (up to :data:`MAX_GAP` numbers skipped) or
repeat one of the last :data:`MAX_BACK` numbers, so that the ``footnote-sequence`` check can
report gaps, repeats and disorder near where they happen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_GAP = 3
MAX_BACK = 3

_CANDIDATE = re.compile(r"(?<=[^\s\d])(\d{1,3})(?![\d%/\-–])(?![^\W\d_])(?![.,]\d)")
_NEVER_BEFORE = set("(-–—/№#$+€£[{<=")
_STRONG_BEFORE = set(".,;:!?»\")'”’…")
_ID_LETTERS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZАВСЕКМНОРТХ")
_MARKER_WITH_SPACE = re.compile(r"(?<=[^\s\d])\d{1,3}(?= [,.;:])")


@dataclass(frozen=True)
class MarkerHit:
    """A footnote marker: its number and the character offset where its digits start."""

    number: int
    offset: int


def _strength(text: str, start: int, end: int) -> str:
    prev = text[start - 1]
    before_prev = text[start - 2] if start >= 2 else " "
    if prev == "[" and text[end : end + 1] == "]":
        return "strong"
    if prev in _NEVER_BEFORE:
        return "never"
    if prev.isalpha():
        if prev in _ID_LETTERS and (not before_prev.isalpha() or before_prev.islower()):
            return "never"
        return "weak"
    if prev in _STRONG_BEFORE:
        if before_prev.isdigit():
            # "3.5 times", "16,4 млн": a decimal goes on with a lower-case word;
            # "COVID-19.15 Next" ends a sentence, so its number may be a marker.
            rest = text[start:].lstrip("0123456789")
            if rest[:1] == " " and rest[1:2].islower():
                return "never"
            return "weak"
        return "strong"
    return "weak"


class FootnoteScanner:
    """Walks the paragraphs of one report in reading order, keeping the expected number.

    Call :meth:`scan` on each paragraph in order; the scanner remembers the last marker.
    """

    def __init__(self) -> None:
        self.last = 0
        self._recent: list[int] = []

    def scan(self, paragraph: str) -> list[MarkerHit]:
        """Markers in ``paragraph``, in order of appearance."""
        hits: list[MarkerHit] = []
        for match in _CANDIDATE.finditer(paragraph):
            value = int(match.group(1))
            strength = _strength(paragraph, match.start(), match.end())
            expected = self.last + 1
            accept = value == expected and strength != "never"
            if not accept and strength == "strong" and value > 0:
                accept = expected < value <= expected + MAX_GAP or value in self._recent[-MAX_BACK:]
            if accept:
                hits.append(MarkerHit(value, match.start()))
                self.last = max(self.last, value)
                self._recent.append(value)
        return hits


def strip_markers(paragraph: str, hits: list[MarkerHit]) -> str:
    """``paragraph`` without its footnote markers (and the space some leave before ``,``)."""
    out = paragraph
    for hit in sorted(hits, key=lambda h: h.offset, reverse=True):
        end = hit.offset + len(str(hit.number))
        if out[end : end + 1] == " " and out[end + 1 : end + 2] in {",", ".", ";", ":"}:
            end += 1
        out = out[: hit.offset] + out[end:]
    return out
