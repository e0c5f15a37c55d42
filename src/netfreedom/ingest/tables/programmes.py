"""Which index a table or a column belongs to: Freedom on the Net, or another index it names.

Data users keep score files of several indices side by side, and their layouts look alike: a
Freedom in the World workbook has ``Country``, ``Status`` (Free / Partly Free / Not Free) and a
0-100 ``Total`` per year, exactly the columns a Freedom on the Net table has. Read as ours, its
scores would be stored as Freedom on the Net scores, which is a wrong value, not a missing one.
So a table whose nearest title, sheet name or file name names another index (and not Freedom
on the Net) is not read, and a column whose header names another index (``Total Score (FIW)``)
is not a Freedom on the Net field.

The indices below are those published beside Freedom on the Net (Freedom House's own Freedom in
the World, Freedom of the Press and Nations in Transit, freedomhouse.org) and the country indices
data sets put next to it (V-Dem, RSF's World Press Freedom Index, the EIU Democracy Index,
Polity). A name not listed here is not recognised: such a table is read as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["OTHER_INDICES", "names_programme", "other_index"]

_WORD_START = r"(?<![^\W_])"
_WORD_END = r"(?![^\W_])"


def _pattern(*alternatives: str) -> re.Pattern[str]:
    """Alternatives matched as whole words (underscores separate words too: ``fiw_total``)."""
    return re.compile(_WORD_START + "(?:" + "|".join(alternatives) + ")" + _WORD_END, re.IGNORECASE)


OTHER_INDICES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Freedom in the World", _pattern(r"freedom[\s_]+in[\s_]+the[\s_]+world", "fiw", "fitw")),
    ("Freedom of the Press", _pattern(r"freedom[\s_]+of[\s_]+the[\s_]+press", "fotp")),
    ("Nations in Transit", _pattern(r"nations[\s_]+in[\s_]+transit", "nit")),
    ("V-Dem", _pattern(r"v[\s_-]?dem", r"varieties[\s_]+of[\s_]+democracy")),
    ("World Press Freedom Index", _pattern(r"world[\s_]+press[\s_]+freedom", "rsf", "wpfi")),
    ("Democracy Index", _pattern(r"democracy[\s_]+index", "eiu")),
    ("Polity", _pattern(r"polity(?:[\s_]*(?:iv|v|5|4))?")),
)
"""(the index's name, what names it in a title, sheet name, file name or header)."""

_OURS = _pattern(r"freedom[\s_]+on[\s_]+the[\s_]+net", "fotn")


def other_index(text: str) -> str | None:
    """The name of the other index ``text`` names (``"FIW 2024"`` -> ``"Freedom in the World"``),
    or ``None`` when it names none or also names Freedom on the Net (``"FOTN and FIW"``)."""
    if not text or _OURS.search(text):
        return None
    return next((name for name, pattern in OTHER_INDICES if pattern.search(text)), None)


def names_programme(texts: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """The first (source, text) of ``texts`` naming any index, as (index name, source): the
    nearest context decides, so a sheet ``FOTN 2024`` in a file ``fiw and fotn.xlsx`` is ours.
    ``None`` when the first naming one names Freedom on the Net, or none names any."""
    for source, text in texts:
        if not text:
            continue
        if _OURS.search(text):
            return None
        name = other_index(text)
        if name is not None:
            return name, source
    return None
