"""What the reader does with bad or odd input: clear errors, never a traceback."""

from __future__ import annotations

import pytest

from netfreedom.ingest import (
    NoReportFoundError,
    UnreadableInputError,
    read_report,
    read_report_bytes,
)
from netfreedom.text.dates import parse_coverage
from netfreedom.text.footnotes import find_markers
from netfreedom.text.references import find_cross_references

from .shared_data import SAMPLES


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", UnreadableInputError, "empty"),
        (b"  \r\n\n ", UnreadableInputError, "empty"),
        (bytes(range(256)) * 40, UnreadableInputError, "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 300, UnreadableInputError, "binary"),
        (b"Just a shopping list:\neggs\nmilk\n", NoReportFoundError, "no internet-freedom score block"),
        ("Обычный текст без отчёта.\n".encode("cp1251"), NoReportFoundError, "no internet-freedom"),
    ],
)
def test_unreadable_inputs_raise_one_line_errors(data: bytes, error: type[Exception], words: str) -> None:
    with pytest.raises(error) as caught:
        read_report_bytes(data)
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_and_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnreadableInputError, match="does not exist"):
        read_report(tmp_path / "nope.txt")
    with pytest.raises(UnreadableInputError, match="folder"):
        read_report(tmp_path)


def test_indicators_without_score_block_give_a_partial_assessment() -> None:
    text = (SAMPLES / "exampleland-2023-en.txt").read_text(encoding="utf-8")
    body = text[text.index("A. Obstacles") :]
    assessment = read_report_bytes(body.encode(), file_name="body-only.txt")
    assert len(assessment.indicators) == 21
    assert assessment.total is None and assessment.status is None
    assert assessment.country.iso3 == "XEX"  # from the "On Exampleland" sidebar
    assert assessment.provenance is not None and "country" in assessment.provenance.inferred


def test_score_block_without_body() -> None:
    text = (SAMPLES / "exampleland-2023-en.txt").read_text(encoding="utf-8")
    head = text[: text.index("Overview")]
    assessment = read_report_bytes(head.encode(), file_name="head-only.txt")
    assert (assessment.total, assessment.indicators) == (55, [])
    assert assessment.edition is None  # no coverage period, no title: edition unknown


def test_header_variants() -> None:
    text = (SAMPLES / "exampleland-2023-ru.txt").read_text(encoding="utf-8")
    messy = text.replace("A1 (0-6)", "A1\u00a0(0–6\u00a0баллов)   ", 1).replace("B2 (0–4 баллов)", "B2 (0—4)", 1)
    assessment = read_report_bytes(messy.encode(), file_name="messy.txt")
    assert [i.id for i in assessment.indicators][:6] == ["A1", "A2", "A3", "A4", "A5", "B1"]
    assert len(assessment.indicators) == 21


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Key Developments, June 1, 2021 - May 31, 2022", "2021-06-01", "2022-05-31"),
        ("Key Developments, June 1, 2021 – May 31, 2022", "2021-06-01", "2022-05-31"),
        ("Основные события за период с 1 июня 2021 г. по 31 мая 2022 г.", "2021-06-01", "2022-05-31"),
        ("с 1 мая 2012 года по 30 апреля 2013 года", "2012-05-01", "2013-04-30"),
    ],
)
def test_coverage_periods(text: str, start: str, end: str) -> None:
    period = parse_coverage(text)
    assert period is not None
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


def test_impossible_coverage_dates_are_ignored() -> None:
    assert parse_coverage("June 31, 2021 - May 31, 2022") is None
    assert parse_coverage("June 1, 2023 - May 31, 2022") is None


@pytest.mark.parametrize(
    ("paragraphs", "numbers"),
    [
        (["A coup attempt1 , more.2 Then,3 ."], [1, 2, 3]),
        (["In 2022 it rose 16,4 млн and 94,5% of homes.1"], [1]),
        (["COVID-19 spread.1 Then COVID-19.2 Next"], [1, 2]),
        (["Tele2 and Kcell report (0-6) in A3 and B1.1"], [1]),
        (["One.1", "Two.2", "Skip.4", "Again.4"], [1, 2, 4, 4]),
        (["It grew 3.5 times.1"], [1]),
    ],
)
def test_footnote_scanner(paragraphs: list[str], numbers: list[int]) -> None:
    assert [h.number for hits in find_markers(paragraphs) for h in hits] == numbers


@pytest.mark.parametrize(
    ("text", "targets", "written"),
    [
        ("(см. раздел A3)", ["A3"], ["A3"]),
        ("(см. разделы C3 и C7)", ["C3", "C7"], ["C3", "C7"]),
        ("(see B1)", ["B1"], ["B1"]),
        ("(see A3, B1, and C5)", ["A3", "B1", "C5"], ["A3", "B1", "C5"]),
        ("(см. разделы A3, B1 и С5)", ["A3", "B1", "C5"], ["A3", "B1", "С5"]),
        ("(см. раздел А3)", ["A3"], ["А3"]),
    ],
)
def test_cross_references(text: str, targets: list[str], written: list[str]) -> None:
    found = find_cross_references(f"Some words {text}.")
    assert [r.target for r in found] == targets
    assert [r.written for r in found] == written


def test_western_european_bytes_are_not_taken_for_cyrillic() -> None:
    text = (SAMPLES / "exampleland-2023-en.txt").read_text(encoding="utf-8")
    text = text.replace(
        "Overview\n\n", "Overview\n\nLe café de la région, où l'été est long, reçoit déjà des élèves très tôt.\n\n", 1
    )
    assessment = read_report_bytes(text.encode("cp1252"), file_name="western.txt")
    assert assessment.provenance is not None and assessment.provenance.encoding == "cp1252"
    assert "café de la région" in assessment.overview[0]


def test_fifo_and_devices_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableInputError, match="not a regular file"):
        read_report(fifo)
    with pytest.raises(UnreadableInputError, match="not a regular file"):
        read_report("/dev/zero")
