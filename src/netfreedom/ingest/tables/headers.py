"""What one header cell of a score table says: the field, and perhaps an edition and a scale.

Real workbooks word their headers in many ways; :func:`read_header` reads, for example,

* ``Country``, ``Country/Territory``, ``ISO3``, ``Edition``, ``Status``, ``Total Score``
  (the names of :mod:`netfreedom.ingest.tables.columns`);
* category headers as years wrote them: ``A Subtotal: Obstacles to access``, ``C: Violations
  of Users' Rights``, ``B. Limits on Content (0-35)``, ``Obstacles to Access``, ``A score``;
* indicators: ``A1``, ``A1 score``, ``A1: infrastructure ...``;
* an edition inside the header: ``"Freedom on the Net 2018" Status`` (status of 2018),
  ``FOTN 2017 Score`` or ``Total 2017`` (total of 2017), or a bare ``2016`` / ``FOTN 2016``
  (a column of one edition whose field the cells decide: :attr:`HeaderCell.bare`);
* a scale in the header: ``Total (0 = best, 100 = worst)``;
* a header naming another index (``Total Score (FIW)``) is no field of ours
  (:mod:`netfreedom.ingest.tables.programmes`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from netfreedom.ingest.tables.columns import edition_in_text, field_for_header, normalise
from netfreedom.ingest.tables.programmes import other_index
from netfreedom.ingest.tables.scales import scale_in_text
from netfreedom.methodology import CURRENT, Scale, load_methodology

__all__ = ["HeaderCell", "edition_in_text", "read_header"]

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PROGRAMME = re.compile(r"(?<![^\W_])(?:freedom[\s_]+on[\s_]+the[\s_]+net|fotn)(?![^\W_])", re.IGNORECASE)
"""The programme's name in a header, also between underscores (``fotn_total``, as data sets name variables)."""
_FILLER = frozenset({"subtotal", "sub", "score", "scores", "points", "pts", "category", "aggregate", "sum", "edition"})
_STOP = frozenset({"of", "to", "on", "the", "and", "for", "a", "in"})
_RANGE = re.compile(r"\b\d+\s+\d+\b|\bout of \d+\b|\bmax \d+\b|\b(?:100|25|35|40)\b")


@dataclass(frozen=True)
class HeaderCell:
    """A header cell as read.

    ``field`` is a field of :data:`netfreedom.ingest.tables.columns.FIELDS` or ``None``;
    ``edition`` the year the header names (``None`` when none); ``bare`` is True for a
    header that names only an edition (its field is decided by the column's cells); ``scale``
    a scale the header states.
    """

    text: str
    field: str | None
    edition: int | None = None
    bare: bool = False
    scale: Scale | None = None


def _stem(word: str) -> str:
    word = word.removesuffix("'s").removesuffix("’s")
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _content_words(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in normalise(text).split() if w not in _STOP)


@cache
def _categories() -> tuple[tuple[str, frozenset[frozenset[str]]], ...]:
    """(category id, the content-word sets of its labels) for the current methodology."""
    found = []
    for category in load_methodology(CURRENT).categories:
        labels = frozenset(_content_words(label) for label in category.label.values())
        found.append((category.id, labels))
    return tuple(found)


@cache
def _indicator_ids() -> frozenset[str]:
    return frozenset(i.lower() for i in load_methodology(CURRENT).indicator_ids)


def _relaxed(words: list[str]) -> str | None:
    """A category or indicator header the plain names miss: ``a subtotal obstacles to
    access``, ``c violations of users rights``, ``a1 infrastructure``."""
    if not words:
        return None
    if words[0] in _indicator_ids():
        return words[0].upper()
    rest = [w for w in words if w not in _FILLER]
    if not rest:
        return None
    content = frozenset(_stem(w) for w in rest if w not in _STOP)
    for category_id, labels in _categories():
        cid = category_id.lower()
        if rest[0] == cid:
            tail = frozenset(_stem(w) for w in rest[1:] if w not in _STOP)
            if not tail or tail in labels:
                return category_id
        if content in labels:
            return category_id
    return None


def read_header(text: str) -> HeaderCell:
    """The :class:`HeaderCell` a header text gives (never raises; unknown headers have
    ``field`` ``None``)."""
    if other_index(text) is not None:  # "Total Score (FIW)": another index's column, not ours
        return HeaderCell(text, None, edition_in_text(text))  # its year still marks a band of columns
    field = field_for_header(text) if text else None
    if field is not None:
        return HeaderCell(text, field, scale=scale_in_text(text))
    edition = edition_in_text(text)
    scale = scale_in_text(text)
    rest = _YEAR.sub(" ", text) if edition is not None else text
    rest = _PROGRAMME.sub(" ", rest).replace('"', " ").replace("“", " ").replace("”", " ")
    plain = _PARENTHESES.sub(" ", rest)
    for candidate in (rest, plain):
        field = field_for_header(candidate)
        if field is None:
            words = _RANGE.sub(" ", normalise(candidate)).split()
            field = _relaxed(words)
            only_filler = words and not [w for w in words if w not in _FILLER]
            if field is None and only_filler and ("score" in words or "scores" in words):
                field = "total"
        if field is not None:
            if field == "edition" and edition is not None:
                return HeaderCell(text, None, edition, bare=True, scale=scale)
            return HeaderCell(text, field, edition, scale=scale)
    if edition is not None and not [w for w in _RANGE.sub(" ", normalise(plain)).split() if w not in _FILLER]:
        return HeaderCell(text, None, edition, bare=True, scale=scale)
    return HeaderCell(text, None, edition, scale=scale)
