"""What reading a score sheet costs grows with the sheet, never with its square.

Timings live in ``benchmarks/score_tables.py``; here the work is counted: how often the
prose of a sheet is read for a scale, and whether a line that names no country pays for the
"did you mean" suggestions of an error message nobody sees.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from netfreedom.ingest.tables import header_rows, layout, names
from netfreedom.ingest.tables.reader import read_score_table
from netfreedom.methodology import Scale
from netfreedom.model import countries
from netfreedom.model.countries import find_country

_COUNTRIES = ["Kenya", "Brazil", "India", "Estonia", "Cuba", "Georgia", "Iceland", "Ukraine", "Nigeria", "Mexico"]


def test_the_prose_of_a_sheet_is_read_for_its_scale_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 2014 totals without a status: only the sheet's own note line decides their scale
    rows = [["Country", "Edition", "Total Score"]]
    rows += [[name, str(edition), str(10 + (i * 7 + edition) % 80)]
             for i, name in enumerate(_COUNTRIES) for edition in range(2012, 2016)]  # fmt: skip
    notes = [["Scores run from 0 (best) to 100 (worst)."]] + [
        [f"Source note {n} on the collection."] for n in range(400)
    ]
    path = tmp_path / "scored.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows + notes)
    calls = [0]
    real = layout.scale_in_text

    def counted(text: str) -> Scale | None:
        calls[0] += 1
        return real(text)

    monkeypatch.setattr(layout, "scale_in_text", counted)
    table = read_score_table(path)
    assert len(table.rows) == 40 and {row.scale for row in table.rows} == {Scale.LOWER_IS_FREER}
    assert calls[0] <= len(notes) + 5  # each note line once (was once per row: 40 x 401)


def test_a_footnote_line_is_no_country_without_an_error_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(name: str, limit: int = 3) -> list[str]:
        raise AssertionError(f"suggestions computed for {name!r}")

    monkeypatch.setattr(countries, "suggestions", refuse)
    header_rows.is_country.cache_clear()
    assert not header_rows.is_country("Figures compiled from the published country pages, see annex 3")
    assert header_rows.is_country("Gambia, The") and header_rows.is_country("Burma/Myanmar")
    assert find_country("Korea, Rep.") is None and find_country("kaz") is not None
    with pytest.raises(countries.UnknownCountryError):
        names.table_country("Atlantis")
