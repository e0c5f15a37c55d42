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

Markers are chosen for the whole report at once (:func:`find_markers`): of all candidates in
reading order, the increasing sequence that best fits "each marker is the previous one plus
one" — a strong candidate may skip numbers at a cost per skipped number, a weak one may skip
at most one; after a gap, weak candidates that lead number by number up to the next kept
marker are kept too — so that a lost paragraph or marker costs only its own numbers and the
``footnote-sequence`` check names exactly those (every single-paragraph loss of the seed is
tested). A decimal comma before a unit (``20,6 Мбит/с``) is never a marker. A strong candidate repeating one of the last
:data:`MAX_BACK` numbers is kept as a repeat, for that check to report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

MAX_BACK = 3

_CANDIDATE = re.compile(r"[0-9]+(?![\d%/\-–])(?![^\W\d_])(?![.,]\d)")
"""A whole run of ASCII digits that may be a marker (the look-ahead for a digit keeps a shorter
piece of a run from matching); :func:`_candidates` keeps runs of one to three digits whose
preceding character is not a space, and checks that character. A pattern that starts with a
character range is scanned several times faster than one that starts with a look-behind, and
``[0-9]`` faster than ``\\d`` (which tests every character's Unicode category)."""
_NEVER_BEFORE = set("(-–—/№#$+€£[{<=")
_STRONG_BEFORE = set(".,;:!?»\")'”’…")
_ID_LETTERS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZАВСЕКМНОРТХ")
_MARKER_WITH_SPACE = re.compile(r"(?<=[^\s\d])\d{1,3}(?= [,.;:])")


class MarkerHit(NamedTuple):
    """A footnote marker: its number and the character offset where its digits start
    (a named tuple: hundreds are made per report)."""

    number: int
    offset: int


_NEVER, _WEAK, _STRONG = 0, 1, 2
"""Strengths of a candidate (module docstring)."""


def _strength(text: str, start: int, end: int) -> int:
    prev = text[start - 1]
    before_prev = text[start - 2] if start >= 2 else " "
    if prev == "[" and text[end : end + 1] == "]":
        return _STRONG
    if prev in _NEVER_BEFORE:
        return _NEVER
    if prev.isalpha():
        if prev in _ID_LETTERS and (not before_prev.isalpha() or before_prev.islower()):
            return _NEVER
        return _WEAK
    if prev in _STRONG_BEFORE:
        if before_prev.isdigit():
            # "3.5 times", "16,4 млн": a decimal goes on with a lower-case word;
            # "COVID-19.15 Next" ends a sentence, so its number may be a marker.
            rest = text[start : end + 2].lstrip("0123456789")  # two characters after the number are enough
            if rest[:1] == " " and (rest[1:2].islower() or (prev == "," and rest[1:2].isalpha())):
                return _NEVER  # "3.5 times", and a decimal comma before a unit: "20,6 Мбит/с"
            return _WEAK
        return _STRONG
    return _WEAK


_STRONG_GAIN = 2.0
_WEAK_GAIN = 1.0
_SKIP_COST = 0.5
"""Scores of the sequence fit: what a strong or weak marker adds, what each skipped number costs."""
_MAX_NUMBER = 1000
_NEVER_FIT = float("-inf")


_Candidate = tuple[int, int, int, bool]
"""A candidate marker: (paragraph index, number, offset, strong)."""


def _candidates(paragraphs: Sequence[str]) -> list[_Candidate]:
    """Every candidate marker of ``paragraphs`` with its strength (:func:`_strength`); the
    common cases (a space before the digits, a letter or sentence punctuation after a
    non-digit) are decided here without a call."""
    found: list[_Candidate] = []
    append = found.append
    finditer = _CANDIDATE.finditer
    strong_before, id_letters = _STRONG_BEFORE, _ID_LETTERS
    for paragraph_index, paragraph in enumerate(paragraphs):
        for match in finditer(paragraph):
            start, end = match.span()
            if start == 0 or end - start > 3:
                continue
            prev = paragraph[start - 1]
            if prev.isspace():
                continue
            number = int(match.group())
            if number == 0:
                continue
            before_prev = paragraph[start - 2] if start >= 2 else " "
            if prev in strong_before and not before_prev.isdigit():
                append((paragraph_index, number, start, True))
            elif prev.isalpha():
                if prev not in id_letters or (before_prev.isalpha() and not before_prev.islower()):
                    append((paragraph_index, number, start, False))
            else:
                strength = _strength(paragraph, start, end)
                if strength:
                    append((paragraph_index, number, start, strength == _STRONG))
    return found


def find_markers(paragraphs: Sequence[str]) -> list[list[MarkerHit]]:
    """The footnote markers of a report's ``paragraphs`` (in reading order), per paragraph.

    One pass collects the candidates; a dynamic programme over them (``O(n log 1000)``)
    keeps the best-fitting increasing sequence (module docstring), then strong repeats of
    one of the last :data:`MAX_BACK` kept numbers are added back.
    """
    candidates = _candidates(paragraphs)
    # score[i]: best fit of a sequence ending with candidate i; back[i]: the candidate before it.
    score = [0.0] * len(candidates)
    back = [-1] * len(candidates)
    # A Fenwick tree over marker numbers u (index u + 1) holds the best score + _SKIP_COST * u
    # among numbers <= u, and the candidate it ends with, so that a jump to v costs
    # _SKIP_COST * (v - u - 1) when subtracted again. Two flat lists, worked inline: the
    # loop runs for every candidate of the report.
    size = _MAX_NUMBER
    tree_value = [_NEVER_FIT] * (size + 1)
    tree_at = [-1] * (size + 1)
    node = 1
    while node <= size:  # number 0 ends the empty sequence: score 0
        if tree_value[node] < 0.0:
            tree_value[node], tree_at[node] = 0.0, -1
        node += node & -node
    best_at: dict[int, tuple[float, int]] = {0: (0.0, -1)}
    for index, (_, number, _, strong) in enumerate(candidates):
        if strong:
            node, before, at = number, _NEVER_FIT, -1  # numbers <= number - 1
            while node > 0:
                if tree_value[node] > before:
                    before, at = tree_value[node], tree_at[node]
                node -= node & -node
            value = before - _SKIP_COST * (number - 1) + _STRONG_GAIN
        else:
            value, at = _NEVER_FIT, -1
            for skipped, previous in enumerate((number - 1, number - 2)):
                if previous in best_at:
                    option = best_at[previous][0] + _WEAK_GAIN - _SKIP_COST * skipped
                    if option > value:
                        value, at = option, best_at[previous][1]
        if value == _NEVER_FIT:
            score[index] = value
            continue
        score[index], back[index] = value, at
        if value > best_at.get(number, (_NEVER_FIT, -1))[0]:
            best_at[number] = (value, index)
            stored, node = value + _SKIP_COST * number, number + 1
            while node <= size:
                if stored > tree_value[node]:
                    tree_value[node], tree_at[node] = stored, index
                node += node & -node
    end, best = -1, 0.0
    for number_best, candidate_index in best_at.values():
        if candidate_index >= 0 and number_best > best:
            best, end = number_best, candidate_index
    chosen: set[int] = set()
    while end >= 0:
        chosen.add(end)
        end = back[end]
    _chain_back(candidates, chosen)
    hits: list[list[MarkerHit]] = [[] for _ in paragraphs]
    recent: list[int] = []
    for index, (paragraph, number, offset, strong) in enumerate(candidates):
        kept = index in chosen or (strong and number in recent[-MAX_BACK:])
        if kept:
            hits[paragraph].append(MarkerHit(number, offset))
            if index in chosen:
                recent.append(number)
    return hits


def _chain_back(candidates: list[_Candidate], chosen: set[int]) -> None:
    """Add to ``chosen`` the weak candidates that lead, number by number, up to a kept marker
    after a gap: a weak candidate is trusted when it is exactly the number before the next
    marker as much as when it is exactly the number after the previous one, so that a lost
    paragraph costs only its own numbers and not the weak markers that follow it."""
    kept = sorted(chosen)
    previous_number, previous_index = 0, -1
    for index in kept:
        number = candidates[index][1]
        if number > previous_number + 1:
            wanted = number - 1
            for earlier in range(index - 1, previous_index, -1):
                if wanted <= previous_number:
                    break
                if candidates[earlier][1] == wanted:
                    chosen.add(earlier)
                    wanted -= 1
        previous_number, previous_index = max(previous_number, number), index


def strip_markers(paragraph: str, hits: list[MarkerHit]) -> str:
    """``paragraph`` without its footnote markers (and the space some leave before ``,``)."""
    out = paragraph
    for hit in sorted(hits, key=lambda h: h.offset, reverse=True):
        end = hit.offset + len(str(hit.number))
        if out[end : end + 1] == " " and out[end + 1 : end + 2] in {",", ".", ";", ":"}:
            end += 1
        out = out[: hit.offset] + out[end:]
    return out
