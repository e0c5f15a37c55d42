"""The same store searched on SQLite and on PostgreSQL gives the same pages.

On PostgreSQL a page inside the first window of matches is answered by one statement that
ranks in SQL (``store/search_postgres.py``: a walk of the newest paragraphs, then the GIN index
for older ones); later pages and every SQLite page rank in Python. Here the same reports are
saved in the same order into both databases (so paragraph ids agree) and every page of many
queries, filters, page sizes and offsets must be equal: hits, snippets, ranks to the last bit,
totals. The window and the walk are shrunk so that a few hundred paragraphs cross windows and
the walk runs out; a few Russian paragraphs quote an English word, so a language filter meets a
stem rare in that language, and the English words with the Russian filter match nothing (answered
from the per-language counts, migration 0022). Runs when a PostgreSQL server is configured (``NETFREEDOM_TEST_POSTGRES_URL``,
``.ci/run``). The words are our own.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from netfreedom.model.assessment import Assessment
from netfreedom.store import Store, search_postgres
from netfreedom.store import search as search_module

from . import postgres
from .conftest import make_assessment

pytestmark = pytest.mark.skipif("postgresql" not in postgres.backends(), reason="no PostgreSQL server configured")

WORDS = {
    "en": [
        "ferry",
        "harbour",
        "tariff",
        "captain",
        "pier",
        "cyclist",
        "court",
        "fine",
        "licence",
        "tower",
        "signal",
        "outage",
        "river",
        "bridge",
    ],
    "ru": [
        "паром",
        "гавань",
        "тариф",
        "капитан",
        "причал",
        "велосипедист",
        "суд",
        "штраф",
        "лицензия",
        "вышка",
        "сигнал",
        "сбой",
        "река",
        "мост",
    ],
}
QUERIES = [
    "ferry",
    "harbour tariff",
    "captains",
    "паромы",
    "суд штраф",
    "signal outage river",
    "bridge",
    "мост",
    "tower",  # also in some Russian paragraphs: rare among them (the walk or the GIN part by the language's counts)
    "вышка tower",
    "zeppelin",  # in no paragraph
]
FILTERS: list[dict[str, Any]] = [
    {},
    {"edition": 2023},
    {"country": "UZB"},
    {"indicator": "B3"},
    {"indicator": "overview"},
    {"language": "ru"},
    {"language": "en", "edition": 2022},
]
PAGES = [(20, 0), (3, 0), (4, 2), (5, 5), (6, 9), (10, 15)]


def paragraph(rng: random.Random, language: str) -> str:
    words = [rng.choice(WORDS[language]) for _ in range(rng.randint(3, 12))]
    if language == "ru" and rng.random() < 0.1:
        words.append("tower")  # an English word quoted in a Russian paragraph
    return " ".join(words).capitalize() + "."


def reports() -> list[Assessment]:
    rng = random.Random(11)
    made = []
    for edition in (2022, 2023, 2024):
        for iso3 in ("KAZ", "UZB", "KGZ"):
            for language in ("en", "ru"):
                base = make_assessment(iso3=iso3, edition=edition, language=language)
                indicators = [
                    i.model_copy(update={"paragraphs": [paragraph(rng, language) for _ in range(rng.randint(0, 2))]})
                    for i in base.indicators
                ]
                made.append(
                    base.model_copy(
                        update={
                            "overview": [paragraph(rng, language) for _ in range(rng.randint(4, 9))],
                            "indicators": indicators,
                        }
                    )
                )
    return made


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Store]]:
    saved = reports()
    lite_url = f"sqlite:///{Path(tmp_path_factory.mktemp('backends')) / 'search.db'}"
    with postgres.fresh_database() as pg_url, Store(lite_url, migrate=True) as lite, Store(pg_url, migrate=True) as pg:
        lite.save_many(saved)
        pg.save_many(saved)
        yield lite, pg


def paragraph_keys(store: Store) -> list[tuple[Any, ...]]:
    engine = create_engine(store._engine.url)
    try:
        with engine.connect() as connection:
            return [
                tuple(row)
                for row in connection.execute(
                    text(
                        "SELECT id, iso3, edition, language, location, paragraph FROM narrative_paragraphs ORDER BY id"
                    )
                )
            ]
    finally:
        engine.dispose()


def test_both_databases_hold_the_same_paragraph_ids(stores: tuple[Store, Store]) -> None:
    lite, pg = stores
    keys = paragraph_keys(lite)
    assert len(keys) > 300
    assert paragraph_keys(pg) == keys


@pytest.mark.parametrize("walk", [2, 25, 4000])
def test_every_page_is_the_same_on_both_databases(
    stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, walk: int
) -> None:
    lite, pg = stores
    monkeypatch.setattr(search_module, "RANK_WINDOW", 8)
    monkeypatch.setattr(search_postgres, "WALK_ROWS", walk)
    compared = lower_bounds = 0
    for query in QUERIES:
        for filters in FILTERS:
            for limit, offset in PAGES:
                expected = lite.search(query, limit=limit, offset=offset, **filters)
                found = pg.search(query, limit=limit, offset=offset, **filters)
                assert found == expected, (query, filters, limit, offset)
                compared += len(expected.hits)
                lower_bounds += not expected.total_exact
    assert compared > 1000  # the pages were not empty
    assert lower_bounds > 50  # and many stopped counting at the end of their window


def test_first_page_ranks_equal_to_the_last_bit(stores: tuple[Store, Store]) -> None:
    """Full-size window: the first page of 20 of a common word, with and without a filter."""
    lite, pg = stores
    for filters in FILTERS:
        expected = lite.search("ferry", limit=20, **filters)
        found = pg.search("ferry", limit=20, **filters)
        assert [h.rank for h in found.hits] == [h.rank for h in expected.hits]
        assert found == expected
    assert len(lite.search("ferry", limit=20).hits) == 20
