"""Tests of netfreedom.store against real SQLite files (no mocks of the database)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, func, select, text

from netfreedom.model.assessment import Finding, Severity, Status
from netfreedom.store import (
    SaveResult,
    Store,
    StoreError,
    default_database_url,
    repository,
    saving,
)
from netfreedom.store.migrate import head_revision
from netfreedom.store.search import include_name
from netfreedom.store.tables import (
    AssessmentRevisionRow,
    AssessmentRow,
    Base,
    CategoryScoreRow,
    FindingRow,
    IndicatorScoreRow,
)

from .conftest import make_assessment

TABLES = (AssessmentRow, CategoryScoreRow, IndicatorScoreRow, FindingRow, AssessmentRevisionRow)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A second, independent engine on the store's file, for looking at raw rows."""
    raw = create_engine(database_url)
    yield raw
    raw.dispose()


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t.__tablename__: connection.execute(select(func.count()).select_from(t)).scalar_one() for t in TABLES}


def documents(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                AssessmentRow.iso3,
                AssessmentRow.edition,
                AssessmentRow.language,
                AssessmentRow.revision,
                AssessmentRow.document,
            ).order_by(AssessmentRow.id)
        )
        return [tuple(row) for row in rows]


# -- save and get ---------------------------------------------------------------------------


def test_create_then_get_returns_an_equal_assessment(store: Store, engine: Engine) -> None:
    assessment = make_assessment()

    result = store.save(assessment)

    assert result == SaveResult(action="created", iso3="KAZ", edition=2022, language="en", revision=1)
    assert store.get("KAZ", 2022, "en") == assessment
    assert store.get("kaz") == assessment
    assert counts(engine) == {
        "assessments": 1,
        "category_scores": 3,
        "indicator_scores": 21,
        "findings": 0,
        "assessment_revisions": 0,
    }


def test_get_returns_none_when_nothing_is_stored(store: Store) -> None:
    assert store.get("KAZ") is None
    assert store.get("KAZ", 2022, "en") is None


def test_score_rows_follow_the_assessment(store: Store, engine: Engine) -> None:
    assessment = make_assessment(total=57)
    store.save(assessment)

    with engine.connect() as connection:
        indicators = connection.execute(
            select(IndicatorScoreRow.indicator_id, IndicatorScoreRow.score).order_by(IndicatorScoreRow.position)
        ).all()
        categories = dict(connection.execute(select(CategoryScoreRow.category_id, CategoryScoreRow.score)).all())
        status = connection.execute(select(AssessmentRow.status)).scalar_one()

    assert [row[0] for row in indicators] == [i.id for i in assessment.indicators]
    assert sum(row[1] for row in indicators) == 57
    assert categories == {k: c.score for k, c in assessment.categories.items()}
    assert status == Status.PARTLY_FREE.value


def test_findings_argument_is_stored_in_rows_and_document(store: Store, engine: Engine) -> None:
    finding = Finding(rule="score-range", severity=Severity.ERROR, location="A3", message="x")

    store.save(make_assessment(), findings=[finding])

    stored = store.get("KAZ", 2022)
    assert stored is not None and stored.findings == [finding]
    assert counts(engine)["findings"] == 1


def test_edition_unknown_is_refused(store: Store, engine: Engine) -> None:
    with pytest.raises(StoreError, match="edition unknown"):
        store.save(make_assessment(edition=None))
    assert counts(engine)["assessments"] == 0


# -- unchanged and replaced -----------------------------------------------------------------


def test_resaving_the_same_reading_is_unchanged(store: Store, engine: Engine) -> None:
    store.save(make_assessment())
    before = counts(engine), documents(engine)

    later = make_assessment(read_at=datetime(2025, 1, 1, tzinfo=UTC))
    result = store.save(later)

    assert result.action == "unchanged"
    assert result.revision == 1
    assert (counts(engine), documents(engine)) == before
    assert len(store.history("KAZ", 2022)) == 1


def test_changed_content_replaces_and_keeps_history(store: Store, engine: Engine) -> None:
    first = make_assessment(total=32)
    second = make_assessment(total=35)
    store.save(first)

    result = store.save(second)

    assert result.action == "replaced"
    assert result.revision == 2
    assert store.get("KAZ", 2022) == second
    history = store.history("KAZ", 2022)
    assert [(r.revision, r.current) for r in history] == [(1, False), (2, True)]
    assert history[0].source_sha256 == first.provenance.sha256  # type: ignore[union-attr]
    assert history[1].source_sha256 == second.provenance.sha256  # type: ignore[union-attr]
    assert history[0].replaced_at is not None and history[1].replaced_at is None
    assert history[0].ingested_at.tzinfo is not None
    assert counts(engine) == {
        "assessments": 1,
        "category_scores": 3,
        "indicator_scores": 21,
        "findings": 0,
        "assessment_revisions": 1,
    }
    with engine.connect() as connection:
        old_document = connection.execute(select(AssessmentRevisionRow.document)).scalar_one()
    assert old_document == first.model_dump(mode="json")


def test_new_reader_version_replaces_even_with_the_same_document(store: Store) -> None:
    store.save(make_assessment(reader_version="1.0"))

    result = store.save(make_assessment(reader_version="1.1"))

    assert (result.action, result.revision) == ("replaced", 2)


def test_history_of_unknown_assessment_is_empty(store: Store) -> None:
    assert store.history("KAZ", 2022) == []


# -- failures roll back ---------------------------------------------------------------------


@pytest.mark.parametrize("already_stored", [False, True], ids=["create", "replace"])
def test_failed_save_leaves_the_database_as_it_was(
    store: Store, engine: Engine, monkeypatch: pytest.MonkeyPatch, already_stored: bool
) -> None:
    if already_stored:
        store.save(make_assessment(total=32))
    before = counts(engine), documents(engine)

    def broken(*args: object, **kwargs: object) -> list[IndicatorScoreRow]:
        raise RuntimeError("disk on fire")

    # the parent row (and, when replacing, the history row) is flushed before this runs
    monkeypatch.setattr(saving, "_indicator_rows", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save(make_assessment(total=40))

    assert (counts(engine), documents(engine)) == before
    monkeypatch.undo()
    expected = make_assessment(total=32) if already_stored else None
    assert store.get("KAZ", 2022) == expected


def test_database_error_becomes_store_error_and_rolls_back(
    store: Store, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def clashing(assessment_id: int, findings: list[Finding]) -> list[FindingRow]:
        row = dict(
            assessment_id=assessment_id,
            position=0,
            rule="r",
            severity="info",
            location="report",
            message="m",
        )
        return [FindingRow(**row), FindingRow(**row)]  # same primary key twice

    monkeypatch.setattr(saving, "_finding_rows", clashing)
    with pytest.raises(StoreError) as caught:
        store.save(make_assessment())

    assert "\n" not in str(caught.value)
    assert counts(engine) == dict.fromkeys(counts(engine), 0)


def test_save_many_is_all_or_nothing(store: Store, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    results = store.save_many([make_assessment(iso3="KAZ"), make_assessment(iso3="UZB")])
    assert [(r.iso3, r.action) for r in results] == [("KAZ", "created"), ("UZB", "created")]
    before = counts(engine), documents(engine)

    # an assessment without edition is refused before anything is written
    with pytest.raises(StoreError, match="edition unknown"):
        store.save_many([make_assessment(iso3="KGZ"), make_assessment(edition=None)])
    assert (counts(engine), documents(engine)) == before

    # a failure on the third assessment undoes the first two (a create and a replace)
    real = saving._category_rows
    calls = 0

    def fails_third(*args: Any, **kwargs: Any) -> list[CategoryScoreRow]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("third one breaks")
        return real(*args, **kwargs)

    monkeypatch.setattr(saving, "_category_rows", fails_third)
    batch = [
        make_assessment(iso3="KGZ"),
        make_assessment(iso3="KAZ", total=33),
        make_assessment(iso3="TJK"),
    ]
    with pytest.raises(RuntimeError, match="third one breaks"):
        store.save_many(batch)
    assert (counts(engine), documents(engine)) == before


def test_save_many_sees_its_own_earlier_saves(store: Store) -> None:
    results = store.save_many([make_assessment(total=32), make_assessment(total=32), make_assessment(total=34)])
    assert [(r.action, r.revision) for r in results] == [
        ("created", 1),
        ("unchanged", 1),
        ("replaced", 2),
    ]


# -- reads ----------------------------------------------------------------------------------


def test_get_prefers_latest_edition_and_english(store: Store) -> None:
    store.save_many(
        [
            make_assessment(edition=2021, language="en"),
            make_assessment(edition=2022, language="ru"),
            make_assessment(edition=2022, language="en"),
            make_assessment(iso3="UZB", edition=2022, language="ru"),
            make_assessment(iso3="UZB", edition=2022, language="de"),
        ]
    )

    assert store.get("KAZ").key() == ("KAZ", 2022, "en")  # type: ignore[union-attr]
    assert store.get("KAZ", language="ru").key() == ("KAZ", 2022, "ru")  # type: ignore[union-attr]
    assert store.get("KAZ", 2021).key() == ("KAZ", 2021, "en")  # type: ignore[union-attr]
    assert store.get("UZB").key() == ("UZB", 2022, "de")  # type: ignore[union-attr]
    assert store.get("KAZ", 2021, "ru") is None


def test_previous_edition(store: Store) -> None:
    store.save_many([make_assessment(edition=e, total=30 + e - 2019) for e in (2019, 2020, 2023)])
    store.save(make_assessment(edition=2021, language="ru"))

    previous = store.previous_edition("KAZ", 2023)
    assert previous is not None and previous.key() == ("KAZ", 2021, "ru")
    previous_en = store.previous_edition("KAZ", 2023, language="en")
    assert previous_en is not None and previous_en.key() == ("KAZ", 2020, "en")
    assert store.previous_edition("KAZ", 2019) is None
    assert store.previous_edition("UZB", 2023) is None


def test_list_assessments_filters_and_order(store: Store) -> None:
    store.save_many(
        [
            make_assessment(iso3="UZB", edition=2022, total=28),
            make_assessment(iso3="KAZ", edition=2023, total=34),
            make_assessment(iso3="KAZ", edition=2022, total=32),
            make_assessment(iso3="KAZ", edition=2022, total=32, language="ru"),
            make_assessment(iso3="EST", edition=2022, total=93),
        ]
    )

    everything = store.list_assessments()
    assert [(s.iso3, s.edition, s.language) for s in everything] == [
        ("EST", 2022, "en"),
        ("KAZ", 2022, "en"),
        ("KAZ", 2022, "ru"),
        ("KAZ", 2023, "en"),
        ("UZB", 2022, "en"),
    ]
    first = everything[0]
    assert (first.country_name, first.status, first.total, first.revision) == (
        "Estonia",
        Status.FREE,
        93,
        1,
    )
    assert sum(v or 0 for v in first.categories.values()) == 93
    assert set(first.categories) == {"A", "B", "C"}

    def keys(**filters: Any) -> list[tuple[str, int, str]]:
        return [(s.iso3, s.edition, s.language) for s in store.list_assessments(**filters)]

    assert keys(country="kaz", language="en") == [("KAZ", 2022, "en"), ("KAZ", 2023, "en")]
    assert keys(country="Kazakhstan", edition=2023) == [("KAZ", 2023, "en")]
    assert keys(edition=2022, status="not_free") == [
        ("KAZ", 2022, "en"),
        ("KAZ", 2022, "ru"),
        ("UZB", 2022, "en"),
    ]
    assert keys(status=Status.FREE) == [("EST", 2022, "en")]
    assert keys(country="Atlantis") == []
    with pytest.raises(ValueError):
        store.list_assessments(status="mostly free")


def test_all_assessments_in_key_order(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "_EXPORT_BATCH", 2)  # exercise several batches
    saved = [
        make_assessment(iso3="UZB"),
        make_assessment(iso3="KAZ", edition=2023),
        make_assessment(iso3="KAZ", language="ru"),
        make_assessment(iso3="KAZ"),
        make_assessment(iso3="EST"),
    ]
    store.save_many(saved)

    exported = list(store.all_assessments())

    assert exported == sorted(saved, key=lambda a: a.key())  # type: ignore[arg-type, return-value]


# -- schema, opening, errors ----------------------------------------------------------------


def test_migrations_produce_the_declared_schema(store: Store, engine: Engine) -> None:
    with engine.connect() as connection:
        # the full-text index lives outside the declared tables (see store/search.py)
        opts = {"compare_type": True, "include_name": include_name}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == head_revision()


def test_foreign_keys_cascade_on_sqlite(store: Store, database_url: str) -> None:
    store.save(make_assessment())
    # a second Store's engine has the foreign-key hook; use its connection for a raw delete
    with Store(database_url, migrate=True) as other, other._engine.begin() as connection:
        connection.execute(text("DELETE FROM assessments"))
        remaining = connection.execute(text("SELECT count(*) FROM indicator_scores")).scalar()
    assert remaining == 0


def test_store_opened_twice_on_the_same_file(database_url: str) -> None:
    with Store(database_url, migrate=True) as first:
        first.save(make_assessment(iso3="KAZ"))
        with Store(database_url, migrate=True) as second:
            assert second.get("KAZ") == make_assessment(iso3="KAZ")
            second.save(make_assessment(iso3="UZB"))
        assert [s.iso3 for s in first.list_assessments()] == ["KAZ", "UZB"]
    with Store(database_url, migrate=True) as third:
        assert len(third.list_assessments()) == 2


@pytest.mark.parametrize(
    "url",
    [
        "not a url at all",
        "nosuchdatabase://user:secret@localhost/db",
        "sqlite:////nonexistent-folder/for/sure/netfreedom.db",
    ],
)
def test_bad_url_raises_store_error(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        Store(url, migrate=True)
    message = str(caught.value)
    assert "\n" not in message
    assert "secret" not in message


def test_file_that_is_not_a_database(tmp_path: Any) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not SQLite, just some text\n" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store(f"sqlite:///{path}", migrate=True)


def test_closed_store_refuses_work(database_url: str) -> None:
    store = Store(database_url, migrate=True)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.get("KAZ")


def test_default_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    assert default_database_url() == "sqlite:///./netfreedom.db"
    monkeypatch.setenv("NETFREEDOM_DATABASE_URL", "postgresql+psycopg://db/netfreedom")
    assert default_database_url() == "postgresql+psycopg://db/netfreedom"


def test_store_uses_environment_url(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    monkeypatch.setenv("NETFREEDOM_DATABASE_URL", database_url)
    with Store(migrate=True) as store:
        assert store.url == database_url
