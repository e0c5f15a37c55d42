"""The real score files of ``../shared/data``, read at run time with no options.

Nothing from them is copied here; the figures asserted are facts of the files (country
counts, one country's published per-question scores).
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path

import pytest

from netfreedom.ingest.tables.reader import read_score_table
from netfreedom.methodology import Scale, Status, load_methodology
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store

from .shared_data import SHARED

DATA = SHARED / "data"


def shared_file(name: str) -> Path:
    """A file of ``../shared/data``; skips outside CI when it is absent, fails in CI."""
    path = DATA / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"missing shared data file {path}")
        pytest.skip(f"no {path}")
    return path


def test_the_2024_workbook_reads_72_countries_with_every_question() -> None:
    table = read_score_table(shared_file("fotn-2024-country-score-data.xlsx"))
    assert [p for p in table.problems if p.severity == "error"] == []
    assert table.countries == 72 and len(table.rows) == 72 and table.rejected == 0
    assert {row.edition for row in table.rows} == {2024}
    assert {(row.scale, row.scale_from) for row in table.rows} == {(Scale.HIGHER_IS_FREER, "edition")}
    assert table.skipped_sheets == ["Understanding our data"]  # the notes sheet
    assert table.file_scale is Scale.HIGHER_IS_FREER  # its sentence agrees with the edition
    indicators = load_methodology("fotn-2019").indicator_ids
    assert all(set(indicators) <= set(row.values) for row in table.rows)
    kaz = next(row for row in table.rows if row.iso3 == "KAZ")
    assert kaz.status is Status.NOT_FREE
    assert [kaz.values[i] for i in indicators] == [5, 2, 3, 2, 0, 2, 1, 1, 1, 1, 1, 2, 3, 1, 0, 2, 1, 2, 2, 2, 0]
    assert (kaz.values["A"], kaz.values["B"], kaz.values["C"], kaz.values["total"]) == (12, 12, 10, 34)
    names = {row.iso3 for row in table.rows}
    assert {"GMB", "NLD", "KOR", "MMR", "ARE"} <= names  # The Gambia, The Netherlands, South Korea, ...


def test_the_score_table_reads_605_country_editions() -> None:
    path = shared_file("fotn-scores.csv")
    table = read_score_table(path)
    with path.open(encoding="utf-8", newline="") as stream:
        expected = {(r["iso3"], int(r["edition"])): r["scale"] for r in csv.DictReader(stream)}
    assert len(table.rows) == 605 and table.countries == 72 and table.rejected == 0
    assert {(r.iso3, r.edition): r.scale.value for r in table.rows} == expected
    assert {r.scale_from for r in table.rows} == {"column"}


def test_the_observations_keep_every_disagreement_inside_the_file(store: Store) -> None:
    path = shared_file("fotn-observations.csv")
    table = read_score_table(path)
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert table.rejected == 0 and len(table.rows) + table.duplicates == len(rows)
    per_key = Counter((r.iso3, r.edition) for r in table.rows)
    assert len(per_key) == 605
    summary = import_score_table(store, path)
    assert summary.countries == 72
    inside = {(c.observation.iso3, c.observation.edition) for c in store.conflicts()}
    assert ("AUS", 2012) in inside and ("RUS", 2021) in inside  # two sources of the file disagree


def test_the_2024_workbook_imports_every_question(store: Store) -> None:
    summary = import_score_table(store, shared_file("fotn-2024-country-score-data.xlsx"))
    assert (summary.countries, summary.rejected, summary.created) == (72, 0, 72)
    stored = {o.field: o for o in store.observations("KAZ", 2024)}
    assert (stored["C5"].published_value, stored["C5"].max, stored["A1"].published_value) == (2, 6, 5)
    assert stored["total"].current_value == 34 and stored["status"].status is Status.NOT_FREE
