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

_CANDIDATE = re.compile(r"[0-9](?<![\s0-9][0-9])[0-9]{0,2}+(?![\d%/\-–])(?![^\W\d_])(?![.,]\d)")
"""A whole run of one to three ASCII digits that may be a marker: not after white space or
another digit (the look-behind), not followed by a further digit (so a longer run, such as a
year, never matches, nor does a piece of it), a letter, ``%``, ``/`` or a dash;
:func:`_candidates` checks the character before it. :func:`_candidates` finds the same runs
with :data:`_CODED_CANDIDATE`, several times faster."""
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_CODED_CANDIDATE = re.compile(
    rb"0(?<![\t-\r\x1c- 0(\-/#$+{<=]0)(?<![^A-Z?][A-Z]0)"
    rb"(?:(?<=[^0][.,;:!\")']0)(0{0,2}+)(?![.,]?\?)|0{0,2}+)(?![0%/\-A-Za-z])(?![.,]0)"
)
""":data:`_CANDIDATE` over the text coded one byte a character: ASCII as it is, every other
character as ``?`` (``str.encode("ascii", "replace")``), every digit as ``0``
(:data:`_DIGITS_AS_ZERO`). The pattern then starts with one literal byte, which the engine
skips to in a tight loop (a character range is tested at every position, 15 times slower
over a Cyrillic text). It matches every run :data:`_CANDIDATE` matches, at the same place,
and more only where a neighbour of the run is not ASCII (a ``?``): :func:`_candidates` tests
those neighbours in the text itself (a non-ASCII space before; a letter, digit or dash
after). Runs that are never markers whatever the text around them are left out here too:
after ASCII punctuation that rules a marker out (:data:`_NEVER_BEFORE`, but ``[``), and after an
id-like capital that follows no capital (``A3``, ``(see A3``, ``wordB1``: :func:`_strength`). Group 1 takes part when the run is almost certainly a strong candidate (ASCII sentence
punctuation after a character that is not an ASCII digit before it, no ``?`` after it): most
markers, classed with one look at the text (is the character before the punctuation a
digit that is not ASCII?)."""
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


def _fenwick_paths(size: int) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """For a Fenwick tree over nodes ``1..size``: the nodes a prefix query up to node ``u``
    reads (``u``, then down by the lowest set bit), and the nodes an update at node ``u``
    writes (``u``, then up by the lowest set bit while ``<= size``), for every ``u`` (index
    0 empty). Worked out once, so that the sequence fit loops over a tuple."""
    queries: list[tuple[int, ...]] = [()]
    updates: list[tuple[int, ...]] = [()]
    for start in range(1, size + 1):
        path, node = [], start
        while node > 0:
            path.append(node)
            node -= node & -node
        queries.append(tuple(path))
        path, node = [], start
        while node <= size:
            path.append(node)
            node += node & -node
        updates.append(tuple(path))
    return queries, updates


_QUERY_PATHS, _UPDATE_PATHS = _fenwick_paths(_MAX_NUMBER)


_Candidate = tuple[int, int, int, bool]
"""A candidate marker: (paragraph index, number, offset, strong)."""


def _candidates(paragraphs: Sequence[str]) -> list[_Candidate]:
    """Every candidate marker of ``paragraphs`` with its strength (:func:`_strength`), found
    in one scan of the paragraphs joined by line breaks (a candidate is a run of digits, so it
    never spans a break, and a break before it is white space, as the start of a paragraph
    is); the common cases (a letter or sentence punctuation after a non-digit before the
    digits) are decided here without a call."""
    found: list[_Candidate] = []
    append = found.append
    strong_before, id_letters = _STRONG_BEFORE, _ID_LETTERS
    joined = "\n".join(paragraphs)
    coded = joined.encode("ascii", "replace").translate(_DIGITS_AS_ZERO)
    # The paragraph a candidate stands in starts at ``paragraph_start``; the next one at ``next_start``.
    paragraph_index, paragraph_start, next_start = -1, 0, 0
    sizes = iter(map(len, paragraphs))
    for match in _CODED_CANDIDATE.finditer(coded):
        start, end = match.span()
        if match.lastindex and not joined[start - 2].isdigit():  # strong (:data:`_CODED_CANDIDATE`)
            number = int(joined[start:end])
            if number:
                while start >= next_start:
                    paragraph_index, paragraph_start = paragraph_index + 1, next_start
                    next_start += next(sizes) + 1
                append((paragraph_index, number, start - paragraph_start, True))
            continue
        if not start:
            continue  # the first digits of the first paragraph (those of the others follow a line break)
        after = joined[end : end + 1]
        if after > "\x7f" and (after.isalnum() or after == "–"):
            continue  # a letter, a digit or a dash that is not ASCII (``?`` in the coded text)
        if after in ".," and joined[end + 1 : end + 2] > "\x7f" and joined[end + 1].isdecimal():
            continue
        number = int(joined[start:end])
        if number == 0:
            continue
        prev = joined[start - 1]
        while start >= next_start:
            paragraph_index, paragraph_start = paragraph_index + 1, next_start
            next_start += next(sizes) + 1
        offset = start - paragraph_start
        before_prev = joined[start - 2] if offset >= 2 else " "
        if prev in strong_before and not before_prev.isdigit():
            append((paragraph_index, number, offset, True))
        elif prev.isalpha():
            if prev not in id_letters or (before_prev.isalpha() and not before_prev.islower()):
                append((paragraph_index, number, offset, False))
        elif not prev.isspace():  # a space that is not ASCII (``?`` in the coded text)
            strength = _strength(paragraphs[paragraph_index], offset, offset + end - start)
            if strength:
                append((paragraph_index, number, offset, strength == _STRONG))
    return found


def find_markers(paragraphs: Sequence[str]) -> list[list[MarkerHit]]:
    """The footnote markers of a report's ``paragraphs`` (in reading order), per paragraph
    (:func:`kept_markers` grouped by paragraph)."""
    hits: list[list[MarkerHit]] = [[] for _ in paragraphs]
    for paragraph, number, offset in kept_markers(paragraphs):
        hits[paragraph].append(MarkerHit(number, offset))
    return hits


def kept_markers(paragraphs: Sequence[str]) -> list[tuple[int, int, int]]:
    """``(paragraph index, number, character offset)`` of every footnote marker of a report's
    ``paragraphs`` (in reading order), in reading order.

    One pass collects the candidates; a dynamic programme over them (``O(n log 1000)``)
    keeps the best-fitting increasing sequence (module docstring), then strong repeats of
    one of the last :data:`MAX_BACK` kept numbers are added back.
    """
    candidates = _candidates(paragraphs)
    # back[i]: the candidate before candidate i in the best-fitting sequence ending with it.
    back = [-1] * len(candidates)
    # A Fenwick tree over marker numbers u (index u + 1) holds the best score + _SKIP_COST * u
    # among numbers <= u, and the candidate it ends with, so that a jump to v costs
    # _SKIP_COST * (v - u - 1) when subtracted again. Two flat lists, worked inline: the
    # loop runs for every candidate of the report.
    size = _MAX_NUMBER
    tree_value = [_NEVER_FIT] * (size + 1)
    tree_at = [-1] * (size + 1)
    for node in _UPDATE_PATHS[1]:  # number 0 ends the empty sequence: score 0
        tree_value[node] = 0.0
    query_paths, update_paths = _QUERY_PATHS, _UPDATE_PATHS
    best_at: dict[int, tuple[float, int]] = {0: (0.0, -1)}
    for index, (_, number, _, strong) in enumerate(candidates):
        if strong:
            before, at = _NEVER_FIT, -1  # numbers <= number - 1
            for node in query_paths[number]:
                if tree_value[node] > before:
                    before, at = tree_value[node], tree_at[node]
            value = before - _SKIP_COST * (number - 1) + _STRONG_GAIN
        else:
            value, at = _NEVER_FIT, -1
            for skipped, previous in enumerate((number - 1, number - 2)):
                if previous in best_at:
                    option = best_at[previous][0] + _WEAK_GAIN - _SKIP_COST * skipped
                    if option > value:
                        value, at = option, best_at[previous][1]
        if value == _NEVER_FIT:
            continue
        back[index] = at
        if value > best_at.get(number, (_NEVER_FIT, -1))[0]:
            best_at[number] = (value, index)
            stored = value + _SKIP_COST * number
            for node in update_paths[number + 1]:
                if stored > tree_value[node]:
                    tree_value[node], tree_at[node] = stored, index
    end, best = -1, 0.0
    for number_best, candidate_index in best_at.values():
        if candidate_index >= 0 and number_best > best:
            best, end = number_best, candidate_index
    chosen: set[int] = set()
    while end >= 0:
        chosen.add(end)
        end = back[end]
    _chain_back(candidates, chosen)
    kept: list[tuple[int, int, int]] = []
    recent: list[int] = []
    for index, (paragraph, number, offset, strong) in enumerate(candidates):
        if index in chosen:
            kept.append((paragraph, number, offset))
            recent.append(number)
        elif strong and number in recent[-MAX_BACK:]:
            kept.append((paragraph, number, offset))
    return kept


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
