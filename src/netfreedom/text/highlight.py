"""Highlighted snippets of a paragraph for search results: escaped HTML, hits in ``<mark>``."""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from netfreedom.text.stemming import WORD, stem

SNIPPET_CHARS = 300
"""About how many characters a snippet keeps."""

_OPEN, _CLOSE = "\x01", "\x02"


def highlight(
    paragraph: str, query_stems: Iterable[str], width: int = SNIPPET_CHARS, stems: Sequence[str] | None = None
) -> str:
    """HTML snippet of ``paragraph``: escaped, matching words in ``<mark>``.

    Keeps about ``width`` characters, starting a little before the first word whose
    :func:`stem` is in ``query_stems`` (from the start when none is), cut at word edges,
    with ``…`` where text was left out. The result holds no markup but ``<mark>``.
    ``stems`` may give the stem of every word of ``paragraph`` in order (the search index
    stores them: ``stems_of(paragraph)``), which saves stemming each word again; when their
    number is not the number of words they are ignored and the words are stemmed here.
    """
    wanted = set(query_stems)
    words = list(WORD.finditer(paragraph))
    if stems is None or len(stems) != len(words):
        stems = [stem(m.group()) for m in words]
    first = next((i for i, s in enumerate(stems) if s in wanted), None)
    first_hit = words[first] if first is not None else None
    start, end = _window(paragraph, words, first_hit, width)
    # mark the hits with two characters no paragraph keeps, escape, then make them tags
    # (words hold only letters and digits, so escaping never changes them)
    across = WORD.match(paragraph, end - 1) if 0 < end < len(paragraph) else None  # a word cut at the end
    if (
        (across is not None and across.end() > end) or _OPEN in paragraph or _CLOSE in paragraph
    ):  # rare: words found again in the cut text
        shown = paragraph[start:end].replace(_OPEN, "").replace(_CLOSE, "")
        marked = WORD.sub(lambda m: f"{_OPEN}{m.group()}{_CLOSE}" if stem(m.group()) in wanted else m.group(), shown)
        return _finish(marked, start, end, len(paragraph))
    pieces: list[str] = []
    position = start
    for index in range(first if first is not None else len(words), len(words)):
        match = words[index]
        if match.end() > end:
            break
        if stems[index] in wanted and match.start() >= start:
            pieces += (paragraph[position : match.start()], _OPEN, match.group(), _CLOSE)
            position = match.end()
    pieces.append(paragraph[position:end])
    return _finish("".join(pieces), start, end, len(paragraph))


def _finish(marked: str, start: int, end: int, length: int) -> str:
    """The snippet's HTML from its text with hits between ``_OPEN`` and ``_CLOSE``."""
    body = html.escape(marked).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    return ("…" if start > 0 else "") + body.strip() + ("…" if end < length else "")


def _window(paragraph: str, words: list[re.Match[str]], first_hit: re.Match[str] | None, width: int) -> tuple[int, int]:
    """Start and end offsets of the snippet: whole words, the first hit inside."""
    if len(paragraph) <= width:
        return 0, len(paragraph)
    anchor = first_hit.start() if first_hit is not None else 0
    start = max(0, min(anchor - width // 3, len(paragraph) - width))
    end = start + width
    # words are in order, so their starts and ends are sorted: bisect instead of a walk over all
    at = bisect_left(words, start, key=re.Match.start)  # the first word starting at or after start
    if start != 0:
        start = words[at].start() if at < len(words) and words[at].start() <= anchor else anchor
    last = bisect_right(words, end, key=re.Match.end) - 1  # the last word ending at or before end
    must_end = first_hit.end() if first_hit is not None else 0
    end = max(words[last].end() if last >= 0 else end, must_end)
    return start, min(end, len(paragraph))
