"""Rules about the narrative: footnotes, cross-references, characters and repeats."""

from __future__ import annotations

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


def _without_markers(assessment: Assessment) -> dict[tuple[str, int], str]:
    texts = {(loc, i): p for loc, paragraphs in _sections(assessment) for i, p in enumerate(paragraphs)}
    for marker in sorted(assessment.footnote_markers, key=lambda m: m.offset, reverse=True):
        key = (marker.location, marker.paragraph)
        text = texts.get(key)
        if text is None:
            continue
        end = marker.offset + len(str(marker.number))
        if text[marker.offset : end] == str(marker.number):
            texts[key] = text[: marker.offset] + text[end:]
    return texts


_HEAD_CHARS = 4 * MIN_DUPLICATE_CHARS


def _duplicate_key(text: str) -> str:
    """What two paragraphs must share to be the same: white space collapsed, stripped of
    ``" ,.;"`` and case-folded."""
    return " ".join(text.split()).strip(" ,.;").casefold()


def _bucket(text: str) -> tuple[str, str | None]:
    """The first :data:`MIN_DUPLICATE_CHARS` characters of :func:`_duplicate_key`, worked out
    from the paragraph's start alone when it is long enough (collapsing, left-stripping and
    case-folding the start gives the start of the key), with the whole key when it was
    needed for that."""
    head = " ".join(text[:_HEAD_CHARS].split()).lstrip(" ,.;").casefold()
    if len(head) > MIN_DUPLICATE_CHARS + 1:
        return head[:MIN_DUPLICATE_CHARS], None
    key = _duplicate_key(text)
    return key[:MIN_DUPLICATE_CHARS], key


@rule("duplicate-paragraph", Severity.WARNING, "the same paragraph stands twice (footnote markers ignored)")
def duplicate_paragraph(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    """Paragraphs are first grouped by the start of their key (linear, no pairwise
    comparison); the whole key is made only for paragraphs that share a start."""
    this = RULES["duplicate-paragraph"]
    texts = _without_markers(assessment)
    buckets = {place: _bucket(text) for place, text in texts.items()}
    sharing: dict[str, int] = {}
    for start, _ in buckets.values():
        sharing[start] = sharing.get(start, 0) + 1
    first_seen: dict[str, str] = {}
    for (location, index), text in texts.items():
        start, key = buckets[(location, index)]
        if sharing[start] < 2:
            continue
        key = key if key is not None else _duplicate_key(text)
        if len(key) < MIN_DUPLICATE_CHARS:
            continue
        if key in first_seen:
            yield this.finding(
                location,
                "paragraph {number} repeats a paragraph of {first}: {excerpt}…",
                number=index + 1,
                first=first_seen[key],
                excerpt=repr(text[:60]),
            )
        else:
            first_seen[key] = location


_LATIN_RUN = re.compile(r"[A-Za-z]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _latin_runs(paragraph: str) -> list[tuple[int, int]] | None:
    """Spans of the runs of Latin letters in ``paragraph``, found in its ASCII characters alone
    (a Cyrillic text is scanned at a fraction of its length); ``None`` when a run is broken
    by other characters, for the caller to scan the paragraph itself."""
    spans = []
    cursor = 0
    for run in _LATIN_RUN.findall(paragraph.encode("ascii", "ignore").decode("ascii")):
        # No Latin letter stands between the cursor and this run's first letter.
        start = paragraph.find(run[0], cursor)
        end = start + len(run)
        if paragraph[start:end] != run:
            return None
        spans.append((start, end))
        cursor = end
    return spans


def _mixed_words(paragraph: str) -> Iterator[str]:
    """Words of ``paragraph`` holding Latin and Cyrillic letters: each Latin run is checked
    for a Cyrillic letter in its word (a paragraph without Cyrillic is skipped in one scan)."""
    if paragraph.isascii() or not _CYRILLIC.search(paragraph):
        return
    spans = _latin_runs(paragraph)
    if spans is None:
        spans = [run.span() for run in _LATIN_RUN.finditer(paragraph)]
    reported_to = 0
    size = len(paragraph)
    for start, end in spans:
        if start < reported_to:
            continue
        before = paragraph[start - 1] if start else " "
        after = paragraph[end] if end < size else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            continue  # a whole word of Latin letters
        while start > 0 and (paragraph[start - 1].isalnum() or paragraph[start - 1] == "_"):
            start -= 1
        while end < size and (paragraph[end].isalnum() or paragraph[end] == "_"):
            end += 1
        word = paragraph[start:end]
        if _CYRILLIC.search(word):
            reported_to = end
            yield word


@rule("mixed-script", Severity.WARNING, "a word mixes Latin and Cyrillic letters")
def mixed_script(assessment: Assessment, context: CheckContext) -> Iterator[Finding]:
    this = RULES["mixed-script"]
    for location, paragraphs in _sections(assessment):
        for paragraph in paragraphs:
            for word in _mixed_words(paragraph):
                yield this.finding(location, "the word {word} mixes Latin and Cyrillic letters", word=repr(word))
