"""More layouts of real score files, read with no options: a table under a long methodology
preamble, two tables side by side on one sheet, and the long "country, year, variable,
value" format of data compilations.

Every file is written at test time in our own words; the scores are facts of
``../shared/data/fotn-scores.csv``. Each value must land right or the file must fail with
one line naming it.
"""

from __future__ import annotations

from pathlib import Path

from netfreedom.ingest.tables.reader import read_score_table
from netfreedom.methodology import Scale, Status

from .test_score_files_heldout import _errors, _landed, _save

LEGACY, CURRENT = Scale.LOWER_IS_FREER, Scale.HIGHER_IS_FREER
NF, PF, F = Status.NOT_FREE, Status.PARTLY_FREE, Status.FREE


def _preamble(lines: int) -> list[list[object]]:
    """Methodology prose as a report's annex writes it: one sentence a row, blank rows between paragraphs."""
    rows: list[list[object]] = []
    for n in range(lines):
        rows.append([f"Paragraph {n + 1}: how analysts weighed the evidence for this part, in brief."])
        if n % 4 == 3:
            rows.append([None])
    return rows


# -- a header below row 30 -----------------------------------------------------------------


def test_a_table_under_a_long_methodology_preamble(tmp_path: Path) -> None:
    rows = [["Freedom on the Net 2022: scores and method"], *_preamble(48),
            ["Country", "Obstacles to Access", "Limits on Content", "Violations of User Rights", "Total", "Status"],
            ["India", 13, 21, 17, 51, "Partly Free"], ["Iran", 7, 5, 4, 16, "Not Free"],
            ["Germany", 23, 28, 26, 77, "Free"], ["Egypt", 13, 10, 4, 27, "Not Free"]]  # fmt: skip
    path = _save(tmp_path / "annex.xlsx", {"Method and scores": rows})
    table = read_score_table(path)
    assert table.header_row == 62 and _errors(table) == []
    assert _landed(table) == {
        ("IND", 2022): (PF, CURRENT, {"A": 13, "B": 21, "C": 17, "total": 51}),
        ("IRN", 2022): (NF, CURRENT, {"A": 7, "B": 5, "C": 4, "total": 16}),
        ("DEU", 2022): (F, CURRENT, {"A": 23, "B": 28, "C": 26, "total": 77}),
        ("EGY", 2022): (NF, CURRENT, {"A": 13, "B": 10, "C": 4, "total": 27}),
    }


def test_a_semicolon_csv_under_a_preamble_whose_sentences_hold_commas(tmp_path: Path) -> None:
    preamble = "".join(f"Note {n}: scores, statuses and categories were checked twice, then published.\n"
                       for n in range(55))  # fmt: skip
    table_text = "Country;Edition;Status;Score\nCambodia;2016;NF;52\nCanada;2016;F;16\nBahrain;2016;NF;71\n"
    path = tmp_path / "fotn export.csv"
    path.write_text(preamble + "\n" + table_text, encoding="utf-8")
    table = read_score_table(path)
    assert _errors(table) == [] and table.header_row == 57
    assert _landed(table) == {
        ("KHM", 2016): (NF, LEGACY, {"total": 52}),
        ("CAN", 2016): (F, LEGACY, {"total": 16}),
        ("BHR", 2016): (NF, LEGACY, {"total": 71}),
    }
