"""Cross-references between indicators, such as "(see B1)" or "(см. разделы C3 и C7)".

Stray spaces (``(see A3 )``, ``( see B7)``), ids glued to their connector (``(see A3andB1)``)
and Spanish ``(véase B1 y C3)`` are read too.

Ids typed with Cyrillic look-alike letters (``А3``, ``С5``) are folded to Latin for the
target and kept as written, so the ``lookalike-characters`` check can report them.
"""

from __future__ import annotations

import re

from netfreedom.model.assessment import CrossReference

LOOKALIKES = str.maketrans(
    {"А": "A", "В": "B", "С": "C", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "Т": "T", "Х": "X"}
)
"""Cyrillic capitals that look like Latin ones, mapped to the Latin letter."""

_REFERENCE = re.compile(
    r"\(\s*(?:см\.|смотрите|see|véase|vea|ver)(?:\s+(?:также|also|también))?\s+"
    r"(?:разделы|раздел|раздела|пункты|пункт|indicators|indicator|sections|section|"
    r"indicadores|indicador|secciones|sección)?\s*"
    r"([^()]{1,80})\)",
    re.IGNORECASE,
)
_ID = re.compile(r"(?<![\w])([A-ZАВСЕКМНОРТХ][0-9]{1,2})(?![\w])")
_GLUED_CONNECTOR = re.compile(r"(?<=\d)(and|or|y|o|и|или)(?=[A-ZАВСЕКМНОРТХ]\d)")


def fold_lookalikes(text: str) -> str:
    """``text`` with Cyrillic look-alike capitals replaced by Latin ones."""
    return text.translate(LOOKALIKES)


def has_lookalike(text: str) -> bool:
    """True when ``text`` holds a Cyrillic capital that looks like a Latin letter."""
    return fold_lookalikes(text) != text


def find_cross_references(paragraph: str) -> list[CrossReference]:
    """Cross-references in one paragraph, in order."""
    found: list[CrossReference] = []
    if "(" not in paragraph:
        return found  # every reference is in brackets: spares the case-insensitive scan
    for targets in _REFERENCE.findall(paragraph):
        if _GLUED_CONNECTOR.search(targets):  # rare: spares the substitution's template on every reference
            targets = _GLUED_CONNECTOR.sub(r" \1 ", targets)
        for written in _ID.findall(targets):
            # Only a written id with a letter that is not ASCII can hold a look-alike.
            target = written if written.isascii() else fold_lookalikes(written)
            found.append(CrossReference(target=target, written=written))
    return found
