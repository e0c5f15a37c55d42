"""Per-language search stem counts (migration 0022, netfreedom.store.search_languages).

``search_term_languages`` is kept by database triggers; after every write here (reports in
English and Russian saved, replaced, saved again unchanged, deleted with their paragraphs,
re-indexed, the migration filling it on an existing store, down and up again) it must equal
what counting the stored paragraphs' stems per report language from scratch gives. A search
whose stem no paragraph of the filter's language holds must answer "none" without reading the
full-text index. Runs on SQLite and, when configured, on PostgreSQL. The paragraphs are our own
words.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, event, inspect, text

from netfreedom.model.assessment import Assessment
from netfreedom.store import Store
from netfreedom.store import search as search_module
from netfreedom.store.migrate import alembic_config
from netfreedom.store.search import reindex
from netfreedom.store.search_postgres import first_window_statement
from netfreedom.text.stemming import stems_of

from .conftest import make_assessment

ENGLISH = [
    "Ferry captains protested the new ferry tariff.",
    "The harbour office published the tariff online.",
    "Nothing changed for cyclists.",
]
ENGLISH_OTHER = ["Cyclists blocked the harbour road.", "A ferry was late.", "* * *"]  # a paragraph of no word
RUSSIAN = [
    "Паромщики протестовали против нового тарифа, и профсоюз поддержал паромщиков.",
    "Портовое управление опубликовало тариф на своём сайте.",
]
RUSSIAN_OTHER = ["Велосипедисты перекрыли дорогу в гавани.", "Паром опоздал на час."]
RUSSIAN_REPLACEMENT = [
    "Управление отменило тариф через неделю.",
    "Паром, паром и ещё раз паром: капитаны пели на причале, the ferry too.",  # one English stem among Russian
]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    raw = create_engine(database_url)
    yield raw
    raw.dispose()


def report(iso3: str, language: str, paragraphs: list[str], total: int = 32) -> Assessment:
    """A report whose only narrative is ``paragraphs`` (its overview)."""
    base = make_assessment(iso3=iso3, language=language, total=total)
    indicators = [i.model_copy(update={"paragraphs": []}) for i in base.indicators]
    return base.model_copy(update={"overview": paragraphs, "key_developments": [], "indicators": indicators})


def counted(engine: Engine) -> dict[tuple[str, str], int]:
    """(language, stem) -> paragraphs of that language holding the stem, counted here from the
    stored stems; (language, "") -> every paragraph of the language."""
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT language, stems FROM narrative_paragraphs")).all()
    expected: Counter[tuple[str, str]] = Counter()
    for language, stems in rows:
        key = language.lower().replace("-", "")
        expected[(key, "")] += 1
        for term in set(stems.split(" ")) - {""}:
            expected[(key, term)] += 1
    return dict(expected)


def stored(engine: Engine) -> dict[tuple[str, str], int]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT language, term, paragraphs FROM search_term_languages")).all()
    return {(language, term): paragraphs for language, term, paragraphs in rows}


def assert_counts_right(engine: Engine) -> dict[tuple[str, str], int]:
    expected = counted(engine)
    found = stored(engine)
    assert found == expected
    return found


def delete_reports(engine: Engine, iso3: str) -> None:
    """Delete a country's reports as the database does it: their paragraphs go with them (cascade)."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.execute(text("DELETE FROM assessments WHERE iso3 = :iso3"), {"iso3": iso3})


def test_counts_follow_save_replace_resave_delete_and_reindex(store: Store, engine: Engine) -> None:
    store.save_many(
        [
            report("KAZ", "en", ENGLISH),
            report("KAZ", "ru", RUSSIAN),
            report("UZB", "en", ENGLISH_OTHER),
            report("UZB", "ru", RUSSIAN_OTHER),
        ]
    )
    counts = assert_counts_right(engine)
    assert counts[("en", "ferri")] == 2 and ("ru", "ferri") not in counts
    assert counts[("ru", "тариф")] == 2 and ("en", "тариф") not in counts
    assert counts[("en", "")] == 6 and counts[("ru", "")] == 4
    assert counts[("en", "harbour")] == 2

    store.save(report("KAZ", "ru", RUSSIAN_REPLACEMENT, total=33))  # replaces KAZ's Russian report
    counts = assert_counts_right(engine)
    assert counts[("ru", "ferri")] == 1  # the English word in a Russian paragraph counts for Russian
    assert counts[("en", "ferri")] == 2  # the English reports did not change
    assert ("ru", "протестова") not in counts  # only the replaced report said it
    assert counts[("ru", "пар")] == 2  # "паром" three times in one paragraph, once in UZB's: two paragraphs

    store.save(report("KAZ", "ru", RUSSIAN_REPLACEMENT, total=33))  # the same report imported again
    assert stored(engine) == counts

    delete_reports(engine, "UZB")  # both languages at once
    counts = assert_counts_right(engine)
    assert counts[("en", "ferri")] == 1 and counts[("ru", "пар")] == 1
    assert ("en", "road") not in counts and ("ru", "велосипедист") not in counts
    assert counts[("en", "")] == 3 and counts[("ru", "")] == 2  # KAZ's

    assert reindex(store) == 5
    assert stored(engine) == counts

    delete_reports(engine, "KAZ")
    assert stored(engine) == {}


def test_migration_0022_down_and_up(store: Store, engine: Engine, database_url: str) -> None:
    """Down to 0021 the table and its triggers go (a report saved then is still stored); up again the
    table is counted from every stored paragraph and the triggers keep it; from 0017 (before the
    search statistics of 0018) too."""
    store.save_many([report("KAZ", "en", ENGLISH), report("KAZ", "ru", RUSSIAN)])
    config = alembic_config(url=database_url)
    command.downgrade(config, "0021")
    assert "search_term_languages" not in inspect(engine).get_table_names()
    store.save(report("UZB", "ru", RUSSIAN_OTHER))  # no trigger left writing to a missing table
    command.upgrade(config, "0022")
    counts = assert_counts_right(engine)
    assert counts[("ru", "")] == 4 and counts[("ru", "велосипедист")] == 1
    store.save(report("KAZ", "ru", RUSSIAN_REPLACEMENT, total=33))  # the triggers are back
    assert assert_counts_right(engine)[("ru", "ferri")] == 1

    command.downgrade(config, "0017")
    command.upgrade(config, "head")
    assert_counts_right(engine)
    store.save(report("UZB", "en", ENGLISH_OTHER))
    assert assert_counts_right(engine)[("en", "road")] == 1


@contextmanager
def statements_run(store: Store) -> Iterator[list[str]]:
    """The SQL statements the store's engine runs while the context is open."""
    run: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        run.append(statement)

    event.listen(store._engine, "before_cursor_execute", record)
    try:
        yield run
    finally:
        event.remove(store._engine, "before_cursor_execute", record)


def full_text_reads(engine: Engine, query: str, language: str | None) -> int:
    """How many times the PostgreSQL first-page statement of ``query`` (with the ``language``
    filter) ran a plan node reading ``narrative_paragraphs`` to find matches: the walk and the GIN
    part (``EXPLAIN ANALYZE``, loops of the nodes under the CTEs ``recent`` and ``older``)."""
    filters = {} if language is None else {"language": language}
    stems = list(dict.fromkeys(stems_of(query)))
    params: dict[str, Any] = {"query": " ".join(stems)}
    if filters:
        params["facets"] = " & ".join(f"'_{term}'" for term in search_module.filter_terms(filters))
    statement, bound = first_window_statement(
        search_module.PG_VECTOR, search_module._pg_tsquery(bool(filters)), params, filters, stems, 500, 20
    )
    with engine.connect() as connection:
        plan = connection.execute(text("EXPLAIN (ANALYZE, FORMAT JSON) " + statement.text), bound).scalar_one()
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def loops(node: dict[str, Any], inside: bool) -> int:
        inside = inside or node.get("Subplan Name") in ("CTE recent", "CTE older")
        own = node.get("Actual Loops", 0) if inside and node.get("Relation Name") == "narrative_paragraphs" else 0
        return own + sum(loops(child, inside) for child in node.get("Plans", []))

    return loops(plan[0]["Plan"], False)


def test_a_stem_missing_from_the_language_answers_none_without_the_index(store: Store, engine: Engine) -> None:
    store.save_many([report("KAZ", "en", ENGLISH), report("KAZ", "ru", RUSSIAN), report("UZB", "ru", RUSSIAN_OTHER)])
    assert store.search("ferry", language="en").total == 1
    for query, language in [("ferry", "ru"), ("тариф", "en"), ("ferry tariff", "RU"), ("zeppelin", None)]:
        found = store.search(query, language=language)
        assert (found.total, found.total_exact, found.hits) == (0, True, [])
        later = store.search(query, language=language, limit=500, offset=600)  # a page of several statements
        assert (later.total, later.hits) == (0, [])
    if engine.dialect.name == "sqlite":
        for query, language, reads in [
            ("ferry", "ru", 0),
            ("zeppelin", None, 0),
            ("ferry", "en", 1),
            ("паром", "ru", 1),
        ]:
            with statements_run(store) as run:
                store.search(query, language=language)
            assert sum(search_module.FTS_TABLE in statement for statement in run) >= reads
            if not reads:
                assert not any(search_module.FTS_TABLE in statement for statement in run)
    else:
        assert full_text_reads(engine, "ferry", "ru") == 0
        assert full_text_reads(engine, "ferry tariff", "ru") == 0
        assert full_text_reads(engine, "zeppelin", None) == 0
        assert full_text_reads(engine, "ferry", "en") > 0  # a match: the walk (or the GIN part) runs
        assert full_text_reads(engine, "тариф", "ru") > 0
