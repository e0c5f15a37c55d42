"""Current-era layout families (shared/reference/layouts.md, families 1, 2, 3, 10, 11) and
the traps that look like a score block but are not one.

Every fixture under ``fixtures/layouts/current`` is written for this project (invented
countries with user-assigned codes, invented people and numbers); each test pins the exact
values read, the reader the registry picks, and the findings of the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from netfreedom.checks import run_checks
from netfreedom.ingest import NoReportFoundError, read_report, read_report_bytes
from netfreedom.ingest.registry import READERS, choose_reader
from netfreedom.methodology import CURRENT, load_methodology
from netfreedom.model.assessment import Assessment

FIXTURES = Path(__file__).parent / "fixtures" / "layouts" / "current"
CURRENT_READERS = ("fh-country-page", "ecoi-page", "pipe-table", "pdf-page-2019")


def _scores(text: str) -> dict[str, int]:
    """``"A1 5 A2 2"`` -> ``{"A1": 5, "A2": 2}``."""
    parts = text.split()
    return {parts[i]: int(parts[i + 1]) for i in range(0, len(parts), 2)}


@dataclass(frozen=True)
class Expected:
    reader: str
    iso3: str
    edition: int
    language: str
    status: str | None
    total: int | None
    categories: tuple[int, int, int]
    previous: tuple[int | None, str | None]
    coverage: tuple[date, date] | None
    indicators: dict[str, int]
    footnotes: int
    changes: dict[str, tuple[int, int]] = field(default_factory=dict)
    inferred: tuple[str, ...] = ()
    findings: dict[tuple[str, str], int] = field(default_factory=dict)
    developments_refs: tuple[str, ...] = ()


def _period(year: int) -> tuple[date, date]:
    return date(year - 1, 6, 1), date(year, 5, 31)


NORVANIA_2024 = _scores(
    "A1 5 A2 2 A3 4 A4 3 A5 3 B1 4 B2 3 B3 2 B4 3 B5 2 B6 2 B7 3 B8 5 C1 3 C2 2 C3 4 C4 3 C5 3 C6 3 C7 3 C8 1"
)
MARENIA_2022 = _scores(
    "A1 6 A2 2 A3 5 A4 5 A5 3 B1 5 B2 3 B3 3 B4 3 B5 3 B6 3 B7 3 B8 5 C1 5 C2 3 C3 4 C4 3 C5 2 C6 2 C7 3 C8 1"
)
SANTA_ILVERA_2023 = _scores(
    "A1 3 A2 1 A3 2 A4 2 A5 1 B1 1 B2 1 B3 1 B4 2 B5 1 B6 2 B7 2 B8 2 C1 1 C2 1 C3 2 C4 2 C5 1 C6 1 C7 1 C8 1"
)
PELLUCIA_2023 = _scores(
    "A1 2 A2 1 A3 1 A4 1 A5 1 B1 2 B2 2 B3 1 B4 2 B5 2 B6 2 B7 2 B8 1 C1 1 C2 0 C3 1 C4 1 C5 0 C6 1 C7 1 C8 0"
)
MISSING = ("missing-indicator", "error")

CASES: dict[str, Expected] = {
    "fh-page-en-norvania-2024.txt": Expected(
        "fh-country-page", "XNV", 2024, "en", "partly_free", 63, (17, 24, 22), (65, "partly_free"),
        _period(2024), NORVANIA_2024, 30, {"A3": (5, 4), "B5": (3, 2)}, ("edition",),
        developments_refs=("A3", "B1"),
    ),
    "fh-page-fiw-before-exampleland-2021.txt": Expected(
        "fh-country-page", "XEX", 2021, "en", "partly_free", 58, (16, 23, 19), (59, "partly_free"),
        _period(2021), {}, 2, findings={MISSING: 21}, developments_refs=("B2",),
    ),
    "fh-page-republished-ostrevia-2018.txt": Expected(
        "fh-country-page", "XOS", 2018, "en", "free", 74, (20, 29, 25), (72, "free"),
        # no per-question scores before 2019, so no missing-indicator findings
        _period(2018), {}, 3, inferred=("edition",), developments_refs=("C6", "C8"),
    ),
    "translated-es-marenia-2022.txt": Expected(
        "fh-country-page", "XMR", 2022, "es", "free", 72, (21, 28, 23), (73, "free"),
        _period(2022), MARENIA_2022, 25, {"C5": (3, 2)}, ("edition",), developments_refs=("C5", "B1", "C3"),
    ),
    "translated-ru-santa-ilvera-2022.txt": Expected(
        "fh-country-page", "XSI", 2022, "ru", "not_free", 30, (9, 11, 10), (29, "not_free"),
        _period(2022), {"A1": 3, "A2": 1, "A3": 2}, 5, {"A3": (3, 2)}, ("edition",),
        findings={MISSING: 18, ("score-change", "warning"): 1}, developments_refs=("A3",),
    ),
    "ecoi-santa-ilvera-2023.txt": Expected(
        "ecoi-page", "XSI", 2023, "en", "not_free", 31, (9, 12, 10), (30, "not_free"),
        _period(2023), SANTA_ILVERA_2023, 25, {"B8": (1, 2)}, ("indicator-ids", "country"),
        developments_refs=("B8",),
    ),
    "ecoi-norvania-2021-ids.txt": Expected(
        "ecoi-page", "XNV", 2021, "en", "partly_free", 67, (18, 26, 23), (66, "partly_free"),
        _period(2021), {"A1": 5, "A2": 2, "A3": 5, "A4": 3, "A5": 3}, 7, {"A2": (1, 2)}, ("country",),
        findings={MISSING: 16}, developments_refs=("A2", "A4"),
    ),
    "pipe-exampleland-2020.txt": Expected(
        "pipe-table", "XEX", 2020, "en", None, None, (14, 21, 19), (None, None),
        _period(2020), {}, 3, inferred=("scale", "edition"),
        findings={MISSING: 21, ("missing-score", "error"): 2}, developments_refs=("C3",),
    ),
    "pipe-ostrevia-2022-mixed.txt": Expected(
        "pipe-table", "XOS", 2022, "en", None, None, (24, 30, 33), (None, None),
        None, {"A1": 6, "A2": 3}, 3, inferred=("country",),
        findings={MISSING: 19, ("missing-score", "error"): 2},
    ),
    "pdf-pellucia-2023.txt": Expected(
        "pdf-page-2019", "XPL", 2023, "en", "not_free", 25, (6, 14, 5), (27, "not_free"),
        _period(2023), PELLUCIA_2023, 25, {"A3": (2, 1), "C3": (2, 1)}, developments_refs=("A3", "C3"),
    ),
    "pdf-marenia-2020-split-block.txt": Expected(
        "pdf-page-2019", "XMR", 2020, "en", "free", 70, (20, 27, 23), (71, "free"),
        None, {"A1": 6, "A2": 2}, 3, findings={MISSING: 19, ("score-change", "warning"): 1},
    ),
}  # fmt: skip

TRAPS = (
    "trap-section-headings.txt",
    "trap-table-of-contents.txt",
    "trap-fiw-only.txt",
    "trap-landing-page.txt",
    "trap-template-leftovers.txt",
)


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> tuple[Assessment, Expected, str]:
    name = request.param
    return read_report(FIXTURES / name), CASES[name], (FIXTURES / name).read_text(encoding="utf-8")


def test_every_fixture_is_covered() -> None:
    on_disk = {p.name for p in FIXTURES.glob("*.txt")}
    assert on_disk == set(CASES) | set(TRAPS)


def test_registry_picks_the_family_reader(case: tuple[Assessment, Expected, str]) -> None:
    assessment, expected, text = case
    assert assessment.provenance is not None and assessment.provenance.reader == expected.reader
    chosen = READERS[expected.reader].confidence(text)
    others = [READERS[name].confidence(text) for name in CURRENT_READERS if name != expected.reader]
    assert chosen >= 0.5
    assert all(chosen - other >= 0.2 for other in others)


def test_headline_values(case: tuple[Assessment, Expected, str]) -> None:
    a, e, _ = case
    assert a.country.iso3 == e.iso3
    assert (a.edition, a.language, a.methodology) == (e.edition, e.language, "fotn-2019")
    assert a.scale.value == "higher_is_freer"
    assert (a.status.value if a.status else None, a.total) == (e.status, e.total)
    printed = {k: (c.score, c.max) for k, c in a.categories.items()}
    assert printed == {"A": (e.categories[0], 25), "B": (e.categories[1], 35), "C": (e.categories[2], 40)}
    assert (a.previous.total, a.previous.status.value if a.previous.status else None) == e.previous
    coverage = (a.coverage.start, a.coverage.end) if a.coverage else None
    assert coverage == e.coverage
    assert a.provenance is not None and tuple(a.provenance.inferred) == e.inferred


def test_indicators_and_notes(case: tuple[Assessment, Expected, str]) -> None:
    a, e, _ = case
    assert {i.id: i.score for i in a.indicators} == e.indicators
    methodology = load_methodology(CURRENT)
    assert all(i.max == methodology.indicator(i.id).max for i in a.indicators)
    assert all(i.question and i.question.endswith("?") for i in a.indicators)
    assert all(i.paragraphs for i in a.indicators)
    assert {i.id: (i.score_change.from_, i.score_change.to) for i in a.indicators if i.score_change} == e.changes
    assert [m.number for m in a.footnote_markers] == list(range(1, e.footnotes + 1))
    assert [r.target for r in a.key_developments_cross_references] == list(e.developments_refs)


def test_exact_findings(case: tuple[Assessment, Expected, str]) -> None:
    a, e, _ = case
    counts: dict[tuple[str, str], int] = {}
    for finding in run_checks(a):
        key = (finding.rule, finding.severity.value)
        counts[key] = counts.get(key, 0) + 1
    assert counts == e.findings


@pytest.mark.parametrize("name", TRAPS)
def test_traps_hold_no_report(name: str) -> None:
    """No scores from a trap. A trap titled as a report (a table of contents under its title)
    reads as a partial report of that country and edition, with every score missing."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    try:
        read = read_report_bytes(text.encode(), file_name=name)
    except NoReportFoundError:
        pass
    else:
        assert read.total is None and read.status is None and not read.indicators, name
        assert all(c.score is None for c in read.categories.values()), name
        assert read.edition is not None and any("partial" in n.message for n in read.reader_notes), name
    for reader in CURRENT_READERS:
        result = READERS[reader].read(text)
        assert result.found_report is False, reader
        assert result.assessment.total is None, reader
        assert all(c.score is None for c in result.assessment.categories.values()), reader
    assert max(READERS[r].confidence(text) for r in CURRENT_READERS) <= 0.1


def test_fiw_block_does_not_shadow_the_internet_block() -> None:
    a = read_report(FIXTURES / "fh-page-fiw-before-exampleland-2021.txt")
    assert set(a.categories) == {"A", "B", "C"}
    assert (a.total, a.previous.total) == (58, 59)  # not Freedom in the World's 54 and 55


def test_english_page_details() -> None:
    a = read_report(FIXTURES / "fh-page-en-norvania-2024.txt")
    a5, b7 = a.indicator("A5"), a.indicator("B7")
    assert a5 is not None and [r.target for r in a5.cross_references] == ["A3"]  # "(see A3 )"
    assert b7 is not None and [r.target for r in b7.cross_references] == ["B7"]  # "( see B7)"
    a1 = a.indicator("A1")
    assert a1 is not None and a1.heading == "A1" and a1.footnotes == [5, 6]  # "report.[5]"
    assert a.overview[0].endswith("large audiences.") and "June 2024.1" in a.overview[0]
    assert not any("hero" in p or p.startswith("header") for p in a.overview + a.key_developments)


def test_pdf_copy_joins_wrapped_text_and_drops_furniture() -> None:
    a = read_report(FIXTURES / "pdf-pellucia-2023.txt")
    a1 = a.indicator("A1")
    assert a1 is not None and a1.paragraphs == [
        "Only about 40 percent of the population uses the internet, and coverage in the mountain "
        "provinces depends on a few towers that often fail in winter.5"
    ]
    assert a1.question == "Do weaknesses in infrastructure hold back how many people get online, or how fast and well?"
    assert len(a.key_developments) == 2


def test_spanish_sidebar_and_questions() -> None:
    a = read_report(FIXTURES / "translated-es-marenia-2022.txt")
    assert a.sidebar.internet_freedom_score == 72
    assert a.sidebar.key_internet_controls == {"connectivity_restricted": False, "users_arrested": True}
    assert a.overview[0].startswith("El acceso a internet")
    c5 = a.indicator("C5")
    assert c5 is not None and c5.score_change is not None and c5.score_change.text.startswith("Cambio en la puntuación")


def test_forced_reader_reads_another_print() -> None:
    """Naming a reader bypasses confidence; the shared parser still reads the block."""
    text = (FIXTURES / "ecoi-norvania-2021-ids.txt").read_text(encoding="utf-8")
    assert choose_reader(text, "fh-country-page").read(text).assessment.total == 67


LEGACY_SHAPES = {
    "legacy label page": "Status:\nPartly Free\nTotal Score:\n42\n(0 = Best, 100 = Worst)\n"
    "Obstacles to Access:\n11\n(0 = Best, 25 = Worst)\nLimits on Content:\n14\n",
    "archive 2013": "Freedom on the Net Status: Free\nFreedom on the Net Total: 28\n"
    "A Subtotal: Obstacles to Access: 9\n",
    "archive 2018": "Total Score: | 19/100 (0 = Best, 100 = Worst) |\nFreedom in the World Status: Free\n",
    "pdf book": "Obstacles to Access (0-25) 10 10\nLimits on Content (0-35) 12 13\nTOTAL* (0-100) 60 62\n",
}


@pytest.mark.parametrize("name", sorted(LEGACY_SHAPES))
def test_current_readers_leave_legacy_shapes_alone(name: str) -> None:
    text = LEGACY_SHAPES[name]
    assert max(READERS[r].confidence(text) for r in CURRENT_READERS) < 0.05


def test_scale_comes_from_the_text_not_the_year() -> None:
    text = (FIXTURES / "fh-page-en-norvania-2024.txt").read_text(encoding="utf-8")
    legacy = text.replace("from 0 (least free) to 100 (most free)", "(0 = Best, 100 = Worst)")
    result = READERS["fh-country-page"].read(legacy)
    assert (result.assessment.methodology, result.assessment.edition) == ("fotn-legacy", 2024)
    bare = text.replace("from 0 (least free) to 100 (most free)", "on the usual range")
    assert READERS["fh-country-page"].read(bare).inferred == ["scale", "edition"]


# -- the pieces -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "maximum", "expected"),
    [
        ("4.006", 6, (4, 6)),
        ("6.006 6.006", 6, (6, 6)),
        ("3.00 6", 6, (3, 6)),
        ("0.004", 4, (0, 4)),
        ("| 4 / 6 |", 6, (4, 6)),
        ("1 /3", 3, (1, 3)),
        ("5", 6, (5, None)),
        ("46", 6, (4, 6)),
        ("04", 4, (0, 4)),
        ("Do people hold back?", 4, None),
    ],
)
def test_indicator_score_lines(line: str, maximum: int, expected: tuple[int, int | None] | None) -> None:
    from netfreedom.ingest.parts.body import parse_score_line

    assert parse_score_line(line, maximum) == expected


@pytest.mark.parametrize(
    ("line", "following", "expected"),
    [
        ("A Obstacles to Access 15 25", "", ("A", 15, 25, "plain")),
        ("Obstacles to Access 12 / 25", "", ("A", 12, 25, "slash")),
        ("B Limits on Content 20 / 35", "", ("B", 20, 35, "slash")),
        ("| A Obstacles to Access | 8 25 |", "", ("A", 8, 25, "pipe")),
        ("A Obstacles to Access | 24 25 |", "", ("A", 24, 25, "pipe")),
        ("Violations of User Rights | 12 / 40 |", "", ("C", 12, 40, "pipe")),
        ("Violations of User Rights 540", "", ("C", 5, 40, "pdf")),
        ("A. Obstacles to Access 625", "", ("A", 6, 25, "pdf")),
        ("A. Obstacles to Access 5", "/25", ("A", 5, 25, "pdf")),
        ("A. Obstacles to Access 5", "B. Limits on Content 9", None),
        ("Obstacles to Access", "", None),
        ("Obstacles to Access: 9", "", None),
        ("Obstacles to Access (0-25) 10 10", "", None),
        ("PR Political Rights 22 40", "", None),
        ("CL Civil Liberties 32 60", "", None),
        ("A Electoral Process 9 12", "", None),
    ],
)
def test_category_lines(line: str, following: str, expected: tuple[str, int, int, str] | None) -> None:
    from netfreedom.ingest.parts.score_block import parse_category_row

    row = parse_category_row(line, following)
    assert (None if row is None else (row.category, row.score, row.maximum, row.style)) == expected


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Acontecimientos clave, 1 de junio de 2021 - 31 de mayo de 2022", "2021-06-01", "2022-05-31"),
        ("Acontecimientos clave, del 1 de junio de 2022 al 31 de mayo de 2023", "2022-06-01", "2023-05-31"),
        ("Key Developments, June 1, 2021 - May 31, 2022", "2021-06-01", "2022-05-31"),
        ("с 1 июня 2021 г. по 31 мая 2022 г.", "2021-06-01", "2022-05-31"),
    ],
)
def test_coverage_in_three_languages(text: str, start: str, end: str) -> None:
    from netfreedom.ingest.parts.vocabulary import parse_coverage

    period = parse_coverage(text)
    assert period is not None and (period.start.isoformat(), period.end.isoformat()) == (start, end)
    assert parse_coverage("31 de junio de 2021 - 31 de mayo de 2022") is None


@pytest.mark.parametrize(
    ("note", "change"),
    [
        ("Cambio en la puntuación: La puntuación bajó de 3 a 2 porque hubo cortes.", (3, 2)),
        ("Cambio en la puntuación: la puntuación subió de 1 a 2 gracias a una campaña.", (1, 2)),
        ("Score Change: The score declined from 5 to 4 because of a shutdown.", (5, 4)),
        ("Изменение балла: оценка снизилась с 2 до 1 из-за блокировок.", (2, 1)),
    ],
)
def test_score_change_notes(note: str, change: tuple[int, int]) -> None:
    from netfreedom.ingest.parts.body import parse_score_change

    parsed = parse_score_change(note)
    assert parsed is not None and (parsed.from_, parsed.to) == change


@pytest.mark.parametrize(
    ("paragraphs", "numbers"),
    [
        (["A vote was called for June 2024.1 Then it was delayed.2"], [1, 2]),
        (["Service was cut (A3).1 Later (see B2).2"], [1, 2]),
        (["The Telecom Authority1 said so."], [1]),
        (["The regulator's report.[1] More text [2] and more."], [1, 2]),
        (["Shown earlier (see A3andB1).", "Next.1"], [1]),
        (["The 2,300 people who signed.1"], [1]),
    ],
)
def test_footnote_traps(paragraphs: list[str], numbers: list[int]) -> None:
    from netfreedom.text.footnotes import find_markers

    assert [h.number for hits in find_markers(paragraphs) for h in hits] == numbers


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("(see A3 )", ["A3"]),
        ("( see B7)", ["B7"]),
        ("(see A3andB1)", ["A3", "B1"]),
        ("(see C3orC5)", ["C3", "C5"]),
        ("(véase B1 y C3)", ["B1", "C3"]),
        ("(véase B7 )", ["B7"]),
    ],
)
def test_cross_reference_traps(text: str, targets: list[str]) -> None:
    from netfreedom.text.references import find_cross_references

    assert [r.target for r in find_cross_references(f"Words {text}.")] == targets


@pytest.mark.parametrize(
    ("line", "cleaned"),
    [
        ("header1 Overview", "Overview"),
        ("header2 Key Developments, June 1, 2021 - May 31, 2022", "Key Developments, June 1, 2021 - May 31, 2022"),
        ("Exampleland_hero", ""),
        ("Santa Ilvera_hero_map", ""),
        ("Santa-Ilvera-hero", ""),
        ("Page 2 of 15", ""),
        ("https://freedomhouse.org/country/exampleland/freedom-net/2023 3/14", ""),
        ("10/4/23, 2:15 PM", ""),
        ("October 4, 2023", ""),
        ("Exampleland: Freedom on the Net 2023 Country Report | Freedom House", ""),
        ("A. Obstacles to Access .......... 4", ""),
        ("aboutÂ 40 percent", "about 40 percent"),
        ("The hero of the story spoke.", "The hero of the story spoke."),
    ],
)
def test_line_cleanup(line: str, cleaned: str) -> None:
    from netfreedom.ingest.parts.cleanup import clean_line

    assert clean_line(line) == cleaned


@pytest.mark.parametrize(
    ("line", "edition", "country"),
    [
        ("Freedom on the Net 2023 - Exampleland", 2023, "Exampleland"),
        ("Freedom on the Net 2021 – Santa Ilvera", 2021, "Santa Ilvera"),
        ("Exampleland: Freedom on the Net 2023 Country Report | Freedom House", 2023, "Exampleland"),
        ("10/4/23, 2:15 PM Pellucia: Freedom on the Net 2023 Country Report | Freedom House", 2023, "Pellucia"),
        ("Freedom on the Net 2020", 2020, None),
        ("Freedom in the World 2021", None, None),
    ],
)
def test_titles(line: str, edition: int | None, country: str | None) -> None:
    from netfreedom.ingest.parts.cleanup import find_title

    title = find_title(["", line])
    assert (title.edition, title.country) == (edition, country)


def test_rejoin_wrapped_lines() -> None:
    from netfreedom.ingest.parts.page import rejoin_wrapped

    lines = [
        "Key Developments, June 1, 2022 - May 31,",
        "2023",
        "• A long bullet that the printer cut in the middle of its",
        "",
        "",
        "sentence (see A3).1",
        "A1 0-6 pts",
        "Is the question wrapped",
        "here?",
        "2.006",
    ]
    assert [line for line in rejoin_wrapped(lines) if line] == [
        "Key Developments, June 1, 2022 - May 31, 2023",
        "• A long bullet that the printer cut in the middle of its sentence (see A3).1",
        "A1 0-6 pts",
        "Is the question wrapped here?",
        "2.006",
    ]


def test_ecoi_body_without_score_block_or_headings() -> None:
    text = (
        "Do weaknesses in infrastructure hold back how many people get online, or how fast and well?\n"
        "| 4 / 6 |\nMost people go online by phone.1\n"
        "Is going online too costly, or out of reach for some groups because of place, income or identity?\n"
        "| 2 / 3 |\nPrices are moderate.2\n"
        "Does the state use technical or legal levers over the network to cut or slow connectivity? | 5 / 6 |\n"
        "No shutdowns were recorded.3\n"
    )
    assert choose_reader(text).name == "ecoi-page"
    result = READERS["ecoi-page"].read(text)
    assert result.found_report and result.inferred == ["scale", "indicator-ids"]
    assert [(i.id, i.score, i.max) for i in result.assessment.indicators] == [("A1", 4, 6), ("A2", 2, 3), ("A3", 5, 6)]


@pytest.mark.parametrize("score_lines", [["4.00", "6.00"], ["4", "/6"], ["4.00", "/ 6"]])
def test_maximum_on_its_own_line(score_lines: list[str]) -> None:
    from netfreedom.ingest.parts.body import IndicatorBlock, build_indicator

    question = "Does the state block or filter content, or make providers do so?"
    lines = [question, *score_lines, "Some sites were blocked."]
    indicator = build_indicator(IndicatorBlock("B1", "B1", 6, lines=lines), load_methodology(CURRENT))
    assert (indicator.score, indicator.max, indicator.paragraphs) == (4, 6, ["Some sites were blocked."])
