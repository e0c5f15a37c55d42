"""Several sources for one country and edition: copies of a report, and score datasets.

* ``duplicate-source``: the same report under two file names is stored once, both copies
  are listed, and the second reading gets an info finding;
* ``cross-source``: a copy (or a dataset row) that disagrees on a score or status gives a
  warning on that field naming both values and both sources; both values are kept and the
  conflict is listed until one of them is superseded;
* migration 0003 records the assessments a database already held.

Reports are checked the way ``pipeline.check_report`` is to check them, with the other
sources' observations (``observations_for_checks``). Every store test runs on SQLite and,
when configured, on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, insert, select

from netfreedom.checks import run_checks
from netfreedom.ingest import read_report
from netfreedom.methodology import Scale
from netfreedom.model.assessment import Assessment, Finding
from netfreedom.model.observations import content_sha256
from netfreedom.services.tables import import_score_table
from netfreedom.store import SaveResult, Store, observations_for_checks
from netfreedom.store.migrate import upgrade
from netfreedom.store.tables import AssessmentRow, ObservationRow

from .conftest import SAMPLE_REPORTS, make_assessment

SAMPLE_EN = SAMPLE_REPORTS / "exampleland-2023-en.txt"
SAMPLE_RU = SAMPLE_REPORTS / "exampleland-2023-ru.txt"


def check(path: Path, store: Store) -> Assessment:
    """Read and check a report with the other sources' observations (as the pipeline does)."""
    assessment = read_report(path)
    findings = run_checks(assessment, observations=observations_for_checks(store, assessment))
    return assessment.model_copy(update={"findings": findings})


def ingest(path: Path, store: Store) -> tuple[Assessment, SaveResult]:
    checked = check(path, store)
    return checked, store.save(checked)


def of_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def with_a3(text: str, score: int) -> str:
    """The sample report with A3's score line changed."""
    start = text.index("A3 (0-6)")
    line = text.index("\n4\n", start)
    return text[:line] + f"\n{score}\n" + text[line + 3 :]


# -- duplicate copies ---------------------------------------------------------------------


def test_same_report_under_two_names_is_one_document_with_two_copies(store: Store, tmp_path: Path) -> None:
    first, saved = ingest(SAMPLE_EN, store)
    assert saved.action == "created" and of_rule(first.findings, "duplicate-source") == []
    mirror = tmp_path / "mirror" / "exampleland-copy.txt"
    mirror.parent.mkdir()
    mirror.write_bytes(SAMPLE_EN.read_bytes().replace(b"\n", b"\r\n"))  # other bytes, same content

    second, saved = ingest(mirror, store)
    assert (saved.action, saved.revision, saved.duplicate_of) == ("duplicate", 1, SAMPLE_EN.name)
    [finding] = of_rule(second.findings, "duplicate-source")
    assert finding.severity.value == "info" and finding.location == "report"
    assert SAMPLE_EN.name in finding.message and first.provenance is not None
    assert first.provenance.sha256[:12] in finding.message
    assert of_rule(second.findings, "cross-source") == []

    assert len(store.list_assessments(country="XEX")) == 1 and len(store.history("XEX", 2023)) == 1
    stored = store.get("XEX", 2023)
    assert stored is not None and stored.provenance == first.provenance  # the document is kept
    copies = store.copies("XEX", 2023)
    assert [(c.file_name, c.current, c.same_content_as_current) for c in copies] == [
        (SAMPLE_EN.name, True, True),
        ("exampleland-copy.txt", False, True),
    ]
    assert second.provenance is not None
    assert [c.sha256 for c in copies] == [first.provenance.sha256, second.provenance.sha256]
    assert copies[0].sha256 != copies[1].sha256 and copies[0].content_sha256 == content_sha256(first)
    assert {c.reader for c in copies} == {first.provenance.reader} and copies[1].read_at == second.provenance.read_at
    assert store.conflicts() == []

    # both readings are idempotent from now on
    assert ingest(mirror, store)[1].action == "duplicate"
    again, saved = ingest(SAMPLE_EN, store)
    assert saved.action == "replaced"  # its findings now name the other copy...
    assert [f.rule for f in of_rule(again.findings, "duplicate-source")] == ["duplicate-source"]
    assert ingest(SAMPLE_EN, store)[1].action == "unchanged"  # ...and are stable
    assert len(store.copies("XEX", 2023)) == 2


def test_translation_is_not_a_duplicate(store: Store) -> None:
    ingest(SAMPLE_EN, store)
    russian, saved = ingest(SAMPLE_RU, store)
    assert saved.action == "created"
    assert of_rule(russian.findings, "duplicate-source") == of_rule(russian.findings, "cross-source") == []
    assert [c.language for c in store.copies("XEX", 2023)] == ["en", "ru"]


# -- disagreeing copies -------------------------------------------------------------------


def test_copy_with_another_a3_score_gives_a_cross_source_finding(store: Store, tmp_path: Path) -> None:
    ingest(SAMPLE_EN, store)
    copy = tmp_path / "exampleland-ecoi.txt"
    copy.write_text(with_a3(SAMPLE_EN.read_text(encoding="utf-8"), 3), encoding="utf-8")

    checked, saved = ingest(copy, store)
    assert saved.action == "replaced"  # the newer copy is the current document
    [finding] = of_rule(checked.findings, "cross-source")
    assert (finding.location, finding.severity.value) == ("A3", "warning")
    assert "A3 is 3 in this report (exampleland-ecoi.txt) but 4 in report exampleland-2023-en.txt" in finding.message
    stored = store.get("XEX", 2023)
    assert stored is not None and of_rule(stored.findings, "cross-source") == [finding]

    # both values are kept, and the disagreement is listed
    a3 = [(o.source_name, o.current_value) for o in store.observations("XEX", 2023) if o.field == "A3"]
    assert sorted(a3) == [("exampleland-2023-en.txt", 4), ("exampleland-ecoi.txt", 3)]
    [conflict] = store.conflicts("xex")
    assert (conflict.field, conflict.observation.current_value, conflict.other.current_value) == ("A3", 4, 3)
    assert conflict.observation.source_name == SAMPLE_EN.name and conflict.other.source_name == copy.name
    assert conflict.resolved_at is None and "A3" in conflict.message and copy.name in conflict.message
    assert store.conflicts("KAZ") == [] and len(store.conflicts()) == 1

    # the copy corrected under the same name supersedes its value: the conflict is resolved
    copy.write_text(SAMPLE_EN.read_text(encoding="utf-8"), encoding="utf-8")
    checked, saved = ingest(copy, store)
    assert of_rule(checked.findings, "cross-source") == []
    assert store.conflicts() == []
    [resolved] = store.conflicts(include_resolved=True)
    assert resolved.resolved_at is not None and resolved.other.superseded_at is not None


def test_status_and_total_compared_on_the_current_scale(store: Store) -> None:
    legacy = make_assessment(iso3="UZB", edition=2018, total=28).model_copy(
        update={
            "scale": Scale.LOWER_IS_FREER,
            "methodology": "fotn-legacy",
            "total": 72,
            "categories": {},
            "indicators": [],
        }
    )
    store.save(legacy)
    current = make_assessment(iso3="UZB", edition=2018, total=28, language="ru")  # 28 = 100 - 72
    observations = observations_for_checks(store, current)
    assert [o.field for o in observations] == ["total", "status"]
    assert of_rule(run_checks(current, observations=observations), "cross-source") == []
    off_by_one = make_assessment(iso3="UZB", edition=2018, total=29, language="ru")
    [finding] = of_rule(run_checks(off_by_one, observations=observations), "cross-source")
    assert finding.location == "total"
    assert "total is 29 in this report (uzb-2018-ru.txt) but 28 (published 72, lower_is_freer)" in finding.message


# -- a dataset against a report -----------------------------------------------------------


def test_dataset_disagreeing_with_a_report_is_a_conflict_and_both_are_kept(store: Store, tmp_path: Path) -> None:
    ingest(SAMPLE_EN, store)
    table = tmp_path / "scores.csv"
    table.write_text(
        "country,iso3,edition,scale,status,total,A,B,C\n"
        "Exampleland,XEX,2023,higher_is_freer,partly_free,52,15,19,18\n"  # B and total disagree
        "Exampleland,XEX,2017,lower_is_freer,partly_free,40,,,\n",
        encoding="utf-8",
    )
    summary = import_score_table(store, table)
    assert (summary.created, summary.rejected) == (2, 0)
    assert sorted(c.field for c in summary.report_conflicts) == ["B", "total"]
    conflicts = store.conflicts("XEX", 2023)
    assert [(c.field, c.observation.current_value, c.other.current_value) for c in conflicts] == [
        ("total", 55, 52),
        ("B", 22, 19),
    ]
    assert {(c.observation.source_kind, c.other.source_kind) for c in conflicts} == {("report", "dataset")}
    totals = sorted(
        (o.source_kind.value, o.current_value) for o in store.observations("XEX", 2023) if o.field == "total"
    )
    assert totals == [("dataset", 52), ("report", 55)]
    stored = store.get("XEX", 2023)
    assert stored is not None and stored.total == 55  # the document is not touched

    # re-checking the report now names the dataset; the web page shows it at once
    rechecked = check(SAMPLE_EN, store)
    assert sorted(f.location for f in of_rule(rechecked.findings, "cross-source")) == ["category:B", "total"]
    assert "in dataset scores.csv row 2" in of_rule(rechecked.findings, "cross-source")[0].message
    page = web_page(url_of(store), "/country/XEX/2023")
    assert page.count('class="finding finding-warning"') >= 2 and "scores.csv" in page

    # the dataset corrected: conflicts resolved, nothing left open
    table.write_text(table.read_text(encoding="utf-8").replace("52,15,19,18", "55,15,22,18"), encoding="utf-8")
    again = import_score_table(store, table)
    assert (again.updated, again.unchanged, again.conflicts) == (1, 1, [])
    assert store.conflicts() == [] and len(store.conflicts(include_resolved=True)) == 2


def url_of(store: Store) -> str:
    """The store's URL with its password (tests only): the PostgreSQL URL hides it."""
    return store._engine.url.render_as_string(hide_password=False)


def web_page(url: str, path: str) -> str:
    from fastapi.testclient import TestClient

    from netfreedom.web import create_app

    with TestClient(create_app(url)) as client:
        response = client.get(path)
        assert response.status_code == 200
        return str(response.text)


def test_checks_without_a_store_have_no_source_findings() -> None:
    assessment = read_report(SAMPLE_EN)
    rules = {f.rule for f in run_checks(assessment)}
    assert not rules & {"cross-source", "duplicate-source"}


def test_own_source_is_not_compared(store: Store) -> None:
    ingest(SAMPLE_EN, store)
    assert observations_for_checks(store, read_report(SAMPLE_EN)) == ()
    assert len(observations_for_checks(store, read_report(SAMPLE_RU))) == len(store.observations("XEX", 2023))


# -- migration ------------------------------------------------------------------------------


def test_migration_0003_records_stored_assessments(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        upgrade(engine, "0002")
        english = make_assessment(iso3="XEX", edition=2023, total=55)
        russian = make_assessment(iso3="XEX", edition=2023, total=54, language="ru")
        with engine.begin() as connection:
            for assessment in (english, russian):
                connection.execute(insert(AssessmentRow), [_row(assessment)])
        with Store(database_url, migrate=True) as store:
            assert {o.source_name for o in store.observations("XEX", 2023)} == {"xex-2023-en.txt", "xex-2023-ru.txt"}
            assert [c.field for c in store.conflicts("XEX")][:1] == ["total"]
            assert [c.current for c in store.copies("XEX", 2023)] == [True, True]
            assert store.save(english).action == "unchanged"
        with engine.connect() as connection:
            assert connection.execute(select(ObservationRow.id)).first() is not None
    finally:
        engine.dispose()


def _row(assessment: Assessment) -> dict[str, Any]:
    assert assessment.provenance is not None and assessment.edition is not None
    return {
        "iso3": assessment.country.iso3, "country_name": assessment.country.name, "edition": assessment.edition,
        "language": assessment.language, "scale": assessment.scale.value, "methodology": assessment.methodology,
        "status": assessment.status.value if assessment.status else None, "total": assessment.total,
        "revision": 1, "document": assessment.model_dump(mode="json"),
        "source_file_name": assessment.provenance.file_name, "source_sha256": assessment.provenance.sha256,
        "reader": assessment.provenance.reader, "reader_version": assessment.provenance.reader_version,
        "ingested_at": assessment.provenance.read_at,
    }  # fmt: skip


@pytest.mark.parametrize("changed", [False, True], ids=["same", "changed"])
def test_failed_save_writes_no_observation(store: Store, monkeypatch: pytest.MonkeyPatch, changed: bool) -> None:
    from netfreedom.store import saving

    store.save(make_assessment(total=32))
    before = (store.value_history("KAZ", 2022), store.copies("KAZ", 2022), store.fingerprint())

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(saving, "record_report", broken)
    with pytest.raises(RuntimeError):
        store.save(make_assessment(total=33 if changed else 32, sha256="f" * 64))
    monkeypatch.undo()
    assert (store.value_history("KAZ", 2022), store.copies("KAZ", 2022), store.fingerprint()) == before
