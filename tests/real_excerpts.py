"""Per-field accuracy of our readers on real published report excerpts.

Reads every excerpt in ``../shared/real/excerpts/`` (or ``--folder``) at run time through the
public reading API (:func:`netfreedom.ingest.read_report_bytes`) and compares what was read
with the values a person read in ``truth.csv`` (its README explains the columns). Nothing
from the excerpts is copied into the repository.

    python -m tests.real_excerpts [--folder DIR] [--misses]

prints, per field, how many of the non-empty truth values were read right and how many of the
empty ones (not printed in the excerpt) were left empty rather than guessed, the files whose
reading raised, and (``--misses``) every wrong value and every guess. Used by ``tests/test_real_excerpts.py``.

An excerpt that prints no edition is given the edition the ingest service deduces from the
stored series (:mod:`netfreedom.services.editions`), against the series a user's store holds
after ``tasks.py run``: the shared score tables (``fotn-scores.csv`` and the 2024 workbook),
read by our table reader, **without the rows whose source is the excerpt's own page** (its
``url`` in truth.csv): a row read from the very page would decide that page's edition, which
measures nothing about unseen pages. The newest edition that may exist is
:data:`SERIES_AS_OF`, not the clock, so the figures do not change on new year's day.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from netfreedom.ingest import ReadError, UnreadableInputError, read_report_bytes
from netfreedom.ingest.tables.reader import read_score_table
from netfreedom.model import Assessment
from netfreedom.model.edition_deduction import deduce_edition
from netfreedom.model.observations import ObservedValue
from netfreedom.services.editions import printed_scores

try:
    from .shared_data import SHARED
except ImportError:  # run as a script from the repository root
    from tests.shared_data import SHARED

EXCERPTS = SHARED / "real" / "excerpts"
SCORE_TABLES = (SHARED / "data" / "fotn-scores.csv", SHARED / "data" / "fotn-2024-country-score-data.xlsx")
"""The score tables ``tasks.py run`` imports: the series an excerpt's edition is deduced from."""
SERIES_AS_OF = 2026
"""The newest edition that may exist when truth.csv and the shared series were last checked
(session 8, December 2026); the service uses the current year."""


def load_series(tables: Iterable[Path] = SCORE_TABLES) -> list[ObservedValue]:
    """Every value of the score ``tables`` that exist, as the store would hold them."""
    return [value for table in tables if table.exists() for value in read_score_table(table).values()]


def series_without(series: Iterable[ObservedValue], iso3: str, url: str) -> list[ObservedValue]:
    """The values of country ``iso3`` in ``series`` but those read from the page at ``url``."""
    url = url.strip()
    return [v for v in series if v.iso3 == iso3 and (v.source_url or "").strip() != url]


FIELDS = (
    "country",
    "edition",
    "scale",
    "status",
    "total",
    "A",
    "B",
    "C",
    "last_year_total",
    "last_year_status",
)
"""Columns of truth.csv compared, in report order (``country`` compares the ISO alpha-3)."""

_STATUS_WORDS = {"free": "free", "partly free": "partly_free", "not free": "not_free"}


@dataclass
class Reading:
    """What our readers made of one excerpt: ``values`` by field (``None`` = missing),
    ``error`` the one-line error when reading raised, ``scores`` the number of scores read."""

    file: str
    values: dict[str, str | None] = field(default_factory=dict)
    error: str | None = None
    scores: int = 0
    finding_rules: list[str] = field(default_factory=list)
    deduced: str | None = None


@dataclass
class Miss:
    """A truth value not read right: ``got`` is ``None`` when nothing was read."""

    file: str
    field: str
    expected: str
    got: str | None


@dataclass
class Accuracy:
    """Per-field counts: ``right[f]`` of ``total[f]`` non-empty truth values."""

    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[Miss] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    negatives_with_scores: list[str] = field(default_factory=list)
    left_empty: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    not_printed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    guesses: list[Miss] = field(default_factory=list)

    @property
    def overall(self) -> float:
        """Share of all non-empty truth values read right (0..1)."""
        total = sum(self.total.values())
        return sum(self.right.values()) / total if total else 1.0

    def lines(self) -> list[str]:
        """The table printed by the script: one line per field, then the overall figure."""
        out = [f"{'field':18} {'printed values read right':>26}   {'not printed, left empty':>24}"]
        for name in FIELDS:
            total = self.total[name]
            share = self.right[name] / total if total else 1.0
            empty = f"{self.left_empty[name]:4d} / {self.not_printed[name]:4d}"
            out.append(f"{name:18} {self.right[name]:4d} / {total:4d}  {share:7.1%}   {empty:>24}")
        all_right, all_total = sum(self.right.values()), sum(self.total.values())
        all_empty = f"{sum(self.left_empty.values()):4d} / {sum(self.not_printed.values()):4d}"
        out.append(f"{'all values':18} {all_right:4d} / {all_total:4d}  {self.overall:7.1%}   {all_empty:>24}")
        everything = all_total + sum(self.not_printed.values())
        both = all_right + sum(self.left_empty.values())
        out.append(f"every truth cell (printed read right or not printed left empty): {both} / {everything}")
        out.append(f"files that gave no assessment: {len(self.errors)}")
        out.append(f"negatives with scores: {len(self.negatives_with_scores)}")
        return out


def load_truth(folder: Path = EXCERPTS) -> list[dict[str, str]]:
    """Rows of ``truth.csv`` in ``folder`` (one per excerpt file)."""
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def is_negative(row: dict[str, str]) -> bool:
    """True for a page that is not a report (``na`` in place of the edition)."""
    return row["file"].split("_")[1] == "na"


def compared_values(assessment: Assessment) -> tuple[dict[str, str | None], int]:
    """(the truth.csv fields as read, as strings or None; how many scores were read: total,
    categories and indicators) of one assessment."""
    country = assessment.country
    values: dict[str, str | None] = {
        "country": country.iso3 if country is not None else None,
        "edition": None if assessment.edition is None else str(assessment.edition),
        "scale": None if _scale_unknown(assessment) else str(assessment.scale),
        "status": None if assessment.status is None else str(assessment.status),
        "total": None if assessment.total is None else str(assessment.total),
        "last_year_total": None if assessment.previous.total is None else str(assessment.previous.total),
        "last_year_status": None if assessment.previous.status is None else str(assessment.previous.status),
    }
    for letter in "ABC":
        category = assessment.categories.get(letter)
        values[letter] = None if category is None or category.score is None else str(category.score)
    scores = sum(1 for v in (assessment.total, *(c.score for c in assessment.categories.values())) if v is not None)
    scores += sum(1 for indicator in assessment.indicators if indicator.score is not None)
    return values, scores


def read_excerpt(path: Path, series: list[ObservedValue] | None = None, url: str = "") -> Reading:
    """Read one excerpt through the public API and collect the compared values; with a
    ``series`` (:func:`load_series`), an edition not printed is deduced from it as the ingest
    service does, leaving out the values read from ``url`` (the excerpt's own page)."""
    reading = Reading(file=path.name)
    try:
        assessment = read_report_bytes(path.read_bytes(), file_name=path.name)
    except (ReadError, UnreadableInputError) as error:
        reading.error = f"{type(error).__name__}: {error}"
        reading.values = dict.fromkeys(FIELDS)
        return reading
    reading.values, reading.scores = compared_values(assessment)
    reading.finding_rules = [finding.rule for finding in assessment.findings]
    if series is not None and assessment.edition is None and assessment.country is not None:
        printed = printed_scores(assessment)
        if printed is not None:
            own = series_without(series, assessment.country.iso3, url)
            deduction = deduce_edition(printed, own, newest=SERIES_AS_OF)
            if deduction is not None:
                reading.values["edition"] = str(deduction.edition)
                reading.deduced = deduction.evidence
    return reading


_SCALE_UNKNOWN = "the scale is not printed and cannot be told"


def _scale_unknown(assessment: Assessment) -> bool:
    """True when the reader says the scale could not be told (the assessment then holds a
    placeholder scale, which is no reading)."""
    return any((note.template or note.message).startswith(_SCALE_UNKNOWN) for note in assessment.reader_notes)


def expected_value(row: dict[str, str], name: str) -> str:
    """The truth value of ``name`` in the form :func:`read_excerpt` gives ('' = not printed)."""
    if name == "country":
        return row["iso3"].strip()
    value = row[name].strip()
    if name in ("status", "last_year_status") and value:
        return _STATUS_WORDS[value.lower()]
    return value


def measure(folder: Path = EXCERPTS, rows: Iterable[dict[str, str]] | None = None) -> tuple[Accuracy, list[Reading]]:
    """Read every excerpt listed in ``truth.csv`` and count right values per field."""
    accuracy = Accuracy()
    readings = []
    series = load_series()
    for row in rows if rows is not None else load_truth(folder):
        reading = read_excerpt(folder / row["file"], series, row["url"])
        readings.append(reading)
        if reading.error:
            accuracy.errors[row["file"]] = reading.error
        if is_negative(row):
            if reading.scores:
                accuracy.negatives_with_scores.append(row["file"])
            continue
        for name in FIELDS:
            expected = expected_value(row, name)
            if not expected:
                # Not printed: right when left empty (the reader says it is missing), a guess otherwise.
                accuracy.not_printed[name] += 1
                got = reading.values.get(name)
                if got is None:
                    accuracy.left_empty[name] += 1
                else:
                    accuracy.guesses.append(Miss(row["file"], name, "", got))
                continue
            accuracy.total[name] += 1
            got = reading.values.get(name)
            if got == expected:
                accuracy.right[name] += 1
            else:
                accuracy.misses.append(Miss(row["file"], name, expected, got))
    return accuracy, readings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=EXCERPTS, help="folder holding truth.csv and the excerpts")
    parser.add_argument("--misses", action="store_true", help="list every value not read right")
    args = parser.parse_args(argv)
    if not (args.folder / "truth.csv").exists():
        print(f"no truth.csv in {args.folder}", file=sys.stderr)
        return 2
    accuracy, readings = measure(args.folder)
    print("\n".join(accuracy.lines()))
    for reading in readings:
        if reading.deduced:
            print(f"  deduced: {reading.file}: {reading.deduced}")
    for name, error in sorted(accuracy.errors.items()):
        print(f"  no assessment: {name}: {error}")
    for name in accuracy.negatives_with_scores:
        print(f"  negative with scores: {name}")
    if args.misses:
        for miss in accuracy.misses:
            print(f"  {miss.file:28} {miss.field:17} expected {miss.expected!r:14} got {miss.got!r}")
        for guess in accuracy.guesses:
            print(f"  {guess.file:28} {guess.field:17} not printed, but read as {guess.got!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
