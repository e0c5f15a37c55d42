"""Evidence of the published scale in a score table: sentences, header text, status bands.

A value's scale is never guessed from its size. The evidence, strongest first, that
:mod:`netfreedom.ingest.tables.rows` weighs for each row:

1. the row's own scale cell (``lower_is_freer``, ``legacy``, ``current`` ...);
2. a scale stated in the header of its column (``Total (0 = best, 100 = worst)``);
3. the edition: every edition from the current methodology's ``first_edition`` (2019) on was
   published on the current scale (fotn-facts.md, "Two scale eras");
4. the status band of the total (:func:`band_scales`): a status and a total fit the legacy
   bands (Free 0-30, Partly Free 31-60, Not Free 61-100), the current ones, or both (only
   Partly Free 40-60 fits both);
5. the other rows of the same sheet and edition whose band decided: one sheet publishes an
   edition on one scale;
6. a sentence stating the scale anywhere in the file (a notes sheet, a title line, a footnote
   row): :func:`scale_in_text`;
7. the ``--scale`` the user gave. Rows that nothing decides are rejected, named.
"""

from __future__ import annotations

import re
from functools import cache

from netfreedom.methodology import CURRENT, LEGACY, Scale, Status, load_methodology

__all__ = ["band_scales", "scale_in_text"]

_GOOD = r"(?:most\s+free|freest|best|greatest\s+freedom|most\s+freedom|highest\s+(?:level\s+of\s+)?freedom)"
_BAD = r"(?:least\s+free|worst|least\s+freedom|lowest\s+(?:level\s+of\s+)?freedom|most\s+(?:restricted|restrictive|repressive|censored))"
_LINK = r"\s*(?:=|:|-|–|\(|is|are|as|being|means?|for|represent(?:s|ing)?|indicat(?:es|ing)|denot(?:es|ing)|signif(?:ies|ying)|stand(?:s|ing)\s+for)?\s*(?:the\s+)?"
_NUMBER_FIRST = re.compile(rf"(?<![\d.])(0|100)(?![\d.])\s*(?:points?)?{_LINK}({_GOOD}|{_BAD})", re.IGNORECASE)
_POLE_FIRST = re.compile(rf"({_GOOD}|{_BAD})\s*(?:=|:|is|at|of)\s*(0|100)(?![\d.])", re.IGNORECASE)
_DIRECTION = re.compile(
    r"\b(higher|lower)\s+(?:total\s+)?(?:scores?|numbers?|values?|points)?\s*(?:=|is|are|mean|means|indicate|"
    r"indicates|represent|represents|signify|signifies|show|shows)?\s*(?:a\s+)?(more|greater|less|fewer|freer|less\s+free)\b",
    re.IGNORECASE,
)
_STATUS_WORDS = r"(not\s+free|partly\s+free|partially\s+free|free)"
_RANGE_FIRST = re.compile(
    rf"(?<![\d.])(\d{{1,3}})\s*(?:-|–|—|to)\s*(\d{{1,3}})(?![\d.])\s*(?:points?)?\s*(?:=|:|is|are|means)?\s*{_STATUS_WORDS}\b",
    re.IGNORECASE,
)
_STATUS_FIRST = re.compile(
    rf"\b{_STATUS_WORDS}\s*(?:=|:|\(|is|are)?\s*(\d{{1,3}})\s*(?:-|–|—|to)\s*(\d{{1,3}})(?![\d.])", re.IGNORECASE
)


@cache
def _phrases() -> tuple[tuple[str, Scale], ...]:
    found: list[tuple[str, Scale]] = []
    for methodology_id in (CURRENT, LEGACY):
        spec = load_methodology(methodology_id).scale
        found.extend((" ".join(p.split()).casefold(), spec.direction) for p in spec.phrases)
    return tuple(found)


def scale_in_text(text: str) -> Scale | None:
    """The scale a sentence states, or ``None`` when it states none or contradicts itself.

    Reads the methodologies' own scale phrases (``0 = Best, 100 = Worst``; ``0 (least free)
    to 100 (most free)``), a pole given a number either way round (``100 representing the
    most free``, ``0 = most free``, ``worst: 100``) and a direction (``higher scores mean
    less freedom``). ``"0 = best"`` -> ``lower_is_freer``; ``"100 = most free"`` ->
    ``higher_is_freer``.
    """
    folded = " ".join(text.split()).casefold()
    votes: set[Scale] = {scale for phrase, scale in _phrases() if phrase in folded}
    for number, pole in _NUMBER_FIRST.findall(folded):
        votes.add(_scale_of(number, pole))
    for pole, number in _POLE_FIRST.findall(folded):
        votes.add(_scale_of(number, pole))
    for side, amount in _DIRECTION.findall(folded):
        more = amount.split()[0] in ("more", "greater", "freer") and "less" not in amount
        votes.add(Scale.HIGHER_IS_FREER if (side == "higher") == more else Scale.LOWER_IS_FREER)
    for low, high, words in _RANGE_FIRST.findall(folded):
        votes.update(_band_votes(words, low, high))
    for words, low, high in _STATUS_FIRST.findall(folded):
        votes.update(_band_votes(words, low, high))
    return votes.pop() if len(votes) == 1 else None


def _band_votes(words: str, low: str, high: str) -> set[Scale]:
    """The scales whose band for the status ``words`` is ``low``-``high`` (either order)."""
    status = {"free": Status.FREE, "not free": Status.NOT_FREE}.get(" ".join(words.split()), Status.PARTLY_FREE)
    bounds = sorted((int(low), int(high)))
    found = set()
    for methodology_id in (CURRENT, LEGACY):
        methodology = load_methodology(methodology_id)
        band = methodology.band_for(status)
        if [band.min, band.max] == bounds:
            found.add(methodology.scale.direction)
    return found


def _scale_of(number: str, pole: str) -> Scale:
    good = re.fullmatch(_GOOD, pole.strip(), re.IGNORECASE) is not None
    top_is_good = (number == "100") == good
    return Scale.HIGHER_IS_FREER if top_is_good else Scale.LOWER_IS_FREER


def band_scales(status: Status, total: int) -> frozenset[Scale]:
    """The scales on whose status bands ``total`` earns ``status``: one scale (decisive),
    both (Partly Free 40-60: undecided) or none (the status fits neither band)."""
    fitting = set()
    for methodology_id in (CURRENT, LEGACY):
        methodology = load_methodology(methodology_id)
        try:
            if methodology.status_for(total) is status:
                fitting.add(methodology.scale.direction)
        except ValueError:
            continue
    return frozenset(fitting)
