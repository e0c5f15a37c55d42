"""Stored search statistics (migration 0018, netfreedom.store.search_statistics).

``search_terms`` and ``narrative_paragraph_terms`` are kept by database triggers; after every
write here (save, replace, a report deleted with its paragraphs, re-indexing, the migration
filling them on an existing store) they must equal what counting the stored paragraphs' stems
from scratch gives. The ranks a search reports must be BM25 computed from those counts.
Runs on SQLite and, when configured, on PostgreSQL. The paragraphs are our own words.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text

from netfreedom.model.assessment import Assessment
from netfreedom.store import Store
from netfreedom.store.migrate import alembic_config
from netfreedom.store.search import reindex
from netfreedom.store.search_statistics import K1, B

from .conftest import make_assessment

FIRST = [
    "Ferry captains protested the new ferry tariff, and the ferry union backed them.",
    "The harbour office published the tariff on its website.",
    "Nothing changed for cyclists.",
]
SECOND = [
    "Cyclists blocked the harbour road; police fined two cyclists.",
    "A ferry was late.",
]
REPLACEMENT = [
    "The harbour office withdrew the tariff after a week.",
    "Ferry ferry ferry: the captains sang on the pier.",
]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    raw = create_engine(database_url)
    yield raw
    raw.dispose()


def with_overview(assessment: Assessment, paragraphs: list[str]) -> Assessment:
    return assessment.model_copy(update={"overview": paragraphs})


def counted(engine: Engine) -> tuple[dict[str, tuple[int, int]], dict[int, tuple[int, str]]]:
    """What the statistics should hold, counted here from the stored stems: term ->
    (paragraphs, occurrences), "" -> (every paragraph, every stem); paragraph id -> (stems,
    repeated stems as ``stem:n`` sorted by stem)."""
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, stems FROM narrative_paragraphs")).all()
    terms: dict[str, list[int]] = {}
    paragraphs: dict[int, tuple[int, str]] = {}
    every = 0
    for paragraph_id, stems in rows:
        words = stems.split(" ") if stems else []
        every += len(words)
        frequencies = Counter(words)
        for term, n in frequencies.items():
            entry = terms.setdefault(term, [0, 0])
            entry[0] += 1
            entry[1] += n
        repeats = " ".join(f"{term}:{n}" for term, n in sorted(frequencies.items()) if n > 1)
        paragraphs[paragraph_id] = (len(words), repeats)
    expected = {term: (n, occurrences) for term, (n, occurrences) in terms.items()}
    expected[""] = (len(rows), every)
    return expected, paragraphs


def stored(engine: Engine) -> tuple[dict[str, tuple[int, int]], dict[int, tuple[int, str]]]:
    with engine.connect() as connection:
        terms = connection.execute(text("SELECT term, paragraphs, tokens FROM search_terms")).all()
        paragraphs = connection.execute(
            text("SELECT paragraph_id, tokens, repeats FROM narrative_paragraph_terms")
        ).all()
    return {t: (n, o) for t, n, o in terms}, {i: (n, r) for i, n, r in paragraphs}


def assert_statistics_right(engine: Engine) -> dict[str, tuple[int, int]]:
    expected_terms, expected_paragraphs = counted(engine)
    terms, paragraphs = stored(engine)
    assert terms == expected_terms
    assert {i: n for i, (n, _) in paragraphs.items()} == {i: n for i, (n, _) in expected_paragraphs.items()}
    # repeated stems: the same set (SQLite's group_concat keeps no promised order)
    assert {i: sorted(r.split()) for i, (_, r) in paragraphs.items()} == {
        i: sorted(r.split()) for i, (_, r) in expected_paragraphs.items()
    }
    return terms


def test_statistics_follow_save_replace_delete_and_reindex(store: Store, engine: Engine) -> None:
    first = with_overview(make_assessment(iso3="KAZ"), FIRST)
    second = with_overview(make_assessment(iso3="UZB"), SECOND)
    store.save_many([first, second])
    terms = assert_statistics_right(engine)
    assert terms["ferri"][0] == 2  # the first paragraph and "A ferry was late."
    assert terms["ferri"][1] == 4

    store.save(with_overview(make_assessment(iso3="KAZ", total=33), REPLACEMENT))  # replaces KAZ 2022
    terms = assert_statistics_right(engine)
    assert terms["ferri"] == (2, 4)  # three in one replacement paragraph, one in UZB's
    assert "protest" not in terms  # only the replaced report said it

    with engine.begin() as connection:  # a report deleted: its paragraphs go with it (cascade)
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.execute(text("DELETE FROM assessments WHERE iso3 = 'UZB'"))
    terms = assert_statistics_right(engine)
    assert "cyclist" not in terms and terms["ferri"] == (1, 3)

    assert reindex(store) > 0
    assert_statistics_right(engine)


def test_migration_counts_an_existing_store(store: Store, engine: Engine, database_url: str) -> None:
    """A store written before 0018 gets its statistics when it is upgraded."""
    store.save_many(
        [with_overview(make_assessment(iso3="KAZ"), FIRST), with_overview(make_assessment(iso3="UZB"), SECOND)]
    )
    config = alembic_config(url=database_url)
    command.downgrade(config, "0017")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM narrative_paragraphs")).scalar_one() > 0
    command.upgrade(config, "head")
    assert_statistics_right(engine)
    store.save(with_overview(make_assessment(iso3="KAZ", total=33), REPLACEMENT))  # triggers are back too
    assert_statistics_right(engine)


def test_ranks_are_bm25_of_the_stored_counts(store: Store, engine: Engine) -> None:
    store.save_many(
        [with_overview(make_assessment(iso3="KAZ"), REPLACEMENT), with_overview(make_assessment(iso3="UZB"), SECOND)]
    )
    terms, paragraphs = counted(engine)
    total, every = terms[""]
    average = every / total
    with engine.connect() as connection:
        ids = {
            (iso3, location, paragraph): (paragraph_id, stems)
            for paragraph_id, iso3, location, paragraph, stems in connection.execute(
                text("SELECT id, iso3, location, paragraph, stems FROM narrative_paragraphs")
            )
        }
    results = store.search("ferry", limit=50)
    assert results.total == 2 and results.total_exact
    holding = terms["ferri"][0]
    weight = math.log(1 + (total - holding + 0.5) / (holding + 0.5))
    for hit in results.hits:
        paragraph_id, stems = ids[(hit.iso3, hit.location, hit.paragraph)]
        words = stems.split(" ")
        frequency = words.count("ferri")
        expected = weight * frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * len(words) / average))
        assert hit.rank == pytest.approx(expected, rel=1e-9)
        assert paragraphs[paragraph_id][0] == len(words)
    # three mentions in a short paragraph beat one
    assert [(h.iso3, h.paragraph) for h in results.hits] == [("KAZ", 1), ("UZB", 1)]
