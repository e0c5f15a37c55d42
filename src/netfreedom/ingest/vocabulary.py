"""Words of the report body in the languages Freedom House pages are published in.

Translated pages keep the score block in English and translate the body
(shared/reference/layouts.md, family 11): Russian ("Резюме", "Общее описание") and Spanish
("Descripción General"). This module holds the body's fixed words — section headings,
score-change leads, the sidebar lead, "see" in cross-references — and parses Spanish coverage
periods ("1 de junio de 2021 - 31 de mayo de 2022"), with month names from Babel's CLDR data
like :mod:`netfreedom.ingest.dates`.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from babel.dates import get_month_names

from ..model import CoveragePeriod
from .dates import parse_coverage as parse_coverage_en_ru

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

CHANGE_VALUES = re.compile(
    r"(?:\bfrom|\bс|\bde)\s+(\d{1,2})\s+(?:to|до|a)\s+(\d{1,2})\b", re.IGNORECASE
)
"""Old and new value in a score-change note ("from 5 to 4", "с 2 до 1", "de 3 a 2")."""

_ES = re.compile(
    r"(?:del?\s+)?(\d{1,2})\s+de\s+([a-záéíóúñ]+)\s+(?:de|del)\s+(\d{4})\s*"
    r"(?:-|–|—|al|a|hasta(?:\s+el)?)\s*(?:el\s+)?(\d{1,2})\s+de\s+([a-záéíóúñ]+)\s+(?:de|del)\s+(\d{4})",
    re.IGNORECASE,
)


@cache
def _spanish_months() -> dict[str, int]:
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in get_month_names("wide", context=context, locale="es").items():
            names[name.casefold()] = number
    names.setdefault("setiembre", 9)  # spelling used in parts of Latin America
    return names


def _spanish_date(day: str, month: str, year: str) -> date | None:
    number = _spanish_months().get(month.casefold())
    if number is None:
        return None
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def parse_coverage(text: str) -> CoveragePeriod | None:
    """The first coverage period in ``text`` written in English, Russian or Spanish.

    ``None`` when there is none, the dates are impossible or the end precedes the start.
    """
    found = parse_coverage_en_ru(text)
    if found is not None:
        return found
    for match in _ES.finditer(text):
        d1, m1, y1, d2, m2, y2 = match.groups()
        start, end = _spanish_date(d1, m1, y1), _spanish_date(d2, m2, y2)
        if start and end and start <= end:
            return CoveragePeriod(start=start, end=end)
    return None


LANGUAGE_SAMPLE_CHARS = 20_000
"""How much of the body :func:`body_language` looks at."""
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")
_LANGUAGE_WORDS = {
    "en": frozenset({"the", "and", "of", "to", "that", "is", "with", "for", "by", "was", "were", "which"}),
    "es": frozenset({"el", "la", "los", "las", "que", "del", "y", "por", "con", "una", "para", "se"}),
}


def body_language(paragraphs: list[str]) -> str:
    """The language of the body: ``ru`` when Cyrillic dominates, else ``es`` or ``en`` by
    counting common function words, in the first :data:`LANGUAGE_SAMPLE_CHARS` characters."""
    joined = "\n".join(paragraphs)[:LANGUAGE_SAMPLE_CHARS]
    letters = len(_LETTER.findall(joined))
    if not letters:
        return "en"
    if len(_CYRILLIC.findall(joined)) / letters > 0.3:
        return "ru"
    words = _WORD.findall(joined.casefold())
    counts = {lang: sum(1 for w in words if w in vocabulary) for lang, vocabulary in _LANGUAGE_WORDS.items()}
    return "es" if counts["es"] > counts["en"] else "en"
