"""Highlighted snippets of a paragraph for search results: escaped HTML, hits in ``<mark>``."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from netfreedom.text.stemming import WORD, stem

SNIPPET_CHARS = 300
"""About how many characters a snippet keeps."""

_OPEN, _CLOSE = "\x01", "\x02"


def highlight(paragraph: str, query_stems: Iterable[str], width: int = SNIPPET_CHARS) -> str:
    """HTML snippet of ``paragraph``: escaped, matching words in ``<mark>``.

    Keeps about ``width`` characters, starting a little before the first word whose
    :func:`stem` is in ``query_stems`` (from the start when none is), cut at word edges,
    with ``…`` where text was left out. The result holds no markup but ``<mark>``.
    """
    wanted = set(query_stems)
    words = list(WORD.finditer(paragraph))
    first_hit = next((m for m in words if stem(m.group()) in wanted), None)
    start, end = _window(paragraph, words, first_hit, width)
    # mark the hits with two characters no paragraph keeps, escape, then make them tags
    # (words hold only letters and digits, so escaping never changes them)
    shown = paragraph[start:end].replace(_OPEN, "").replace(_CLOSE, "")
    marked = WORD.sub(lambda m: f"{_OPEN}{m.group()}{_CLOSE}" if stem(m.group()) in wanted else m.group(), shown)
    body = html.escape(marked).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    return ("…" if start > 0 else "") + body.strip() + ("…" if end < len(paragraph) else "")


def _window(paragraph: str, words: list[re.Match[str]], first_hit: re.Match[str] | None, width: int) -> tuple[int, int]:
    """Start and end offsets of the snippet: whole words, the first hit inside."""
    if len(paragraph) <= width:
        return 0, len(paragraph)
    anchor = first_hit.start() if first_hit is not None else 0
    start = max(0, min(anchor - width // 3, len(paragraph) - width))
    end = start + width
    starts = [w.start() for w in words if start <= w.start() <= anchor]
    start = 0 if start == 0 else (starts[0] if starts else anchor)
    ends = [w.end() for w in words if w.end() <= end]
    must_end = first_hit.end() if first_hit is not None else 0
    end = max(ends[-1] if ends else end, must_end)
    return start, min(end, len(paragraph))
