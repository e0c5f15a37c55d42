"""Rules about the narrative: footnotes, cross-references, characters and repeats."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from netfreedom.checks.registry import RULES, CheckContext, rule
from netfreedom.model.assessment import Assessment, Finding, Severity
from netfreedom.text.references import fold_lookalikes, has_lookalike

_SPACE = re.compile(r"\s+")
MIN_DUPLICATE_CHARS = 40


def _sections(assessment: Assessment) -> Iterator[tuple[str, list[str]]]:
    yield "overview", assessment.overview
    yield "key-developments", assessment.key_developments
    for indicator in assessment.indicators:
        yield indicator.id, indicator.paragraphs


@rule("footnote-sequence", Severity.WARNING, "footnote markers skip a number, repeat one or go backwards")
def footnote_sequence(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    this = RULES["footnote-sequence"]
    seen: set[int] = set()
    last = 0
    for marker in assessment.footnote_markers:
        number = marker.number
        if number == last + 1:  # the next number (most markers): never seen, as none above ``last`` is
            seen.add(number)
            last = number
            continue
        if number in seen:
            yield this.finding(marker.location, "footnote {number} appears again", number=number)
        elif number < last:
            yield this.finding(marker.location, "footnote {number} comes after {last}", number=number, last=last)
        elif number > last + 1:
            missing = f"{last + 1}" if number == last + 2 else f"{last + 1}-{number - 1}"
            yield this.finding(
                marker.location, "footnote {missing} is missing before {number}", missing=missing, number=number
            )
        seen.add(number)
        last = max(last, number)


@rule("cross-reference", Severity.WARNING, "a cross-reference points at an indicator that does not exist")
def cross_reference(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    this = RULES["cross-reference"]
    known = set(context.methodology.indicator_ids)
    located = [("key-developments", r) for r in assessment.key_developments_cross_references]
    located += [(i.id, r) for i in assessment.indicators for r in i.cross_references]
    for location, reference in located:
        if reference.target not in known:
            yield this.finding(location, "reference to {written}, which is not an indicator", written=reference.written)


@rule("lookalike-characters", Severity.WARNING, "an indicator id is typed with Cyrillic look-alike letters")
def lookalike_characters(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    this = RULES["lookalike-characters"]
    for indicator in assessment.indicators:
        heading_id = (indicator.heading or "")[:3]
        if has_lookalike(heading_id):
            yield this.finding(
                indicator.id, "heading {heading} types the id with Cyrillic letters", heading=repr(indicator.heading)
            )
    located = [("key-developments", r) for r in assessment.key_developments_cross_references]
    located += [(i.id, r) for i in assessment.indicators for r in i.cross_references]
    for location, reference in located:
        if reference.written != reference.target:
            letters = ", ".join(f"U+{ord(c):04X}" for c in reference.written if fold_lookalikes(c) != c)
            yield this.finding(
                location,
                "cross-reference {written} to {target} uses Cyrillic letters ({letters})",
                written=repr(reference.written),
                target=reference.target,
                letters=letters,
            )


def _marker_spans(assessment: Assessment) -> dict[tuple[str, int], list[tuple[int, str]]]:
    """``(offset, digits)`` of the footnote markers of each paragraph, in reading order."""
    spans: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for marker in assessment.footnote_markers:
        spans.setdefault((marker.location, marker.paragraph), []).append((marker.offset, str(marker.number)))
    return spans


def _without_markers(text: str, spans: list[tuple[int, str]], limit: int | None = None) -> str:
    """``text`` without the markers at ``spans`` (a span whose digits are not there is left
    alone); with ``limit``, only the start of that text, from ``text[:limit]`` (cut before a
    marker that runs over the limit)."""
    end_at = len(text) if limit is None else limit
    pieces: list[str] = []
    last = 0
    for offset, digits in sorted(spans):
        if offset < last:
            continue
        end = offset + len(digits)
        if end > end_at:
            if offset < end_at:
                end_at = offset
            break
        if text[offset:end] == digits:
            pieces.append(text[last:offset])
            last = end
    pieces.append(text[last:end_at])
    return "".join(pieces)


_HEAD_CHARS = 4 * MIN_DUPLICATE_CHARS


def _duplicate_key(text: str) -> str:
    """What two paragraphs must share to be the same: white space collapsed, stripped of
    ``" ,.;"`` and case-folded."""
    return " ".join(text.split()).strip(" ,.;").casefold()


_SHORT_HEAD = MIN_DUPLICATE_CHARS + 16
_FEW_PLACES = 8


def _bucket(head: str) -> str | None:
    """The first :data:`MIN_DUPLICATE_CHARS` characters of :func:`_duplicate_key` worked out
    from ``head``, the start of a paragraph (collapsing, left-stripping and case-folding the
    start gives the start of the key: tried on a short start first, as most paragraphs have
    single spaces), or ``None`` when the start is too short for that."""
    for size in (_SHORT_HEAD, len(head)):
        start = " ".join(head[:size].split()).lstrip(" ,.;").casefold()
        if len(start) > MIN_DUPLICATE_CHARS + 1:
            return start[:MIN_DUPLICATE_CHARS]
        if size >= len(head):
            break
    return None


@rule("duplicate-paragraph", Severity.WARNING, "the same paragraph stands twice (footnote markers ignored)")
def duplicate_paragraph(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    """Paragraphs are first grouped by the start of their key, made from their first
    :data:`_HEAD_CHARS` characters (linear, no pairwise comparison); the whole key is made
    only for paragraphs that share a start. The markers' spans (:func:`_marker_spans`) are
    worked out only when a paragraph needs them: most have no marker in their first
    :data:`_SHORT_HEAD` characters, and their start is made from those alone."""
    this = RULES["duplicate-paragraph"]
    markers = assessment.footnote_markers
    early = {(marker.location, marker.paragraph) for marker in markers if marker.offset < _SHORT_HEAD}
    found_spans: dict[tuple[str, int], list[tuple[int, str]]] = {}
    all_spans: list[dict[tuple[str, int], list[tuple[int, str]]]] = []

    def spans_of(place: tuple[str, int]) -> list[tuple[int, str]]:
        # The markers of a few paragraphs are picked out one paragraph at a time; past
        # _FEW_PLACES paragraphs, every paragraph's at once (linear either way).
        if all_spans:
            return all_spans[0].get(place, [])
        if place not in found_spans:
            if len(found_spans) >= _FEW_PLACES:
                all_spans.append(_marker_spans(assessment))
                return all_spans[0].get(place, [])
            location, paragraph = place
            found_spans[place] = [
                (marker.offset, str(marker.number))
                for marker in markers
                if marker.paragraph == paragraph and marker.location == location
            ]
        return found_spans[place]

    places: list[tuple[str, int, str, str]] = []  # location, index, text, start of its key
    sharing: dict[str, int] = {}
    for location, paragraphs in _sections(assessment):
        for index, text in enumerate(paragraphs):
            start = None
            if (location, index) not in early:
                # No marker in the first characters: the start of the key from them alone (most paragraphs).
                head = text[:_SHORT_HEAD]
                if "  " not in head and head.isprintable():  # single spaces and no other white space
                    quick = head.strip(" ").lstrip(" ,.;").casefold()
                else:
                    quick = " ".join(head.split()).lstrip(" ,.;").casefold()
                if len(quick) > MIN_DUPLICATE_CHARS + 1:
                    start = quick[:MIN_DUPLICATE_CHARS]
            if start is None:
                marks = spans_of((location, index)) if markers else []
                head = text[:_HEAD_CHARS] if not marks else _without_markers(text, marks, _HEAD_CHARS)
                start = _bucket(head)
                if start is None:
                    start = _duplicate_key(_without_markers(text, marks))[:MIN_DUPLICATE_CHARS]
            places.append((location, index, text, start))
            sharing[start] = sharing.get(start, 0) + 1
    first_seen: dict[str, str] = {}
    for location, index, text, start in places:
        if sharing[start] < 2:
            continue
        stripped = _without_markers(text, spans_of((location, index))) if markers else text
        key = _duplicate_key(stripped)
        if len(key) < MIN_DUPLICATE_CHARS:
            continue
        if key in first_seen:
            yield this.finding(
                location,
                "paragraph {number} repeats a paragraph of {first}: {excerpt}…",
                number=index + 1,
                first=first_seen[key],
                excerpt=repr(stripped[:60]),
            )
        else:
            first_seen[key] = location


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_AS_A = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZbcdefghijklmnopqrstuvwxyz", b"a" * 51)
_CODED_TOUCHING_RUN = re.compile(rb"a(?<!aa)(?:(?<=[0-9_?]a)a*+|a*+(?=[0-9_?]))")
"""A whole run of Latin letters next to a digit, ``_`` or ``?``, in the text coded one byte a
character: ASCII as it is, every other character as ``?`` (``str.encode("ascii",
"replace")``), every Latin letter as ``a`` (:data:`_LATIN_AS_A`). Every run that shares its
word with another character is one of them (the others stand between spaces or ASCII
punctuation); the pattern starts with one literal byte, which the engine skips to in a tight
loop."""


def _mixed_words(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, word)`` of the words of ``text`` holding Latin and Cyrillic letters: each
    Latin run that shares its word with another character (:data:`_CODED_TOUCHING_RUN`) is
    checked for a Cyrillic letter in its word (a text without Cyrillic is skipped in one
    scan)."""
    if text.isascii() or not _CYRILLIC.search(text):
        return
    coded = text.encode("ascii", "replace").translate(_LATIN_AS_A)
    reported_to = 0
    size = len(text)
    for run in _CODED_TOUCHING_RUN.finditer(coded):
        start, end = run.span()
        if start < reported_to:
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < size else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            continue  # a whole word of Latin letters
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        while end < size and (text[end].isalnum() or text[end] == "_"):
            end += 1
        word = text[start:end]
        if _CYRILLIC.search(word):
            reported_to = end
            yield start, word


@rule("mixed-script", Severity.WARNING, "a word mixes Latin and Cyrillic letters")
def mixed_script(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    """Every paragraph is scanned at once, joined by line breaks (no word runs over one); a
    word found is placed in its paragraph's section by its offset."""
    this = RULES["mixed-script"]
    locations: list[str] = []
    paragraphs: list[str] = []
    for location, section in _sections(assessment):
        locations += [location] * len(section)
        paragraphs += section
    starts: list[int] = []  # where each paragraph starts in the joined text: worked out at the first word found
    for at, word in _mixed_words("\n".join(paragraphs)):
        if not starts:
            starts = list(itertools.accumulate((len(paragraph) + 1 for paragraph in paragraphs[:-1]), initial=0))
        location = locations[bisect.bisect_right(starts, at) - 1]
        yield this.finding(location, "the word {word} mixes Latin and Cyrillic letters", word=repr(word))
