"""Legacy layouts, editions 2012-2018 (shared/reference/layouts.md, families 4-9).

One fixture per family and per trap under ``tests/fixtures/layouts/legacy/``; every
fixture is written for this project (invented narrative and numbers, real country names so
that ISO codes resolve). Each test pins exact values: the reader the registry chooses,
country, edition, scale, methodology, status, total, categories, last year's total and
status, coverage, inferred fields and, where they matter, the findings of the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from netfreedom.checks import run_checks
from netfreedom.ingest import (
    READERS,
    NoReportFoundError,
    UnreadableInputError,
    choose_reader,
    decode_report,
    read_report,
    read_report_bytes,
)
from netfreedom.ingest.parts.legacy_parts import (
    country_from_title,
    parse_period,
    scale_of,
)
from netfreedom.ingest.readers.legacy_page import read_label_page
from netfreedom.ingest.readers.pdf_book import pair_statuses, read_pdf_book
from netfreedom.methodology import Status
from netfreedom.model.assessment import OtherIndexScore

from .shared_data import SAMPLES, SEED

FIXTURES = Path(__file__).parent / "fixtures" / "layouts"
LEGACY = FIXTURES / "legacy"
MINE = {"fh-legacy-page", "ecoi-legacy-page", "fh-legacy-2012", "archive-2013", "archive-2018", "pdf-book-chapter"}
LOWER, HIGHER = "lower_is_freer", "higher_is_freer"
FREE, PARTLY, NOT_FREE = Status.FREE, Status.PARTLY_FREE, Status.NOT_FREE


@dataclass(frozen=True)
class Expected:
    """What a fixture must read as."""

    reader: str
    iso3: str
    edition: int
    scale: str
    methodology: str
    status: Status | None
    total: int | None
    categories: tuple[int | None, int | None, int | None]
    previous: tuple[int | None, Status | None]
    coverage: tuple[str, str]
    inferred: tuple[str, ...] = ()


CASES: dict[str, Expected] = {
    # family 4: values on the next line, scale notes after them
    "fam4-kenya-2015-next-line.txt": Expected(
        "fh-legacy-page",
        "KEN",
        2015,
        LOWER,
        "fotn-legacy",
        FREE,
        28,
        (9, 7, 12),
        (None, None),
        ("2014-06-01", "2015-05-31"),
    ),
    # family 4: values after the colon, without a space, after a pipe; no edition printed
    "fam4-georgia-2016-inline-no-edition.txt": Expected(
        "fh-legacy-page",
        "GEO",
        2016,
        LOWER,
        "fotn-legacy",
        FREE,
        24,
        (6, 5, 13),
        (None, None),
        ("2015-06-01", "2016-05-31"),
        ("edition",),
    ),
    # trap: "Not Free" at 52 on the legacy scale is kept as printed (see the status-band test)
    "fam4-zambia-2017-status-trap.txt": Expected(
        "fh-legacy-page",
        "ZMB",
        2017,
        LOWER,
        "fotn-legacy",
        NOT_FREE,
        52,
        (14, 16, 22),
        (None, None),
        ("2016-06-01", "2017-05-31"),
    ),
    # trap: an old edition shown in the current scale says so -> current scale, whatever the year
    "fam4-ecuador-2018-current-scale.txt": Expected(
        "fh-legacy-page",
        "ECU",
        2018,
        HIGHER,
        "fotn-2019",
        PARTLY,
        59,
        (16, 24, 19),
        (None, None),
        ("2017-06-01", "2018-05-31"),
    ),
    # family 5: empty Country:, misspelled title, Year: on the next line
    "fam5-ecoi-kazakstan-2016.txt": Expected(
        "ecoi-legacy-page",
        "KAZ",
        2016,
        LOWER,
        "fotn-legacy",
        NOT_FREE,
        63,
        (16, 23, 24),
        (None, None),
        ("2015-06-01", "2016-05-31"),
        ("country",),
    ),
    # family 6: pre-block line, last year as a bullet, scale note twice
    "fam6-tunisia-2014.txt": Expected(
        "fh-legacy-2012",
        "TUN",
        2014,
        LOWER,
        "fotn-legacy",
        PARTLY,
        38,
        (10, 11, 17),
        (41, None),
        ("2013-05-01", "2014-05-31"),
    ),
    # trap: a mirror printing last year's total as 0 -> kept as printed
    "fam6-philippines-2014-mirror-zero.txt": Expected(
        "fh-legacy-2012",
        "PHL",
        2014,
        LOWER,
        "fotn-legacy",
        FREE,
        27,
        (7, 8, 12),
        (0, None),
        ("2013-05-01", "2014-05-31"),
    ),
    # family 7: archive copy of 2013, no scale note printed
    "fam7-nigeria-2013-archive.txt": Expected(
        "archive-2013",
        "NGA",
        2013,
        LOWER,
        "fotn-legacy",
        PARTLY,
        31,
        (10, 9, 12),
        (None, None),
        ("2012-05-01", "2013-04-30"),
        ("scale",),
    ),
    # family 8: archive copy of 2018, total as 27/100, no category scores
    "fam8-armenia-2018-archive.txt": Expected(
        "archive-2018",
        "ARM",
        2018,
        LOWER,
        "fotn-legacy",
        FREE,
        27,
        (None, None, None),
        (None, None),
        ("2017-06-01", "2018-05-31"),
    ),
    # family 9: one token a line, interleaved statuses and Quick Facts, hyphenated breaks
    "fam9-thailand-2014-tokens.txt": Expected(
        "pdf-book-chapter",
        "THA",
        2014,
        LOWER,
        "fotn-legacy",
        NOT_FREE,
        62,
        (11, 22, 29),
        (59, PARTLY),
        ("2013-05-01", "2014-05-31"),
    ),
    # family 9: the whole chapter on one line
    "fam9-uzbekistan-2016-one-line.txt": Expected(
        "pdf-book-chapter",
        "UZB",
        2016,
        LOWER,
        "fotn-legacy",
        NOT_FREE,
        79,
        (20, 28, 31),
        (78, NOT_FREE),
        ("2015-06-01", "2016-05-31"),
    ),
}


def _text(name: str) -> str:
    return (LEGACY / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_reads_exactly(name: str) -> None:
    expected = CASES[name]
    assessment = read_report(LEGACY / name)
    assert assessment.provenance is not None
    assert assessment.provenance.reader == expected.reader
    assert assessment.country.iso3 == expected.iso3
    assert assessment.edition == expected.edition
    assert assessment.scale.value == expected.scale
    assert assessment.methodology == expected.methodology
    assert assessment.status == expected.status
    assert assessment.total == expected.total
    assert tuple(assessment.categories[c].score for c in "ABC") == expected.categories
    assert tuple(assessment.categories[c].max for c in "ABC") == (25, 35, 40)
    assert (assessment.previous.total, assessment.previous.status) == expected.previous
    assert assessment.coverage is not None
    assert (assessment.coverage.start.isoformat(), assessment.coverage.end.isoformat()) == expected.coverage
    assert assessment.provenance.inferred == list(expected.inferred)
    assert assessment.indicators == []
    assert assessment.language == "en"


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_expected_reader_is_strictly_surest(name: str) -> None:
    text = _text(name)
    wanted = CASES[name].reader
    scores = {reader.name: reader.confidence(text) for reader in READERS.values()}
    others = max(score for reader, score in scores.items() if reader != wanted)
    assert scores[wanted] > others, scores


def _other_fixtures() -> list[Path]:
    found = [p for p in FIXTURES.rglob("*.txt") if LEGACY not in p.parents]
    seed = [SEED] if SEED.exists() else []
    return sorted(found) + sorted(SAMPLES.glob("*.txt")) + seed


@pytest.mark.parametrize("path", _other_fixtures(), ids=lambda p: p.name)
def test_legacy_readers_leave_other_layouts_alone(path: Path) -> None:
    try:
        chosen = choose_reader(decode_report(path.read_bytes()).text)
    except (NoReportFoundError, UnreadableInputError):
        return
    assert chosen.name not in MINE


@pytest.mark.parametrize(
    "text",
    [
        "Freedom on the Net 2016\nContents\nObstacles to Access\nLimits on Content\nStatus\nTotal Score\n",
        (
            "Freedom in the World 2015 - Kenya\nCountry:\nKenya\nYear:\n2015\nStatus: Partly Free\n"
            "PR Political Rights 22 40\nCL Civil Liberties 32 60\n"
        ),
        "Obstacles to Access\nAvailability and Ease of Access\nMost people go online by phone.\n",
    ],
    ids=["table-of-contents", "freedom-in-the-world", "section-heading"],
)
def test_look_alikes_are_not_claimed(text: str) -> None:
    assert all(READERS[name].confidence(text) < 0.05 for name in MINE)


def test_republished_2017_page_in_current_layout_goes_to_the_current_reader() -> None:
    assessment = read_report(LEGACY / "fam1-hungary-2017-republished.txt")
    assert assessment.provenance is not None and assessment.provenance.reader not in MINE
    assert (assessment.edition, assessment.scale.value, assessment.methodology) == (2017, HIGHER, "fotn-2019")
    assert (assessment.total, assessment.previous.total) == (72, 73)


def test_quick_facts_become_the_sidebar() -> None:
    sidebar = read_report(LEGACY / "fam4-kenya-2015-next-line.txt").sidebar
    assert sidebar.key_internet_controls == {
        "social_media_blocked": False,
        "content_blocked": False,
        "users_arrested": True,
    }
    assert sidebar.unmapped_controls == {}
    assert sidebar.other_indices == [OtherIndexScore(name="Press Freedom 2015 Status", status=PARTLY)]
    assert sidebar.freedom_in_the_world_status is None


def test_archive_2018_has_freedom_in_the_world_instead_of_press_freedom() -> None:
    assessment = read_report(LEGACY / "fam8-armenia-2018-archive.txt")
    assert assessment.sidebar.freedom_in_the_world_status is PARTLY
    assert assessment.sidebar.other_indices == []
    assert assessment.sidebar.key_internet_controls == {
        "social_media_blocked": False,
        "content_blocked": False,
        "users_arrested": False,
    }
    findings = [(f.rule, f.location) for f in run_checks(assessment)]
    assert findings == [
        ("missing-score", "category:A"),
        ("missing-score", "category:B"),
        ("missing-score", "category:C"),
    ]


def test_pdf_quick_facts_upper_case_and_hyphenated() -> None:
    assessment = read_report(LEGACY / "fam9-thailand-2014-tokens.txt")
    assert assessment.sidebar.key_internet_controls == {
        "social_media_blocked": False,
        "content_blocked": True,
        "users_arrested": True,
    }
    assert assessment.sidebar.other_indices == [OtherIndexScore(name="PRESS FREEDOM 2014 STATUS", status=NOT_FREE)]


def test_key_developments_keep_section_references_as_text() -> None:
    assessment = read_report(LEGACY / "fam4-kenya-2015-next-line.txt")
    assert len(assessment.key_developments) == 3
    assert assessment.key_developments[0].startswith("A new fibre ring")
    assert assessment.key_developments[2].endswith("(see Prosecutions and Detentions for Online Activities).")
    assert assessment.key_developments_cross_references == []
    assert [p[:30] for p in assessment.overview] == ["Kenyan users kept broad and fa", "Worries about the new security"]
    markers = [(m.number, m.location, m.paragraph) for m in assessment.footnote_markers]
    assert markers == [(1, "overview", 0), (2, "overview", 1)]
    assert run_checks(assessment) == []


def test_pdf_narrative_is_joined_and_dehyphenated() -> None:
    assessment = read_report(LEGACY / "fam9-thailand-2014-tokens.txt")
    assert len(assessment.overview) == 2
    assert "turned their attention to what" in assessment.overview[0]
    assert len(assessment.key_developments) == 2
    one_line = read_report(LEGACY / "fam9-uzbekistan-2016-one-line.txt")
    assert one_line.overview == [
        (
            "The state kept its tight grip on the internet, routing all traffic through a single gateway and "
            "watching popular forums closely."
        )
    ]
    assert [k[:20] for k in one_line.key_developments] == ["Mobile data was cut ", "A court sentenced a "]


def test_status_contradicting_the_legacy_band_is_kept_and_reported() -> None:
    assessment = read_report(LEGACY / "fam4-zambia-2017-status-trap.txt")
    assert assessment.status is NOT_FREE
    findings = run_checks(assessment)
    assert [(f.rule, f.severity.value, f.location, f.message) for f in findings] == [
        (
            "status-band",
            "error",
            "status",
            "status not_free needs a total of 61-100 on the fotn-legacy scale; 52 earns partly_free",
        )
    ]


@pytest.mark.parametrize(
    "name",
    [
        "fam4-georgia-2016-inline-no-edition.txt",
        "fam5-ecoi-kazakstan-2016.txt",
        "fam6-tunisia-2014.txt",
        "fam6-philippines-2014-mirror-zero.txt",
        "fam7-nigeria-2013-archive.txt",
        "fam9-thailand-2014-tokens.txt",
        "fam9-uzbekistan-2016-one-line.txt",
    ],
)
def test_consistent_legacy_reports_have_no_findings(name: str) -> None:
    assert run_checks(read_report(LEGACY / name)) == []


def test_current_scale_republication_is_checked_on_the_current_bands() -> None:
    assessment = read_report(LEGACY / "fam4-ecuador-2018-current-scale.txt")
    rules = {f.rule for f in run_checks(assessment)}
    # Only missing-indicator fires: that rule skips indicator-less reports on the legacy scale
    # alone, so a pre-2019 edition republished in the current scale is flagged (see report).
    assert rules <= {"missing-indicator"}
    assert "status-band" not in rules and "total-sum" not in rules


def test_labels_only_copy_is_a_partial_report_without_scores() -> None:
    text = _text("fam6-brazil-2013-labels-only.txt")
    assert choose_reader(text).name == "fh-legacy-2012"
    assert read_label_page(text).found_report is False
    read = read_report(LEGACY / "fam6-brazil-2013-labels-only.txt")
    assert (read.country.iso3, read.edition, read.scale) == ("BRA", 2013, "lower_is_freer")
    assert read.total is None and all(c.score is None for c in read.categories.values())
    assert any("partial" in note.message for note in read.reader_notes)


def test_labels_only_copy_with_the_pre_block_number_is_a_partial_report() -> None:
    text = _text("fam6-brazil-2013-labels-only.txt").replace(
        "2013 Freedom On the Net Total (0 = Best, 100 = Worst)\n",
        "2013 Freedom On the Net Total (0 = Best, 100 = Worst) 33\n",
        1,
    )
    assessment = read_report_bytes(text.encode(), file_name="brazil.txt")
    assert (assessment.country.iso3, assessment.edition, assessment.total, assessment.status) == ("BRA", 2013, 33, None)
    assert assessment.previous.total is None
    rules = [(f.rule, f.location) for f in run_checks(assessment)]
    assert rules == [
        ("missing-score", "status"),
        ("missing-score", "category:A"),
        ("missing-score", "category:B"),
        ("missing-score", "category:C"),
    ]


@pytest.mark.parametrize(
    "block",
    [
        "Total Score:\n28\n(0 = Best, 100 = Worst)",
        "Total Score:\n(0 = Best, 100 = Worst)\n28",
        "Total Score: 28 (0 = Best, 100 = Worst)",
        "Total Score:28",
        "Total Score: | 28",
        "| Total Score: | 28 |",
    ],
)
def test_legacy_value_positions(block: str) -> None:
    text = f"Freedom on the Net 2015\nKenya\nStatus: Free\n{block}\nObstacles to Access: 9\nQuick Facts\n"
    result = read_label_page(text)
    assert result.found_report
    assert (result.assessment.total, result.assessment.status) == (28, FREE)
    assert result.assessment.categories["A"].score == 9


def test_ecoi_copy_with_a_correct_title_still_marks_the_country_inferred() -> None:
    text = _text("fam5-ecoi-kazakstan-2016.txt").replace("Kazakstan", "Kazakhstan", 1)
    assessment = read_report_bytes(text.encode())
    assert assessment.country.iso3 == "KAZ"
    assert assessment.provenance is not None and assessment.provenance.inferred == ["country"]


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("Not Not Free Free", (NOT_FREE, NOT_FREE)),
        ("PARTLY NOT FREE FREE", (PARTLY, NOT_FREE)),
        ("Not Free Partly Free", (NOT_FREE, PARTLY)),
        ("Free Free", (FREE, FREE)),
        ("Partly Free Free", (PARTLY, FREE)),
        ("n/a Not Free", (None, NOT_FREE)),
        ("Free", (None, FREE)),
        ("Not Partly", (None, None)),
    ],
)
def test_pdf_status_pairs(tokens: str, expected: tuple[Status | None, Status | None]) -> None:
    assert pair_statuses(tokens.split()) == expected


def test_pdf_chapter_of_a_country_new_in_the_edition() -> None:
    text = _text("fam9-uzbekistan-2016-one-line.txt")
    for old, new in [("NOT FREE NOT FREE", "N/A NOT FREE"), ("(0-25) 19 20", "(0-25) N/A 20"), ("78 79", "N/A 79")]:
        text = text.replace(old, new, 1)
    assessment = read_pdf_book(text).assessment
    assert (assessment.status, assessment.total, assessment.categories["A"].score) == (NOT_FREE, 79, 20)
    assert (assessment.previous.total, assessment.previous.status) == (None, None)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("June 2014 - May 2015", date(2014, 6, 1), date(2015, 5, 31)),
        ("June 2014 – May 2015", date(2014, 6, 1), date(2015, 5, 31)),
        ("June 2014 — May 2015", date(2014, 6, 1), date(2015, 5, 31)),
        ("MAY 2013 – MAY 2014", date(2013, 5, 1), date(2014, 5, 31)),
        ("January 2011 to May 2012", date(2011, 1, 1), date(2012, 5, 31)),
        ("Feb 2012 - Apr 2013", date(2012, 2, 1), date(2013, 4, 30)),
        ("June 1, 2017 - May 31, 2018", date(2017, 6, 1), date(2018, 5, 31)),
    ],
)
def test_coverage_periods_with_months_only(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert period is not None and (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["May 2015 - June 2014", "Smarch 2014 - May 2015", "no period here"])
def test_impossible_periods_are_none(text: str) -> None:
    assert parse_period(text) is None


@pytest.mark.parametrize(
    ("text", "methodology", "assumed"),
    [
        ("Total Score: 28 (0 = Best, 100 = Worst)", "fotn-legacy", False),
        ("* 0=most free, 100=least free", "fotn-legacy", False),
        ("Scores run from 0 (least free) to 100 (most free).", "fotn-2019", False),
        ("Freedom on the Net Total: 28", "fotn-legacy", True),
    ],
)
def test_scale_comes_from_the_text(text: str, methodology: str, assumed: bool) -> None:
    found, was_assumed = scale_of(text)
    assert (found.id, was_assumed) == (methodology, assumed)


@pytest.mark.parametrize(
    ("title", "iso3", "loose"),
    [
        (["Freedom on the Net 2016 - Kazakstan"], "KAZ", True),
        (["Freedom on the Net 2016 - Keyna"], "KEN", True),
        (["Georgia | Freedom House"], "GEO", False),
        (["FREEDOM ON THE NET 2014 THAILAND"], "THA", False),
    ],
)
def test_country_from_title(title: list[str], iso3: str, loose: bool) -> None:
    country, was_loose = country_from_title(title)
    assert country is not None and (country.iso3, was_loose) == (iso3, loose)


def test_country_from_title_refuses_unrelated_words() -> None:
    assert country_from_title(["Quick Facts", "Publisher: Freedom House"]) == (None, False)


def test_pdf_chapter_with_one_row_a_line_in_title_case() -> None:
    lines = [
        "Freedom on the Net 2015",
        "Ukraine",
        "2014 2015",
        "Internet Freedom Status Partly Free Partly Free",
        "Population: 44.6 million",
        "Obstacles to Access (0-25) 8 8",
        "Internet Penetration 2014: 46 percent",
        "Limits on Content (0-35) 10 12",
        "Social Media/ICT Apps Blocked: No",
        "Violations of User Rights (0-40) 15 18",
        "Political/Social Content Blocked: No",
        "TOTAL* (0-100) 33 38",
        "Bloggers/ICT Users Arrested: Yes",
        "Press Freedom 2015 Status: Partly Free",
        "* 0=most free, 100=least free",
        "Key Developments: June 2014 – May 2015",
        "• Providers in the occupied east were made to route traffic through new operators.",
    ]
    text = "\n".join(lines)
    assert choose_reader(text).name == "pdf-book-chapter"
    assessment = read_pdf_book(text).assessment
    assert (assessment.country.iso3, assessment.edition, assessment.status, assessment.total) == (
        "UKR",
        2015,
        PARTLY,
        38,
    )
    assert tuple(assessment.categories[c].score for c in "ABC") == (8, 12, 18)
    assert (assessment.previous.total, assessment.previous.status) == (33, PARTLY)
    assert assessment.sidebar.key_internet_controls == {
        "social_media_blocked": False,
        "content_blocked": False,
        "users_arrested": True,
    }
    assert run_checks(assessment) == []
