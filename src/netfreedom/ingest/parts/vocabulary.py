"""Words of the report body in the languages Freedom House pages are published in.

Translated pages keep the score block in English and translate the body
(shared/reference/layouts.md, family 11): Russian ("Резюме", "Общее описание") and Spanish
("Descripción General"). This module holds the body's fixed words — section headings,
score-change leads, the sidebar lead, "see" in cross-references — and parses Spanish coverage
periods ("1 de junio de 2021 - 31 de mayo de 2022"), with month names from Babel's CLDR data
like :mod:`netfreedom.text.dates`.
"""

from __future__ import annotations

import re

from netfreedom.text.dates import (
    parse_coverage as parse_coverage,  # re-exported for the readers
)

OVERVIEW_HEADINGS = frozenset(
    {"overview", "резюме", "общее описание", "обзор", "descripción general", "descripcion general", "resumen"}
)
"""Headings that open the overview, case-folded."""

KEY_DEVELOPMENTS = re.compile(
    r"^(?:key developments|основные события|(?:acontecimientos|desarrollos|novedades|hechos)\s+(?:clave|principales))",
    re.IGNORECASE,
)
"""The heading of the key developments, followed by the coverage period."""

SIDEBAR = re.compile(r"^(?:On|О стране|Sobre)\s+(\S.*)$")
"""The heading of the country sidebar ("On Exampleland")."""

SCORE_CHANGE = re.compile(
    r"^(?:score change|изменение балла|cambio (?:en|de) (?:la )?puntuaci[oó]n)\s*:", re.IGNORECASE
)
"""The lead of a score-change note."""

CHANGE_VALUES = re.compile(r"(?:\bfrom|\bс|\bde)\s+(\d{1,2})\s+(?:to|до|a)\s+(\d{1,2})\b", re.IGNORECASE)
"""Old and new value in a score-change note ("from 5 to 4", "с 2 до 1", "de 3 a 2")."""

LANGUAGE_SAMPLE_CHARS = 20_000
"""How much of the body :func:`body_language` looks at."""
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_CYRILLIC_NOT_LETTERS = "".join(map(chr, range(0x0482, 0x048A)))
"""The signs and combining marks of the Cyrillic block (U+0400-U+04FF); the rest are letters."""
_WORD = re.compile(r"[^\W\d_]+")
_LANGUAGE_WORDS = {
    "en": frozenset({"the", "and", "of", "to", "that", "is", "with", "for", "by", "was", "were", "which"}),
    "es": frozenset({"el", "la", "los", "las", "que", "del", "y", "por", "con", "una", "para", "se"}),
}


def _cyrillic_letters(text: str) -> int:
    """Letters of the Cyrillic block in ``text``, counted in its UTF-16 code units: every
    character of U+0400-U+04FF, and no other, is one unit whose high byte is 0x04 (every second
    byte of the little-endian form, counted in C-level passes); the signs U+0482-U+0489 are
    counted only when one is there."""
    block = text.encode("utf-16-le", "surrogatepass")[1::2].count(4)
    if block and any(sign in text for sign in _CYRILLIC_NOT_LETTERS):
        block -= sum(text.count(sign) for sign in _CYRILLIC_NOT_LETTERS)
    return block


def _sample(paragraphs: list[str]) -> str:
    """The first :data:`LANGUAGE_SAMPLE_CHARS` characters of the paragraphs joined by line
    breaks, without joining the whole body."""
    taken, size = [], 0
    for paragraph in paragraphs:
        taken.append(paragraph)
        size += len(paragraph) + 1
        if size >= LANGUAGE_SAMPLE_CHARS:
            break
    return "\n".join(taken)[:LANGUAGE_SAMPLE_CHARS]


def body_language(paragraphs: list[str]) -> str:
    """The language of the body: ``ru`` when Cyrillic dominates, else ``es`` or ``en`` by
    counting common function words, in the first :data:`LANGUAGE_SAMPLE_CHARS` characters."""
    joined = _sample(paragraphs)
    cyrillic = _cyrillic_letters(joined)
    if cyrillic > 0.3 * len(joined):
        return "ru"  # a third of all characters, so more than a third of the letters
    if cyrillic:
        letters = _NOT_LETTERS.sub("", joined)  # counted with C-level passes, not per character
        if cyrillic / len(letters) > 0.3:
            return "ru"
    words = _WORD.findall(joined.casefold())
    counts = {lang: sum(1 for w in words if w in vocabulary) for lang, vocabulary in _LANGUAGE_WORDS.items()}
    return "es" if counts["es"] > counts["en"] else "en"
