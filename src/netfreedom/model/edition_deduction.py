"""The edition of a report that does not print it, deduced from the stored published series.

A report page that prints its scores but no edition, no coverage period and no dated event
placed in the coverage period (a pipe table copied alone, a country landing page) is still
one edition of Freedom on the Net. When the store holds the published scores of that
country, a person can often tell which: India's page printing 51 with A/B/C 13/21/17 and last
year's 49 can only be the 2022 edition if every other edition's stored scores say something
else. This module makes that deduction, and makes it only when it is certain given the store:

1. **Candidates** are every edition that may have been published on the page's scale
   (:func:`candidate_editions`): on the legacy scale (lower is freer) the pilot and the legacy
   editions of ``fotn-legacy.yaml`` (2009, 2011-2018); on the current scale the editions from
   ``republished_from`` of ``fotn-2019.yaml`` (2016: Freedom House's site shows the 2016-2018
   pages converted, shared/data/README.md) up to ``newest``. ``newest`` is supplied by the
   caller: no edition can be newer than the current year, as edition N is published in year N.
2. **Ruling out**: a candidate N is ruled out when a printed value disagrees with *every*
   stored value of the same field for N (total, status, A, B, C, all compared on the current
   scale, a legacy value as ``max - value``), or when last year's printed total or status
   disagrees with every stored value of the edition before N. Where sources disagree about a
   value, one agreeing source keeps the candidate in. A total not printed is taken as A+B+C
   when all three are (the methodology's sum).
3. **Deduced** only when exactly one candidate is left. It is then the edition, whether or
   not the store holds scores of it (the finding says which: "A/B/C 13/21/17 agree with the
   stored FOTN 2022" or "the stored series holds nothing of it"). An edition the store knows
   nothing about (a gap) can never be ruled out by its own values, only by last year's printed
   total against the stored edition before it, so a page whose possible editions include two
   such gaps, or a gap and an edition whose stored values agree, stays unknown.

The deduction is as sure as the stored values: a candidate is ruled out only by a value no
stored source agrees with, and the finding names the editions and values it rests on.

Observations whose ``note`` says that their own edition was inferred or is uncertain (the
vocabulary of the shared score data, ``edition inferred`` / ``edition uncertain``) take no
part: an edition worked out by someone else is no evidence of an edition.

Pure: depends on the model and the methodology only; the store query is
:func:`netfreedom.store.series_observations` and the service
:func:`netfreedom.services.editions.deduce_report_edition`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from netfreedom.methodology import CURRENT, LEGACY, Scale, Status, load_methodology, previous_edition
from netfreedom.model.observations import ObservedValue
from netfreedom.model.scoring import STATUS, TOTAL, current_scale_value

__all__ = [
    "CATEGORIES",
    "Deduction",
    "PrintedScores",
    "Weighing",
    "candidate_editions",
    "deduce_edition",
    "usable_for_deduction",
    "weigh_editions",
]

CATEGORIES = ("A", "B", "C")
"""The category ids compared (the same in both methodologies)."""

_EDITION_NOT_CERTAIN = re.compile(r"edition\s+(?:inferred|uncertain|deduced)", re.IGNORECASE)


@dataclass(frozen=True)
class PrintedScores:
    """What a report prints that can be compared with a stored series, as printed on
    ``scale``: ``total`` (0-100), ``status``, ``categories`` (``A``/``B``/``C`` -> points),
    ``last_year_total`` and ``last_year_status`` (the previous edition's, on the same scale)."""

    scale: Scale
    total: int | None = None
    status: Status | None = None
    categories: Mapping[str, int] = field(default_factory=dict)
    last_year_total: int | None = None
    last_year_status: Status | None = None

    def current(self) -> dict[str, int | Status]:
        """The printed values keyed by field (``total``, ``status``, ``A``-``C``), numbers on
        the current scale; a total not printed is A+B+C when all three are. A value outside
        its range is left out."""
        values: dict[str, int | Status] = {}
        for key in CATEGORIES:
            number = _current(key, self.categories.get(key), self.scale)
            if number is not None:
                values[key] = number
        total = self.total
        if total is None and all(self.categories.get(key) is not None for key in CATEGORIES):
            total = sum(self.categories[key] for key in CATEGORIES)
        number = _current(TOTAL, total, self.scale)
        if number is not None:
            values[TOTAL] = number
        if self.status is not None:
            values[STATUS] = self.status
        return values

    def last_year(self) -> dict[str, int | Status]:
        """Last year's printed total (current scale) and status, keyed ``total``/``status``."""
        values: dict[str, int | Status] = {}
        number = _current(TOTAL, self.last_year_total, self.scale)
        if number is not None:
            values[TOTAL] = number
        if self.last_year_status is not None:
            values[STATUS] = self.last_year_status
        return values


@dataclass(frozen=True)
class Weighing:
    """The editions a report may be, given a stored series: ``candidates`` (oldest first),
    ``left`` (not ruled out) and ``ruled_out`` (edition -> reason, e.g. ``"its stored total
    35, not 30"``). ``comparable`` is False when the report prints nothing to compare."""

    candidates: tuple[int, ...]
    left: tuple[int, ...]
    ruled_out: Mapping[int, str]
    comparable: bool = True


@dataclass(frozen=True)
class Deduction:
    """A deduced ``edition``. ``match`` names the printed values the stored series holds for
    that edition too (``"A/B/C 13/21/17"``, ``"total 51 and last year's 49"``), ``None`` when
    the store holds nothing of it and it is the edition by elimination alone; ``weighing``
    says what ruled the others out."""

    edition: int
    match: str | None
    weighing: Weighing

    @property
    def evidence(self) -> str:
        """One English sentence for a person: what identified the edition and what ruled the
        others out."""
        w = self.weighing
        others = f"the {len(w.ruled_out)} other editions {w.candidates[0]}-{w.candidates[-1]} disagree with it"
        if self.match is None:
            return f"edition {self.edition} deduced: the stored series holds nothing of it and {others}"
        return f"edition {self.edition} deduced: {self.match} agree with the stored FOTN {self.edition} and {others}"


def _current(field_name: str, value: int | None, scale: Scale) -> int | None:
    if value is None:
        return None
    try:
        return current_scale_value(field_name, value, scale)
    except ValueError:
        return None


def candidate_editions(scale: Scale, newest: int) -> list[int]:
    """The editions a page printed on ``scale`` may be, oldest first (module docstring, 1):
    legacy scale: the pilot (2009) and 2011-2018; current scale: every year from the current
    methodology's ``republished_from`` (2016) up to ``newest`` (the caller's upper bound: the
    current year or the newest stored edition, whichever is later). Years the methodology
    files list as skipped (2010) are never candidates."""
    legacy, current = load_methodology(LEGACY), load_methodology(CURRENT)
    skipped = set(legacy.skipped_editions) | set(current.skipped_editions)
    if scale is Scale.LOWER_IS_FREER:
        first = legacy.pilot_edition if legacy.pilot_edition is not None else legacy.first_edition
        last = legacy.last_edition if legacy.last_edition is not None else newest
    else:
        first = current.republished_from if current.republished_from is not None else current.first_edition
        last = newest
    return [year for year in range(first, last + 1) if year not in skipped]


def usable_for_deduction(observation: ObservedValue) -> bool:
    """True when ``observation`` may take part: a total, status or category value with a
    comparable value whose ``note`` does not say its own edition was inferred or uncertain."""
    if observation.field not in (TOTAL, STATUS, *CATEGORIES):
        return False
    if observation.comparable() is None:
        return False
    return not (observation.note and _EDITION_NOT_CERTAIN.search(observation.note))


def _shown(value: int | Status) -> str:
    return value.value if isinstance(value, Status) else str(value)


_Series = Mapping[int, Mapping[str, set[int | str]]]


def _series(observations: Iterable[ObservedValue]) -> dict[int, dict[str, set[int | str]]]:
    series: dict[int, dict[str, set[int | str]]] = defaultdict(lambda: defaultdict(set))
    for observation in observations:
        if usable_for_deduction(observation):
            value = observation.comparable()
            assert value is not None
            series[observation.edition][observation.field].add(value)
    return series


def _comparable(value: int | Status) -> int | str:
    return value.value if isinstance(value, Status) else value


def _disagreement(printed: Mapping[str, int | Status], stored: Mapping[str, set[int | str]]) -> str | None:
    """The first field whose printed value no stored value agrees with, as ``"A 11, not 13"``."""
    for name, value in printed.items():
        known = stored.get(name)
        if known and _comparable(value) not in known:
            shown = "/".join(sorted(str(v) for v in known))
            return f"{name} {shown}, not {_shown(value)}"
    return None


def _rule_out(edition: int, printed: Mapping[str, int | Status], last_year: Mapping[str, int | Status],
              series: _Series) -> str | None:  # fmt: skip
    """Why ``edition`` cannot be the report's, or ``None`` when nothing stored rules it out."""
    reason = _disagreement(printed, series.get(edition, {}))
    if reason is not None:
        return f"its stored {reason}"
    before = previous_edition(edition)
    reason = _disagreement(last_year, series.get(before, {}))
    if reason is not None:
        return f"last year's printed value disagrees with the stored {before} {reason}"
    return None


def _identified(edition: int, printed: Mapping[str, int | Status], last_year: Mapping[str, int | Status],
                series: _Series) -> str | None:  # fmt: skip
    """What in the stored series positively matches ``edition``, or ``None``."""
    stored = series.get(edition, {})
    if all(key in printed and key in stored for key in CATEGORIES):
        return "A/B/C " + "/".join(_shown(printed[key]) for key in CATEGORIES)
    before = previous_edition(edition)
    if TOTAL in printed and TOTAL in stored and TOTAL in last_year and TOTAL in series.get(before, {}):
        return f"total {_shown(printed[TOTAL])} and last year's {_shown(last_year[TOTAL])}"
    if TOTAL in printed and TOTAL in stored:
        return f"total {_shown(printed[TOTAL])}"
    return None


def weigh_editions(printed: PrintedScores, observations: Iterable[ObservedValue], *, newest: int) -> Weighing:
    """Every candidate edition of ``printed`` (see :func:`candidate_editions`) ruled out or
    left by ``observations`` of the same country (any editions and sources, as stored:
    current-scale numbers). ``newest`` is the newest edition that may exist; a newer stored
    edition raises it. Never raises."""
    values = printed.current()
    series = _series(observations)
    newest = max(newest, *series.keys()) if series else newest
    candidates = tuple(candidate_editions(printed.scale, newest))
    if not any(key in values for key in (TOTAL, *CATEGORIES)):
        return Weighing(candidates, candidates, {}, comparable=False)
    last_year = printed.last_year()
    ruled_out: dict[int, str] = {}
    for edition in candidates:
        reason = _rule_out(edition, values, last_year, series)
        if reason is not None:
            ruled_out[edition] = reason
    left = tuple(edition for edition in candidates if edition not in ruled_out)
    return Weighing(candidates, left, ruled_out)


def deduce_edition(printed: PrintedScores, observations: Iterable[ObservedValue], *, newest: int) -> Deduction | None:
    """The edition ``printed`` must be: the one candidate the stored ``observations`` leave
    (:func:`weigh_editions`; module docstring), or ``None`` when none or several are left or
    nothing printed can be compared. Never raises."""
    observations = list(observations)
    weighing = weigh_editions(printed, observations, newest=newest)
    if not weighing.comparable or len(weighing.left) != 1:
        return None
    edition = weighing.left[0]
    match = _identified(edition, printed.current(), printed.last_year(), _series(observations))
    return Deduction(edition=edition, match=match, weighing=weighing)
