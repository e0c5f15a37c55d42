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

- ``change-unexplained``: last year's score of the indicator is not known, only its category's
  or the total (a score-table row): the category (or the total) moved since last year and the
  notes do not explain the move (the drafting gate's finding,
  :func:`~netfreedom.services.draft_report.last_year_findings`).

Last year's score is that of last year's scorecard (:attr:`Draft.last_year
<netfreedom.model.drafting.Draft.last_year>`: the previous published edition, 2009 for 2011,
from any source: reports, workbooks, score-table rows), never simply the draft's base, which
may be older. ``last_year_edition`` names that edition and ``last_year_basis`` says at which
level it is known for the row: ``indicator``, ``category`` or ``total`` (``None``: no
scorecard).
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

from netfreedom.errors import N_, InputError
from netfreedom.ingest.parts.body import parse_score_change
from netfreedom.methodology import load_methodology
from netfreedom.model.drafting import Draft
from netfreedom.model.regions import region_of
from netfreedom.services.draft_report import last_year_findings, note_paragraph
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
    last_year_edition: int | None = None
    last_year_basis: str | None = None
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


def _basis(draft: Draft, indicator: str, category: str) -> str | None:
    """At which level last year is known for ``indicator``: ``indicator``, ``category``,
    ``total`` or ``None``."""
    last = draft.last_year
    if last is None:
        return None
    if indicator in last.indicators:
        return "indicator"
    if category in last.categories:
        return "category"
    return "total" if last.total is not None else None


def _unexplained_flags(draft: Draft, category: str, basis: str) -> list[Flag]:
    """The drafting gate's unexplained move of the indicator's category (``basis``
    ``category``) or of the total (``total``), as a flag of the row."""
    flags = []
    where = f"category:{category}" if basis == "category" else "total"
    for finding in last_year_findings(draft):
        if finding.location == where:
            flags.append(_flag("change-unexplained", finding.template or finding.message, **finding.values))
    return flags


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
        raise InputError(
            N_("no indicator '{indicator}' in methodology {methodology}"),
            indicator=indicator,
            methodology=methodology.id,
        )
    if sort not in SORTS:
        raise InputError(N_("cannot sort by '{sort}' (one of: {known})"), sort=sort, known=", ".join(SORTS))
    every = DraftStore(store).drafts(edition)
    readable = {d.id for d in drafts_for(store, actor, edition)}
    sees_neighbours = bool(MANAGERS & set(actor.roles))
    rows = []
    for draft in every:
        if draft.id not in readable:
            continue
        drafted = draft.indicator(wanted)
        last = drafted.previous_score
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
            last_year_edition=draft.last_year.edition if draft.last_year is not None else None,
            last_year_basis=_basis(draft, wanted, drafted.category),
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
        if row.last_year_basis in ("category", "total"):
            row.flags.extend(_unexplained_flags(draft, drafted.category, row.last_year_basis))
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
