"""Consistency across countries: one indicator of an edition, every country's draft score
beside last year's and its change note, with the countries that stand out flagged.

Rules (thresholds in :data:`RULES`; the reasons are in ``docs/dashboard.md``):

- ``far-from-neighbours``: the draft's score lies far from the scores that the countries
  most like it give the same indicator. Likeness is measured on the *other* indicators of the
  methodology: the mean of ``|a - b| / max`` over the indicators both drafts have scored
  (each indicator weighs the same whatever its range), over at least
  ``min_shared_indicators`` of them. The ``neighbours`` nearest drafts (ties by country code)
  that have scored this indicator are the neighbours; with fewer than ``min_neighbours`` no
  flag is raised. Flagged when ``|score - mean of the neighbours' scores| >= far_share * max``.
- ``change-without-note``: the score moved since last year and the draft has no note.
- ``note-disagrees``: the note states a move "from N to M" that is not last year's score to
  this year's.
- ``short-note``: the score moved by ``big_change`` points or more and the note has fewer than
  ``min_note_words`` words: a large move needs its reason told.

Last year's score is the stored one of the edition before (``Store.scorecards``: reports and
score tables alike), else the draft's own ``previous_score`` when its base is that edition.
Evidence counts (linked items by verdict) are those of the country, edition and indicator
(:meth:`~netfreedom.store.Store.evidence_counts`).

Who sees what: rows are the drafts the person may read (editors and admins: all; a
researcher or reviewer: their own). Flags are worked out over every draft of the edition, so
they are the same for everyone; only editors and admins see which countries are the
neighbours.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from netfreedom.errors import InputError
from netfreedom.ingest.parts.body import parse_score_change
from netfreedom.methodology import load_methodology
from netfreedom.model.drafting import Draft
from netfreedom.model.regions import region_of
from netfreedom.services.draft_report import note_paragraph
from netfreedom.services.drafting import MANAGERS, Actor, drafts_for
from netfreedom.store import Store
from netfreedom.store.drafts import DraftStore

__all__ = ["COLUMNS", "RULES", "SORTS", "ConsistencyRow", "ConsistencyRules", "Flag", "indicator_consistency"]


@dataclass(frozen=True)
class ConsistencyRules:
    """The thresholds of the rules (see the module docstring)."""

    neighbours: int = 5
    min_neighbours: int = 3
    min_shared_indicators: int = 10
    far_share: float = 0.4
    big_change: int = 2
    min_note_words: int = 12


RULES = ConsistencyRules()
"""The rules in force."""

COLUMNS = (
    "iso3",
    "country",
    "region",
    "score",
    "max",
    "last_year",
    "change",
    "change_note",
    "neighbours_mean",
    "flags",
    "evidence_total",
    "evidence",
    "draft_id",
)
"""Columns of the CSV export and the CLI table, in order."""

SORTS = ("country", "score", "last_year", "change", "distance", "evidence", "flags")
"""What the rows may be sorted by (``distance``: ``|score - neighbours' mean|``)."""


@dataclass(frozen=True)
class Flag:
    """One reason a row stands out: the rule id and a sentence (``message``: ``template``
    formatted with ``values``, so a page can show the template translated)."""

    rule: str
    template: str
    values: dict[str, object]

    @property
    def message(self) -> str:
        """The English sentence."""
        return self.template.format(**self.values)


def _flag(rule: str, template: str, **values: object) -> Flag:
    return Flag(rule, template, values)


@dataclass
class ConsistencyRow:
    """One country's draft of the indicator (see the module docstring). ``change`` is
    ``score - last_year``; ``neighbours`` the nearest countries' codes (empty for those who
    may not see them); ``evidence`` linked items by verdict."""

    draft_id: int
    iso3: str
    country: str
    region: str | None
    stage: str
    score: int | None
    max: int
    last_year: int | None
    change: int | None
    change_note: str | None
    neighbours: list[str] = field(default_factory=list)
    neighbours_mean: float | None = None
    flags: list[Flag] = field(default_factory=list)
    evidence: dict[str, int] = field(default_factory=dict)

    @property
    def evidence_total(self) -> int:
        """Linked evidence items of every verdict."""
        return sum(self.evidence.values())

    @property
    def distance(self) -> float | None:
        """``|score - neighbours_mean|``, ``None`` without both."""
        if self.score is None or self.neighbours_mean is None:
            return None
        return abs(self.score - self.neighbours_mean)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        data = asdict(self)
        data["evidence_total"] = self.evidence_total
        data["flags"] = [{"rule": f.rule, "message": f.message} for f in self.flags]  # the API's shape
        return data

    def flat(self) -> dict[str, Any]:
        """The row for CSV and tables: flags as rule ids joined with ``; ``, evidence as
        ``verdict=count`` pairs."""
        data = self.as_dict()
        data["flags"] = "; ".join(f.rule for f in self.flags)
        data["evidence"] = "; ".join(f"{k}={v}" for k, v in sorted(self.evidence.items()))
        return {k: data[k] for k in COLUMNS}


def _distance(a: Draft, b: Draft, indicator: str, rules: ConsistencyRules) -> float | None:
    """Mean of |a - b| / max over the other indicators both have scored (None: too few)."""
    theirs = {i.id: i.score for i in b.indicators if i.score is not None}
    gaps = [
        abs(i.score - theirs[i.id]) / i.max
        for i in a.indicators
        if i.id != indicator and i.score is not None and i.id in theirs and i.max
    ]
    return sum(gaps) / len(gaps) if len(gaps) >= rules.min_shared_indicators else None


def _neighbours(draft: Draft, others: list[Draft], indicator: str, rules: ConsistencyRules) -> list[Draft]:
    near = []
    for other in others:
        if other.id == draft.id or other.indicator(indicator).score is None:
            continue
        gap = _distance(draft, other, indicator, rules)
        if gap is not None:
            near.append((gap, other.iso3, other))
    return [d for _, _, d in sorted(near, key=lambda t: (t[0], t[1]))[: rules.neighbours]]


def _last_year(draft: Draft, indicator: str, stored: dict[str, dict[str, int]]) -> int | None:
    if indicator in stored.get(draft.iso3, {}):
        return stored[draft.iso3][indicator]
    if draft.base is not None and draft.base.edition == draft.edition - 1:
        return draft.indicator(indicator).previous_score
    return None


def _change_flags(row: ConsistencyRow, language: str, rules: ConsistencyRules) -> list[Flag]:
    if row.change is None or row.score is None or row.last_year is None:
        return []
    note = note_paragraph(row.change_note, language)
    if note is None:
        if row.change:
            return [
                _flag(
                    "change-without-note",
                    "moved from {last} to {score} without a note",
                    last=row.last_year,
                    score=row.score,
                )
            ]
        return []
    flags = []
    stated = parse_score_change(note)
    if stated is not None and (stated.from_, stated.to) != (row.last_year, row.score):
        flags.append(
            _flag(
                "note-disagrees",
                "the note says {said_from} to {said_to}, the scores are {last} to {score}",
                said_from=stated.from_,
                said_to=stated.to,
                last=row.last_year,
                score=row.score,
            )
        )
    words = len((row.change_note or "").split())
    if abs(row.change) >= rules.big_change and words < rules.min_note_words:
        flags.append(
            _flag(
                "short-note",
                "a change of {change} explained in {words} words (fewer than {least})",
                change=f"{row.change:+d}",
                words=words,
                least=rules.min_note_words,
            )
        )
    return flags


def indicator_consistency(
    store: Store,
    edition: int,
    indicator: str,
    actor: Actor,
    *,
    sort: str = "country",
    descending: bool = False,
    flagged_only: bool = False,
    rules: ConsistencyRules = RULES,
) -> list[ConsistencyRow]:
    """The rows of ``indicator`` for ``edition`` that ``actor`` may see (see the module
    docstring), sorted by ``sort`` (one of :data:`SORTS`; rows without the value last).
    Raises :class:`~netfreedom.errors.NotFoundError` when the edition is not open and
    :class:`~netfreedom.errors.InputError` for an indicator the edition's methodology lacks
    or an unknown sort."""
    opened = DraftStore(store).edition(edition)
    methodology = load_methodology(opened.methodology)
    wanted = indicator.upper()
    if wanted not in methodology.indicator_ids:
        raise InputError(f"no indicator {indicator!r} in methodology {methodology.id}")
    if sort not in SORTS:
        raise InputError(f"cannot sort by {sort!r} (one of: {', '.join(SORTS)})")
    every = DraftStore(store).drafts(edition)
    readable = {d.id for d in drafts_for(store, actor, edition)}
    stored = {c.iso3: c.indicators for c in store.scorecards(edition=edition - 1)}
    sees_neighbours = bool(MANAGERS & set(actor.roles))
    rows = []
    for draft in every:
        if draft.id not in readable:
            continue
        drafted = draft.indicator(wanted)
        last = _last_year(draft, wanted, stored)
        row = ConsistencyRow(
            draft_id=draft.id,
            iso3=draft.iso3,
            country=draft.country_name,
            region=region_of(draft.iso3),
            stage=draft.state,
            score=drafted.score,
            max=drafted.max,
            last_year=last,
            change=None if drafted.score is None or last is None else drafted.score - last,
            change_note=drafted.change_note,
            evidence=store.evidence_counts(draft.iso3, edition).get(wanted, {}),
        )
        near = _neighbours(draft, every, wanted, rules)
        if len(near) >= rules.min_neighbours:
            scores = [n.indicator(wanted).score or 0 for n in near]
            row.neighbours_mean = round(sum(scores) / len(scores), 2)
            row.neighbours = [n.iso3 for n in near] if sees_neighbours else []
            if row.distance is not None and row.distance >= rules.far_share * row.max:
                row.flags.append(
                    _flag(
                        "far-from-neighbours",
                        "{score} against {mean} in the {count} countries most alike on the other indicators"
                        " (threshold {threshold})",
                        score=row.score,
                        mean=row.neighbours_mean,
                        count=len(near),
                        threshold=f"{rules.far_share * row.max:g}",
                    )
                )
        row.flags.extend(_change_flags(row, draft.language, rules))
        if row.flags or not flagged_only:
            rows.append(row)
    return _sorted(rows, sort, descending)


def _sorted(rows: list[ConsistencyRow], sort: str, descending: bool) -> list[ConsistencyRow]:
    rows.sort(key=lambda r: (r.country.casefold(), r.iso3))
    if sort == "country":
        return rows[::-1] if descending else rows

    def value(row: ConsistencyRow) -> float | None:
        if sort == "evidence":
            return row.evidence_total
        if sort == "flags":
            return len(row.flags)
        found = row.distance if sort == "distance" else getattr(row, sort)
        return None if found is None else float(found)

    known = [r for r in rows if value(r) is not None]
    known.sort(key=lambda r: value(r) or 0.0, reverse=descending)
    return known + [r for r in rows if value(r) is None]
