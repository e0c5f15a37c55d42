"""The edition of a report that prints neither its edition nor its coverage period, from a
sentence that places a month-dated event in the coverage period.

A person reading "activism was notable during the coverage period, … in October 2015" knows
the coverage period holds October 2015, so the report is the edition whose coverage period
holds that month (2016: June 2015 to May 2016; windows in :mod:`netfreedom.text.dates`). The
rule is strict, so that what it gives is a deduction and not a guess:

- only sentences that name the coverage period (English, Russian, Spanish, German wordings in
  :data:`COVERAGE_PHRASE`) count, and in them only a month and year (``October 2015``,
  ``в октябре 2015``), never a bare year;
- a date bounding something else (``since``, ``until``, ``before``, ``after``, ``first …``,
  ``с``, ``до``, ``desde``, ``hasta``, ``seit``, ``bis`` …) is not an event in the period;
- every such date must fall in the window of one and the same edition;
- the report cannot mention, anywhere in the text looked at, a month after December of that
  edition's year (an edition is published in its own year): if it does, nothing is deduced.

Otherwise the edition stays unknown and the ``missing-score`` check says it is not printed.
"""

from __future__ import annotations

import re

from netfreedom.text.dates import editions_covering, month_dates

COVERAGE_PHRASE = re.compile(
    r"\b(?:during|in|over|throughout|within)\s+(?:the|this)\s+(?:report(?:'|’)s\s+)?(?:coverage|reporting)\s+period"
    r"|(?:в\s+течение|в|за|на\s+протяжении)\s+(?:всего\s+)?(?:период[ау]?\s+охвата|отч[её]тн(?:ого|ый)\s+период[ау]?"
    r"|освещаемого\s+периода|освещаемый\s+период)"
    r"|(?:durante|en)\s+el\s+per[ií]odo\s+(?:de\s+cobertura|analizado|del\s+informe|que\s+abarca\s+el\s+informe)"
    r"|\bim\s+(?:Berichts|Untersuchungs)zeitraum",
    re.IGNORECASE,
)
"""Wordings that say "in the coverage period" (``during the coverage period``, ``в течение
периода охвата``, ``за освещаемый период``, ``durante el período de cobertura``,
``im Berichtszeitraum``)."""

_BOUNDING = re.compile(
    r"(?:\b(?:since|until|till|before|after|from|through|by|first\s+\w+\s+in|first\s+in|as\s+early\s+as|prior\s+to"
    r"|desde|hasta|antes\s+de|después\s+de|seit|bis|vor|nach)|(?<![\w])(?:с|до|после|по|начиная\s+с))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""Words just before a date that make it a bound of something else, not an event in the period."""

_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence (or line) holding ``text[start:end]``."""
    before = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start))
    after = _SENTENCE_END.search(text, end)
    return before + 1, after.end() if after else len(text)


def edition_from_coverage_events(head: str) -> tuple[int, str] | None:
    """``(edition, "Month YYYY")`` when the rules of this module deduce the edition from
    ``head`` (the first characters of a report), else ``None``. Never raises."""
    phrases = list(COVERAGE_PHRASE.finditer(head))
    if not phrases:
        return None
    editions: set[int] = set()
    evidence = ""
    seen: set[tuple[int, int]] = set()
    for phrase in phrases:
        start, end = _sentence(head, phrase.start(), phrase.end())
        if (start, end) in seen:
            continue
        seen.add((start, end))
        sentence = head[start:end]
        for offset, _, year, month in month_dates(sentence):
            if _BOUNDING.search(sentence[max(0, offset - 24) : offset]):
                continue
            covering = editions_covering(year, month)
            if len(covering) != 1:
                return None
            editions.add(covering[0])
            evidence = evidence or f"{year}-{month:02d}"
    if len(editions) != 1:
        return None
    edition = editions.pop()
    if any(year > edition for _, _, year, _ in month_dates(head)):
        return None  # the text mentions a month after the edition's year: not a deduction
    return edition, evidence
