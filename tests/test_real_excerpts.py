"""Real published report excerpts (../shared/real/excerpts, read at run time): every value a
person reads in them (truth.csv) must come out of our readers, negatives give no scores, and
no placeholder country is ever made up.

The per-field accuracy is printed (``pytest -s``) and recorded as test properties; the same
table comes from ``python -m tests.real_excerpts --misses``.
"""

from __future__ import annotations

import os

import pytest

from .real_excerpts import EXCERPTS, FIELDS, expected_value, is_negative, load_truth, measure, read_excerpt

MIN_ACCURACY = 0.965
"""Share of all non-empty truth values read right; raised as the readers improve (the
goal is 1.0)."""


def _truth() -> list[dict[str, str]]:
    if not (EXCERPTS / "truth.csv").exists():
        if os.environ.get("CI"):
            pytest.fail(f"the real excerpts are missing at {EXCERPTS}")
        pytest.skip(f"no real excerpts at {EXCERPTS}")
    return load_truth()


def test_per_field_accuracy(record_property: pytest.RecordProperty) -> None:
    accuracy, _ = measure(EXCERPTS, _truth())
    print()
    print("\n".join(accuracy.lines()))
    for name in FIELDS:
        record_property(f"accuracy_{name}", f"{accuracy.right[name]}/{accuracy.total[name]}")
    record_property("accuracy_all", f"{accuracy.overall:.3f}")
    assert accuracy.overall >= MIN_ACCURACY, "\n".join(
        f"{m.file} {m.field}: expected {m.expected!r}, got {m.got!r}" for m in accuracy.misses
    )


def test_negatives_give_no_scores() -> None:
    negatives = [row for row in _truth() if is_negative(row)]
    assert negatives, "truth.csv lists no negative"
    for row in negatives:
        reading = read_excerpt(EXCERPTS / row["file"])
        assert reading.scores == 0, f"{row['file']}: {reading.scores} scores read from a page that is no report"


def test_no_placeholder_country() -> None:
    """A country that cannot be identified is missing, never a made-up code."""
    for row in _truth():
        reading = read_excerpt(EXCERPTS / row["file"])
        assert reading.values["country"] in (None, expected_value(row, "country")), row["file"]
