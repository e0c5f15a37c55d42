"""Country names as score tables write them -> countries.

Workbooks spell names their own way: ``Burma``, ``China (PRC)``, ``The Gambia`` and
``Gambia``, ``The Netherlands``, ``Korea``, ``Korea, South``. :func:`table_country` tries the
name as written (ISO 3166-1 through pycountry, plus the aliases of ``countries-extra.yaml``),
then the same name without a leading or trailing "The", the two halves of an inverted name
(``Korea, South`` -> ``South Korea``), and each part of a name with a parenthesis (``China
(PRC)`` -> ``China``, then ``PRC``). A name none of these resolve stays unknown: the caller
names it.
"""

from __future__ import annotations

import re

from netfreedom.model import Country
from netfreedom.model.countries import UnknownCountryError, resolve_country

__all__ = ["name_variants", "table_country"]

_THE = re.compile(r"^the\s+|,\s*the$", re.IGNORECASE)
_PARENTHESIS = re.compile(r"^(.*?)\s*[(\[]([^)\]]*)[)\]]\s*$")
_MARKS = re.compile(r"[*†‡§¹²³⁴]+$|\s+\d$")


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
    return [v for v in dict.fromkeys(variants) if v]


def table_country(name: str) -> Country:
    """The country a table's name cell means; raises
    :class:`~netfreedom.countries.UnknownCountryError` naming ``name`` when no spelling of
    it resolves."""
    for variant in name_variants(name):
        try:
            return resolve_country(variant)
        except UnknownCountryError:
            continue
    raise UnknownCountryError(f"no ISO 3166-1 country is called {name!r}")
