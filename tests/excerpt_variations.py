"""Realistic damage and variation applied to the real excerpts, to stand in for unseen pages of
the same families (issue 9: "the held-out set is what counts").

Every excerpt in ``../shared/real/excerpts/`` (read at run time, nothing copied) is varied the
ways a real copy of such a page is: other line ends, a byte-order mark, non-breaking spaces or
tabs for spaces, blank lines doubled or dropped, words hyphen-split over lines, curly quotes,
the score lines reflowed into one line or into a two-column table, site furniture after the
page, a proxy's header lines or a site's menu above it, the page saved as HTML, a PDF's page
breaks among its lines and inside the score block, its category labels wrapped or hyphenated
over two lines (tests/excerpt_damage.py); and, losing text, the page starting a few lines lower or
cut short at different points. The varied text is read through the public reading API
(:func:`netfreedom.ingest.read_report_bytes`) and each value the unvaried excerpt reads right
(``truth.csv``) is scored:

- *right*: the same value;
- *missing*: left empty; only allowed where the variation can remove the value (``lossy``),
  and then a finding must say it is missing (``missing-score`` for a score, status or the
  country);
- *wrong*: another value, or a value where truth.csv has none (a guess), or scores read from a
  negative (a page that is not a report).

    python -m tests.excerpt_variations [--misses] [--only NAME]

prints, per variation, the values right / missing / wrong (per field with ``--misses``, and
every wrong or unexpected missing value). Used by ``tests/test_excerpt_variations.py``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from netfreedom.checks import run_checks
from netfreedom.ingest import ReadError, UnreadableInputError, read_report_bytes

try:
    from .excerpt_damage import VARIATIONS, Variation, vary
    from .real_excerpts import (
        EXCERPTS,
        FIELDS,
        compared_values,
        expected_value,
        is_negative,
        load_truth,
        read_excerpt,
    )
except ImportError:  # run as a script from the repository root
    from tests.excerpt_damage import VARIATIONS, Variation, vary
    from tests.real_excerpts import (
        EXCERPTS,
        FIELDS,
        compared_values,
        expected_value,
        is_negative,
        load_truth,
        read_excerpt,
    )

SCORE_FIELDS = ("status", "total", "A", "B", "C")
"""Fields whose absence the ``missing-score`` finding reports (with the country)."""


@dataclass
class Outcome:
    """One compared value of one varied excerpt: ``kind`` is right, missing or wrong."""

    file: str
    field: str
    kind: str
    expected: str
    got: str | None
    note: str = ""


@dataclass
class VariationResult:
    """Per-field counts of one variation over every excerpt."""

    variation: Variation
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    missing: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    wrong: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    failures: list[Outcome] = field(default_factory=list)
    lost: list[Outcome] = field(default_factory=list)

    @property
    def compared(self) -> int:
        return sum(self.right.values()) + sum(self.missing.values()) + sum(self.wrong.values())

    def line(self) -> str:
        right, missing, wrong = (sum(d.values()) for d in (self.right, self.missing, self.wrong))
        share = right / self.compared if self.compared else 1.0
        lossy = "lossy" if self.variation.lossy else ""
        return f"{self.variation.name:20} {lossy:5} {right:4d} / {self.compared:4d} {share:7.1%}   missing {missing:3d}   wrong {wrong:3d}   failures {len(self.failures):3d}"


def _values(data: bytes) -> tuple[dict[str, str | None], int, set[str], str | None]:
    """(values by field, scores read, finding rules, error) of one varied text."""
    try:
        assessment = read_report_bytes(data, file_name="varied.txt")
    except (ReadError, UnreadableInputError) as error:
        return dict.fromkeys(FIELDS), 0, set(), f"{type(error).__name__}: {error}"
    values, scores = compared_values(assessment)
    rules = {finding.rule for finding in run_checks(assessment)}
    return values, scores, rules, None


def measure_variation(variation: Variation, rows: list[dict[str, str]], folder: Path = EXCERPTS) -> VariationResult:
    """Read every excerpt of ``rows`` varied by ``variation`` and score each value the unvaried
    excerpt reads right (see the module docstring)."""
    result = VariationResult(variation)
    for row in rows:
        path = folder / row["file"]
        base = read_excerpt(path)
        text = path.read_bytes().decode("utf-8")
        values, scores, rules, error = _values(vary(variation, row["file"], text).encode("utf-8"))
        if is_negative(row):
            if scores:
                result.wrong["total"] += 1
                result.failures.append(Outcome(row["file"], "scores", "wrong", "0", str(scores), "negative"))
            continue
        for name in FIELDS:
            expected = expected_value(row, name)
            if base.values.get(name) != (expected or None):
                continue  # the unvaried excerpt misses it already: tests/real_excerpts.py counts that
            got = values.get(name)
            if got == (expected or None):
                result.right[name] += 1
            elif got is None and variation.lossy:
                said = error is not None or "missing-score" in rules or name not in (*SCORE_FIELDS, "country")
                result.missing[name] += 1
                if not said:
                    result.failures.append(Outcome(row["file"], name, "missing", expected, None, "no finding says so"))
                else:
                    result.lost.append(Outcome(row["file"], name, "missing", expected, None, error or ""))
            elif got is None:
                result.missing[name] += 1
                result.failures.append(Outcome(row["file"], name, "missing", expected, None, error or ""))
            else:
                result.wrong[name] += 1
                result.failures.append(Outcome(row["file"], name, "wrong", expected, got))
    return result


def measure_all(variations: tuple[Variation, ...] = VARIATIONS, folder: Path = EXCERPTS) -> list[VariationResult]:
    """:func:`measure_variation` for each variation over every excerpt of ``truth.csv``."""
    rows = load_truth(folder)
    return [measure_variation(variation, rows, folder) for variation in variations]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=EXCERPTS, help="folder holding truth.csv and the excerpts")
    parser.add_argument("--misses", action="store_true", help="list every wrong or unexpected missing value")
    parser.add_argument("--lost", action="store_true", help="also list the values a lossy variation left missing")
    parser.add_argument("--only", action="append", help="measure only this variation (repeatable)")
    args = parser.parse_args(argv)
    if not (args.folder / "truth.csv").exists():
        print(f"no truth.csv in {args.folder}", file=sys.stderr)
        return 2
    chosen = tuple(v for v in VARIATIONS if not args.only or v.name in args.only)
    results = measure_all(chosen, args.folder)
    print(f"{'variation':20} {'':5} {'values read right':>20}")
    for result in results:
        print(result.line())
        if args.misses:
            for outcome in result.failures:
                print(
                    f"    {outcome.file:28} {outcome.field:17} {outcome.kind:8} expected {outcome.expected!r:14} got {outcome.got!r} {outcome.note}"
                )
        if args.lost:
            for outcome in result.lost:
                print(
                    f"    {outcome.file:28} {outcome.field:17} lost     expected {outcome.expected!r:14} {outcome.note}"
                )
    right = sum(sum(r.right.values()) for r in results)
    compared = sum(r.compared for r in results)
    failures = sum(len(r.failures) for r in results)
    print(f"{'all':26} {right:4d} / {compared:4d} {right / compared if compared else 1:7.1%}   failures {failures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
