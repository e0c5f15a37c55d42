""" "Last year" of a draft is the previous published edition's scorecard from any source, not the
report the draft was copied from (newcomer finding: a draft based on a report two editions back
skipped the score-change gate and called that report "last year").

Real data read from ``../shared`` at run time: the seed (the Kazakhstan 2022 report), the score
table ``data/fotn-scores.csv`` (Kazakhstan 2023 only as a row with categories) and the 2024
workbook (per-question scores). A KAZ 2024 draft is based on the 2022 report while last year is
the 2023 row (checked per category); a KAZ 2025 draft is based on the same report while last
year is the 2024 workbook (checked per indicator).
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from netfreedom.checks import run_checks
from netfreedom.errors import DraftRuleError, PublishedReportError
from netfreedom.methodology import load_methodology, previous_edition
from netfreedom.model.drafting import Draft
from netfreedom.services import drafting
from netfreedom.services.consistency import indicator_consistency
from netfreedom.services.draft_report import blocking_findings, draft_assessment, draft_findings
from netfreedom.services.drafting import IndicatorEdit
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store
from netfreedom.store.drafts import DraftStore

from .conftest import make_assessment
from .drafting_data import EDITOR, RITA, ensure_accounts, import_workbook, ingest_seed, shared_file

SCORES = "fotn-scores.csv"


def table_row(iso3: str, edition: int) -> dict[str, str]:
    """The row of ``../shared/data/fotn-scores.csv`` for a country and edition."""
    with shared_file("data", SCORES).open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["iso3"] == iso3 and r["edition"] == str(edition)]
    assert len(rows) == 1, (iso3, edition)
    return rows[0]


def fill(url: str) -> None:
    """Seed report, the score table and the 2024 workbook, as the newcomer ingested them."""
    with Store(url, migrate=True) as store:
        ingest_seed(store)
        import_score_table(store, shared_file("data", SCORES))
        import_workbook(store)


@pytest.fixture(scope="module")
def filled_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store filled once; each test works on a copy of its file."""
    path = tmp_path_factory.mktemp("last-year") / "filled.db"
    fill(f"sqlite:///{path}")
    with Store(f"sqlite:///{path}") as store:
        ensure_accounts(store, "rita")
    return path


@pytest.fixture
def filled(filled_file: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "netfreedom.db"
    shutil.copyfile(filled_file, copy)
    with Store(f"sqlite:///{copy}") as store:
        yield store


def _draft(store: Store, edition: int, **options: object) -> Draft:
    ensure_accounts(store, "rita")
    drafting.open_edition(store, edition, EDITOR)
    return drafting.new_draft(store, "KAZ", edition, EDITOR, researcher="rita", **options)  # type: ignore[arg-type]


def _note(store: Store, draft: Draft, indicator: str, before: int, after: int) -> Draft:
    edit = IndicatorEdit(
        DraftStore(store).draft(draft.id).revision, change_note=f"The score changed from {before} to {after}."
    )
    return drafting.set_indicator(store, draft.id, indicator, RITA, edit)


def test_previous_edition_steps_over_the_skipped_year() -> None:
    assert [previous_edition(year) for year in (2025, 2012, 2011)] == [2024, 2011, 2009]


def test_a_2024_draft_compares_with_the_2023_row_not_the_2022_report(filled: Store) -> None:
    row = table_row("KAZ", 2023)
    seed = filled.get("KAZ", 2022)
    assert seed is not None
    draft = _draft(filled, 2024)
    assert draft.base is not None and draft.base.edition == 2022 and not draft.base_is_last_year
    last = draft.last_year
    assert last is not None
    assert (last.edition, last.source_kind, last.source_name) == (2023, "table", SCORES)
    assert last.total == int(row["total"])
    assert last.categories == {c: int(row[c]) for c in "ABC"}
    assert last.indicators == {} and all(i.previous_score is None for i in draft.indicators)
    # the report the draft would publish prints last year's score of 2023, not the 2022 total
    assessment = draft_assessment(draft)
    assert assessment.previous.total == int(row["total"]) != seed.total
    # read again from the store: the same
    assert DraftStore(filled).draft(draft.id).last_year == last


def test_the_gate_checks_each_category_of_a_row_without_indicators(filled: Store) -> None:
    row = table_row("KAZ", 2023)
    seed = filled.get("KAZ", 2022)
    assert seed is not None
    draft = _draft(filled, 2024)
    moved = {c: seed.categories[c].score - int(row[c]) for c in "ABC"}  # type: ignore[operator]
    assert any(moved.values())
    findings = draft_findings(draft)
    blocking = blocking_findings(findings, draft)
    expected = {f"category:{c}" for c, change in moved.items() if change}
    assert {f.location for f in blocking} == expected
    for finding in blocking:
        category = finding.location.partition(":")[2]
        assert finding.values == {
            "old": int(row[category]),
            "new": seed.categories[category].score,
            "edition": 2023,
            "explained": "+0",
        }
    with pytest.raises(DraftRuleError) as refused:
        drafting.transition(filled, draft.id, "submit", RITA)
    assert "category:" in str(refused.value) and "\n" not in str(refused.value)

    methodology = load_methodology(draft.methodology)
    for category, change in moved.items():
        if not change:
            continue
        first = methodology.category(category).indicators[0].id
        score = draft.indicator(first).score
        assert score is not None
        half = _note(filled, draft, first, score - change + 1, score)  # explains one point too few
        assert any(f.location == f"category:{category}" for f in blocking_findings(draft_findings(half), half))
        done = _note(filled, draft, first, score - change, score)
        assert not [f for f in draft_findings(done) if f.location == f"category:{category}"]
    moved_draft, _ = drafting.transition(filled, draft.id, "submit", RITA)
    assert moved_draft.state == "submitted"


def test_a_2025_draft_compares_each_indicator_with_the_2024_workbook(filled: Store) -> None:
    card = filled.scorecard("KAZ", 2024)
    seed = filled.get("KAZ", 2022)
    assert card is not None and seed is not None and len(card.indicators) == 21
    draft = _draft(filled, 2025)
    assert draft.base is not None and draft.base.edition == 2022
    assert draft.last_year is not None and draft.last_year.edition == 2024
    assert {i.id: i.previous_score for i in draft.indicators} == card.indicators
    differ = sorted(i.id for i in seed.indicators if i.score != card.indicators[i.id])
    assert differ  # the 2022 report and the 2024 workbook disagree on some indicators
    blocking = blocking_findings(draft_findings(draft), draft)
    assert sorted(f.location for f in blocking) == differ
    assert all(f.values["edition"] == 2024 for f in blocking)
    for indicator in differ:
        score = draft.indicator(indicator).score
        assert score is not None
        _note(filled, draft, indicator, card.indicators[indicator], score)
    moved, _ = drafting.transition(filled, draft.id, "submit", RITA)
    assert moved.state == "submitted"


def test_a_note_from_the_wrong_score_blocks_when_last_year_is_known_per_indicator(filled: Store) -> None:
    card = filled.scorecard("KAZ", 2024)
    assert card is not None
    draft = _draft(filled, 2025)
    changed = next(i for i in draft.indicators if i.score != card.indicators[i.id])
    assert changed.score is not None
    wrong = _note(filled, draft, changed.id, card.indicators[changed.id] + 1, changed.score)
    assert any(
        f.location == changed.id and f.values.get("stored") == card.indicators[changed.id]
        for f in blocking_findings(draft_findings(wrong), wrong)
    )


def test_the_consistency_view_names_last_years_edition_and_level(filled: Store) -> None:
    row = table_row("KAZ", 2023)
    draft = _draft(filled, 2024)
    a1 = indicator_consistency(filled, 2024, "A1", EDITOR)
    assert len(a1) == 1
    shown = a1[0]
    assert (shown.last_year, shown.change, shown.last_year_edition, shown.last_year_basis) == (
        None,
        None,
        2023,
        "category",
    )
    seed = filled.get("KAZ", 2022)
    assert seed is not None
    if seed.categories["A"].score != int(row["A"]):
        assert [f.rule for f in shown.flags] == ["change-unexplained"]
        assert shown.flags[0].values["old"] == int(row["A"])
    card = filled.scorecard("KAZ", 2024)
    assert card is not None
    drafting.open_edition(filled, 2025, EDITOR)
    later = drafting.new_draft(filled, "KAZ", 2025, EDITOR, researcher="rita")
    a3 = indicator_consistency(filled, 2025, "A3", EDITOR)[0]
    assert (a3.last_year, a3.last_year_edition, a3.last_year_basis) == (card.indicators["A3"], 2024, "indicator")
    assert a3.change == later.indicator("A3").score - card.indicators["A3"]  # type: ignore[operator]
    assert draft.id != later.id


def test_a_total_only_row_is_checked_by_the_total(tmp_path: Path) -> None:
    """KAZ 2021 is only a total in the table (a news value): a 2022 draft on a synthetic 2020
    report is checked by the total."""
    row = table_row("KAZ", 2021)
    assert row["A"] == "" and row["total"]
    url = f"sqlite:///{tmp_path / 'netfreedom.db'}"
    with Store(url, migrate=True) as store:
        store.save(make_assessment(iso3="KAZ", edition=2020, total=40))
        import_score_table(store, shared_file("data", SCORES))
        drafting.open_edition(store, 2022, EDITOR)
        ensure_accounts(store, "rita")
        # the 2022 report of the table exists only as a row, not a report: no refusal
        draft = drafting.new_draft(store, "KAZ", 2022, EDITOR, researcher="rita")
        assert draft.last_year is not None and draft.last_year.edition == 2021
        assert (draft.last_year.total, draft.last_year.categories) == (int(row["total"]), {})
        blocking = blocking_findings(draft_findings(draft), draft)
        assert [f.location for f in blocking] == ["total"]
        assert blocking[0].values["old"] == int(row["total"]) and blocking[0].values["new"] == 40


def test_2011_compares_with_2009(tmp_path: Path) -> None:
    """No edition was published in 2010: a 2011 draft's last year is 2009 (a table written for
    this test, invented values on the legacy scale), given on the legacy scale again."""
    table = tmp_path / "pilot.csv"
    table.write_text(
        "country,iso3,edition,scale,status,total,A,B,C,source_url,note\n"
        "Kazakhstan,KAZ,2009,lower_is_freer,partly_free,55,14,20,21,,invented for a test\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'netfreedom.db'}"
    with Store(url, migrate=True) as store:
        import_score_table(store, table)
        drafting.open_edition(store, 2011, EDITOR)
        ensure_accounts(store, "rita")
        draft = drafting.new_draft(store, "KAZ", 2011, EDITOR, researcher="rita")
        assert draft.methodology == "fotn-legacy" and draft.base is None
        assert draft.last_year is not None
        assert (draft.last_year.edition, draft.last_year.total) == (2009, 55)
        assert draft.last_year.categories == {"A": 14, "B": 20, "C": 21} and draft.last_year.indicators == {}
        assert draft_assessment(draft).previous.total == 55


def test_report_checks_compare_2011_with_2009() -> None:
    report = make_assessment(iso3="KAZ", edition=2011, total=40, previous_total=44)
    stored = make_assessment(iso3="KAZ", edition=2009, total=45)
    rules = {f.rule for f in run_checks(report, stored)}
    assert "previous-score" in rules


def test_a_published_edition_needs_the_explicit_flag(filled: Store) -> None:
    drafting.open_edition(filled, 2022, EDITOR)
    with pytest.raises(PublishedReportError) as refused:
        drafting.new_draft(filled, "KAZ", 2022, EDITOR, researcher="rita")
    assert refused.value.status == 409 and refused.value.details == {"published": {"ru": 1}}
    assert "--revise-published" in str(refused.value)
    assert DraftStore(filled).drafts(2022) == []  # nothing written
    made = drafting.new_draft(filled, "KAZ", 2022, EDITOR, researcher="rita", revise_published=True)
    assert drafting.published_over(filled, made) == {"ru": 1}
    # an edition known only from score tables has no published report: no refusal
    assert drafting.published_over(filled, _draft(filled, 2024)) == {}


def test_the_draft_pdf_review_section_names_last_year_and_the_base(filled: Store) -> None:
    from netfreedom.web.pages.draft_pdf import review_section

    draft = _draft(filled, 2024)
    lines = review_section(filled, draft, EDITOR, "en")["lines"]  # type: ignore[arg-type]
    assert "Last year: the 2023 edition (table)" in lines
    assert "Based on the 2022 report" in lines
    russian = review_section(filled, draft, EDITOR, "ru")["lines"]  # type: ignore[arg-type]
    assert not any("Last year" in line or "Based on" in line for line in russian)
