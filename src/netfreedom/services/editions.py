"""The edition of a report that does not print it, deduced at check and ingest time from the
country's series in the store (:mod:`netfreedom.model.edition_deduction` holds the rule).

:func:`with_deduced_edition` is called on every report read from a file before the checks run
(``netfreedom check`` with a store, ``netfreedom ingest``): when the reader found the country
and the scale but no edition, the store's current total, status and category observations of
that country (score tables and other reports, not an earlier copy of the same file) are weighed. A deduced edition is set, named
in ``Provenance.inferred`` (``edition``) and explained in a reader note at location
``edition`` that the ``edition-deduction`` check reports (info); an edition that cannot be
told stays ``None``, with a note saying why, and :func:`netfreedom.services.reports.refuse_to_store`
keeps such a report out of the store ("not stored", exit 1) with that reason.
"""

from __future__ import annotations

from datetime import UTC, datetime

from netfreedom.model.assessment import Assessment, ReaderNote, reader_note
from netfreedom.model.edition_deduction import (
    CATEGORIES,
    Deduction,
    PrintedScores,
    Weighing,
    deduce_edition,
    weigh_editions,
)
from netfreedom.model.observations import SourceKind
from netfreedom.model.scoring import STATUS, TOTAL
from netfreedom.store import Store, series_observations

__all__ = ["EDITION_NOTE", "edition_note", "printed_scores", "with_deduced_edition"]

EDITION_NOTE = "edition"
"""``ReaderNote.location`` of the note that says how the edition was deduced, or why not."""

_SCALE_UNKNOWN = "the scale is not printed"
"""Start of the reader's note for a scale it could not tell (the scale then is a placeholder)."""

DEDUCED_MATCH = (
    "edition {edition} deduced from the stored series: {match} agree with the stored edition {edition};"
    " the {count} other possible editions ({first}-{last}) disagree with the report"
)
DEDUCED_ALONE = (
    "edition {edition} deduced from the stored series: the store holds no score of it, and the {count}"
    " other possible editions ({first}-{last}) disagree with the report"
)
NOT_DEDUCED_SEVERAL = "the edition is not printed and cannot be deduced: editions {editions} all fit the stored series"
NOT_DEDUCED_NONE = (
    "the edition is not printed and cannot be deduced: no possible edition ({first}-{last}) fits the stored series"
)
NOT_DEDUCED_NOTHING = "the edition is not printed and cannot be deduced: the report prints no score to compare"


def printed_scores(assessment: Assessment) -> PrintedScores | None:
    """What ``assessment`` prints for the deduction, or ``None`` when its scale could not be
    told (the values cannot be compared)."""
    if any((n.template or n.message).startswith(_SCALE_UNKNOWN) for n in assessment.reader_notes):
        return None
    categories = {key: c.score for key, c in assessment.categories.items() if key in CATEGORIES and c.score is not None}
    return PrintedScores(
        scale=assessment.scale,
        total=assessment.total,
        status=assessment.status,
        categories=categories,
        last_year_total=assessment.previous.total,
        last_year_status=assessment.previous.status,
    )


def edition_note(result: Deduction | Weighing) -> ReaderNote:
    """The reader note (location ``edition``) for a deduction, or for a weighing that left
    the edition unknown."""
    weighing = result.weighing if isinstance(result, Deduction) else result
    first, last = weighing.candidates[0], weighing.candidates[-1]
    if isinstance(result, Deduction):
        count = len(weighing.ruled_out)
        if result.match is None:
            return reader_note(EDITION_NOTE, DEDUCED_ALONE, edition=result.edition, count=count, first=first, last=last)
        return reader_note(
            EDITION_NOTE, DEDUCED_MATCH, edition=result.edition, match=result.match, count=count, first=first, last=last
        )
    if not weighing.comparable:
        return reader_note(EDITION_NOTE, NOT_DEDUCED_NOTHING)
    if not weighing.left:
        return reader_note(EDITION_NOTE, NOT_DEDUCED_NONE, first=first, last=last)
    return reader_note(EDITION_NOTE, NOT_DEDUCED_SEVERAL, editions=", ".join(str(e) for e in weighing.left))


def with_deduced_edition(assessment: Assessment, store: Store, *, today: datetime | None = None) -> Assessment:
    """``assessment`` with its edition deduced from ``store`` when the reader found none
    (module docstring); unchanged when it has an edition, no country, or no known scale.
    ``today`` (UTC, default now) bounds the newest edition that may exist. Raises
    :class:`~netfreedom.store.StoreError` when the store cannot be read."""
    if assessment.edition is not None or assessment.country is None:
        return assessment
    printed = printed_scores(assessment)
    if printed is None:
        return assessment
    newest = (today or datetime.now(UTC)).year
    own_file = assessment.provenance.file_name if assessment.provenance is not None else None
    observations = [
        o
        for o in series_observations(store, assessment.country.iso3, (TOTAL, STATUS, *CATEGORIES))
        # A stored copy of this very file (an earlier ingest) is no evidence of its own edition.
        if not (o.source_kind is SourceKind.REPORT and o.source_name == own_file)
    ]
    deduction = deduce_edition(printed, observations, newest=newest)
    result: Deduction | Weighing = (
        deduction if deduction is not None else weigh_editions(printed, observations, newest=newest)
    )
    notes = [*assessment.reader_notes, edition_note(result)]
    if deduction is None:
        return assessment.model_copy(update={"reader_notes": notes})
    update: dict[str, object] = {"edition": deduction.edition, "reader_notes": notes}
    if assessment.provenance is not None:
        inferred = list(dict.fromkeys([*assessment.provenance.inferred, "edition"]))
        update["provenance"] = assessment.provenance.model_copy(update={"inferred": inferred})
    return assessment.model_copy(update=update)
