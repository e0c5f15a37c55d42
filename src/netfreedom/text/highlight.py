"""Highlighted snippets of a paragraph for search results: escaped HTML, hits in ``<mark>``."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from netfreedom.text.stemming import WORD, stem

SNIPPET_CHARS = 300
"""About how many characters a snippet keeps."""


def highlight(paragraph: str, query_stems: Iterable[str], width: int = SNIPPET_CHARS) -> str:
    """HTML snippet of ``paragraph``: escaped, matching words in ``<mark>``.

    Keeps about ``width`` characters, starting a little before the first word whose
    :func:`stem` is in ``query_stems`` (from the start when none is), cut at word edges,
    with ``…`` where text was left out. The result holds no markup but ``<mark>``.
    """
    wanted = set(query_stems)
    words = list(WORD.finditer(paragraph))
    hits = [m for m in words if stem(m.group()) in wanted]
    start, end = _window(paragraph, words, hits[0] if hits else None, width)
    parts = ["…"] if start > 0 else []
    position = start
    for word in words:
        if word.start() < start or word.end() > end:
            continue
        parts.append(html.escape(paragraph[position : word.start()]))
        escaped = html.escape(word.group())
        parts.append(f"<mark>{escaped}</mark>" if stem(word.group()) in wanted else escaped)
        position = word.end()
    parts.append(html.escape(paragraph[position:end]))
    if end < len(paragraph):
        parts.append("…")
    return "".join(parts).strip()


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
