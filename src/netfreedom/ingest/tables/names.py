"""Country names as score tables write them -> countries.

Workbooks spell names their own way: ``Burma``, ``China (PRC)``, ``The Gambia`` and
``Gambia``, ``The Netherlands``, ``Korea``, ``Korea, South``. :func:`table_country` tries the
name as written (ISO 3166-1 through pycountry, plus the aliases of ``countries-extra.yaml``),
then the same name without a leading or trailing "The", the two halves of an inverted name
(``Korea, South`` -> ``South Korea``), and each part of a name with a parenthesis (``China
(PRC)`` -> ``China``, then ``PRC``), the name with its accents dropped (``São Tomé and
Príncipe``) or the dots of an abbreviation (``U.A.E.``), and the name before a comma when
what follows only names a form of state (``Egypt, Arab Rep.``, ``Korea, Rep.``, ``Venezuela,
RB``; never a tail with other words: ``Korea, Dem. People's Rep.`` is not South Korea).
Names given two ways (``Burma/Myanmar``) are that country when every part that resolves
names the same one. A name none of these resolve stays unknown: the caller names it.
"""

from __future__ import annotations

import re
import unicodedata

from netfreedom.ingest.tables.columns import TREND_ARROWS
from netfreedom.model import Country
from netfreedom.model.countries import UnknownCountryError, find_country

__all__ = ["name_variants", "table_country"]

_THE = re.compile(r"^the\s+|,\s*the$", re.IGNORECASE)
_PARENTHESIS = re.compile(r"^(.*?)\s*[(\[]([^)\]]*)[)\]]\s*$")
_MARKS = re.compile(rf"[*†‡§¹²³⁴{TREND_ARROWS}]+$|\s+\d$")
_ABBREVIATION_DOTS = re.compile(r"(?<=\b\w)\.")
_STATE_FORMS = frozenset({"arab", "rep", "republic", "islamic", "bolivarian", "rb", "the", "of", "fed", "federal",
                          "federation", "sts", "state", "states", "kingdom", "hashemite", "plurinational",
                          "sultanate", "socialist", "united", "union", "commonwealth", "principality"})  # fmt: skip


def name_variants(name: str) -> list[str]:
    """The spellings tried for ``name``, in order, without repeats."""
    text = _MARKS.sub("", " ".join(name.replace("’", "'").replace("‘", "'").split())).strip()
    variants = [text]
    match = _PARENTHESIS.match(text)
    if match:
        variants += [match.group(1), match.group(2)]
    for variant in list(variants):
        bare = _THE.sub("", variant).strip()
        variants.append(bare)
        if "," in bare:
            head, _, tail = bare.partition(",")
            variants.append(f"{tail.strip()} {head.strip()}")
    folded = [_fold(v) for v in variants]
    variants += folded
    for variant in folded:
        head, comma, tail = variant.partition(",")
        if comma and set(tail.casefold().replace(".", " ").split()) <= _STATE_FORMS:
            variants.append(head.strip())
    return [v for v in dict.fromkeys(variants) if v]


def _fold(name: str) -> str:
    """``name`` without accents (``São Tomé`` -> ``Sao Tome``) and without the dots of an
    abbreviation (``U.A.E.`` -> ``UAE``)."""
    if name.isascii():  # nothing to decompose (most names, and most lines of prose)
        plain = name
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _ABBREVIATION_DOTS.sub("", plain) if re.fullmatch(r"(?:\w\.)+", plain.replace(" ", "")) else plain


def table_country(name: str) -> Country:
    """The country a table's name cell means; raises
    :class:`~netfreedom.countries.UnknownCountryError` naming ``name`` when no spelling of
    it resolves."""
    for variant in name_variants(name):
        match = find_country(variant)
        if match is not None:
            return match
    if "/" in name:
        found = {}
        for part in name.split("/"):
            try:
                country = table_country(part)
            except UnknownCountryError:
                continue
            found[country.iso3] = country
        if len(found) == 1:
            return next(iter(found.values()))
    raise UnknownCountryError(f"no ISO 3166-1 country is called {name!r}")
