"""Score tables whose edition columns were glued together, split PDF status rows, the Quick
Facts edition and the table note that is no score (fixtures written here, in our own words)."""

from __future__ import annotations

from netfreedom.checks import run_checks
from netfreedom.ingest import read_report_bytes
from netfreedom.ingest.readers.pdf_book import split_status_row
from netfreedom.ingest.readers.year_columns import splits

GLUED_THREE = """Freedom on the Net 2021 - Exampleland

 201920202021
Internet Freedom Status xx Partly Free yy Not Free zz Not Free
A.  Obstacles to Access (0-25 points) extra words 12 9 5
B.  Limits on Content (0-35 points) local label 201510
C.  Violations of User Rights (0-40 points) local label 18126
Total (0-100 points) local label 503621

Exampleland's networks were throttled in every region during the protests of the year.
"""


def _glued(text: str) -> str:
    return text.replace("12 9 5", "1295")


def test_splits_lists_every_cut_within_the_maximum() -> None:
    assert splits("10116", 3, 40) == [(10, 1, 16), (10, 11, 6)]
    assert splits("1074", 3, 25) == [(10, 7, 4)]
    assert splits("100", 2, 100) == [(10, 0)]
    assert splits("05", 1, 25) == []


def test_glued_columns_are_split_with_the_column_totals() -> None:
    assessment = read_report_bytes(_glued(GLUED_THREE).encode(), file_name="glued.txt")
    assert assessment.provenance is not None and assessment.provenance.reader == "year-columns"
    assert assessment.edition == 2021 and assessment.country is not None and assessment.country.iso3 == "XEX"
    # B '201510' = 20|15|10, C '18126' = 18|12|6 or 18|1|26: only 18|12|6 adds up to 50, 36, 21.
    assert {c: assessment.categories[c].score for c in "ABC"} == {"A": 5, "B": 10, "C": 6}
    assert assessment.total == 21 and str(assessment.status) == "not_free"
    assert assessment.previous.total == 36 and str(assessment.previous.status) == "not_free"
    assert str(assessment.scale) == "higher_is_freer"
    rules = {f.rule for f in run_checks(assessment)}
    assert "category-sum" not in rules and "total-sum" not in rules


def test_glued_columns_that_split_several_ways_give_no_score() -> None:
    text = _glued(GLUED_THREE).replace("Total (0-100 points) local label 503621\n", "")
    text = text.replace("18126", "18116")  # 18|11|6 or 18|1|16: no total row to choose
    assessment = read_report_bytes(text.encode(), file_name="ambiguous.txt")
    assert all(assessment.categories[c].score is None for c in "ABC")
    assert any("ways to split them fit" in note.message for note in assessment.reader_notes)


def test_split_status_row_needs_both_first_words() -> None:
    head = "Exampleland 2015 2016 Partly Not Internet Freedom Status Population: 3 million Free Free Obstacles"
    assert tuple(map(str, split_status_row(head))) == ("partly_free", "not_free")
    assert split_status_row("Not Internet Freedom Status Free Free Obstacles") == (None, None)


BOOK = """FREEDOM ON THE NET Exampleland
2013 2014
Internet Freedom Status Not Free Not Free
Obstacles to Access (0-25) Limits on Content (0-35) Violations of User Rights (0-40) Total (0-100) * 0=most free, 100=least free
POPULATION: 3 million INTERNET PENETRATION 2013: 40 percent
Introduction
Exampleland kept its filters in place and added new ones during the year.
"""


def test_table_note_is_no_total_and_quick_facts_give_the_edition() -> None:
    assessment = read_report_bytes(BOOK.replace("2013 2014\n", "").encode(), file_name="book.txt")
    assert assessment.total is None  # "* 0=most free" is the table's note, not a score
    assert assessment.edition == 2014
    assert assessment.provenance is not None and "edition" in assessment.provenance.inferred
    assert any("Quick Facts" in note.message for note in assessment.reader_notes)
