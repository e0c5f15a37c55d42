"""Bounded ranking of search hits (netfreedom.store.search.RANK_WINDOW) and the stems column.

A search ranks only the windows of RANK_WINDOW matches (newest stored first) that its page
shows and counts matches only to the end of those windows plus one. These tests shrink the
window so that a handful of paragraphs written here span several windows, and check that
paging still reaches every match exactly once, in one stable order, with ``total`` exact or
marked as a lower bound. They run on SQLite and, when configured, on PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select

from netfreedom.store import Store
from netfreedom.store import search as search_module
from netfreedom.store.tables import NarrativeParagraphRow
from netfreedom.text.stemming import stems_of

from .conftest import make_assessment
from .shared_data import seed_path

WINDOW = 3

# Paragraphs of our own: the made-up word occurs 1..4 times, so BM25 and ts_rank tell them apart.
PARAGRAPHS = [
    "Zeppelin pilots met the regulator.",
    "A zeppelin, then another zeppelin, crossed the border.",
    "Nothing about airships here.",
    "Zeppelin zeppelin zeppelin over the capital.",
    "The court heard about one zeppelin.",
    "Zeppelin zeppelin zeppelin zeppelin at dawn.",
]
OTHER_PARAGRAPHS = [
    "The zeppelin owners appealed.",
    "Two zeppelin crews, a zeppelin mechanic and a zeppelin owner were fined.",
    "Fines for the zeppelin crews.",
]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    raw = create_engine(database_url)
    yield raw
    raw.dispose()


@pytest.fixture
def windowed(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store holding two assessments with 8 paragraphs that say "zeppelin", searched in
    windows of 3."""
    first = make_assessment(iso3="KAZ").model_copy(update={"overview": PARAGRAPHS})
    second = make_assessment(iso3="UZB").model_copy(update={"overview": OTHER_PARAGRAPHS})
    store.save_many([first, second])
    monkeypatch.setattr(search_module, "RANK_WINDOW", WINDOW)
    return store


def matching_ids(engine: Engine) -> dict[tuple[str, str, int], int]:
    """(iso3, location, paragraph) -> paragraph id of every stored paragraph that says zeppelin."""
    table = NarrativeParagraphRow.__table__
    with engine.connect() as connection:
        rows = connection.execute(
            select(table.c.id, table.c.iso3, table.c.location, table.c.paragraph, table.c.text)
        ).all()
    return {(r.iso3, r.location, r.paragraph): r.id for r in rows if "zeppelin" in r.text.lower()}


def ids_of(hits: list[Any], ids: dict[tuple[str, str, int], int]) -> list[int]:
    return [ids[(h.iso3, h.location, h.paragraph)] for h in hits]


def test_windows_hold_the_newest_matches_each_ranked(windowed: Store, engine: Engine) -> None:
    ids = matching_ids(engine)
    assert len(ids) == 8
    every = windowed.search("zeppelins", limit=500)
    assert (every.total, every.total_exact, every.more) == (8, True, False)
    newest_first = sorted(ids.values(), reverse=True)
    order = ids_of(every.hits, ids)
    assert sorted(order) == sorted(newest_first)  # every match, once
    for start in range(0, 8, WINDOW):
        window = every.hits[start : start + WINDOW]
        assert set(ids_of(window, ids)) == set(newest_first[start : start + WINDOW])
        ranks = [h.rank for h in window]
        assert ranks == sorted(ranks, reverse=True)
    # the first window holds UZB's three paragraphs (stored last): three mentions beat one
    assert [(h.iso3, h.location, h.paragraph) for h in every.hits[:1]] == [("UZB", "overview", 1)]


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5])
def test_pages_of_any_size_reach_every_match_once_in_one_order(windowed: Store, limit: int) -> None:
    every = windowed.search("zeppelin", limit=500).hits
    paged = []
    for offset in range(0, 12, limit):
        page = windowed.search("zeppelin", limit=limit, offset=offset)
        paged += page.hits
        assert page.more == (offset + limit < 8)
        if not page.total_exact:  # counting stopped at the end of the page's windows
            assert page.total < 8 and page.total >= offset + len(page.hits)
        else:
            assert page.total == 8
    assert paged == every


def test_first_page_counts_only_to_the_end_of_its_window(windowed: Store) -> None:
    first = windowed.search("zeppelin", limit=2)
    assert (first.total, first.total_exact, first.more, len(first.hits)) == (WINDOW, False, True, 2)
    last = windowed.search("zeppelin", limit=2, offset=6)
    assert (last.total, last.total_exact, last.more, len(last.hits)) == (8, True, False, 2)
    past = windowed.search("zeppelin", limit=2, offset=30)
    assert (past.total, past.total_exact, past.more, past.hits) == (8, True, False, [])


def test_filters_apply_inside_the_windows(windowed: Store) -> None:
    kaz = windowed.search("zeppelin", country="KAZ", limit=500)
    assert (kaz.total, kaz.total_exact) == (5, True)
    assert {h.iso3 for h in kaz.hits} == {"KAZ"}
    paged = windowed.search("zeppelin", country="KAZ", limit=2).hits
    paged += windowed.search("zeppelin", country="KAZ", limit=2, offset=2).hits
    paged += windowed.search("zeppelin", country="KAZ", limit=2, offset=4).hits
    assert paged == kaz.hits


def test_stems_column_holds_the_stems_of_each_paragraph(windowed: Store, engine: Engine) -> None:
    table = NarrativeParagraphRow.__table__
    with engine.connect() as connection:
        rows = connection.execute(select(table.c.text, table.c.stems)).all()
    assert rows
    for body, stems in rows:
        assert stems == " ".join(stems_of(body))


def test_page_says_more_than_when_counting_stopped(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """With windows of 5 a page of 20 counts 25 matches at most; the seed's Russian body
    says "интернет" in more paragraphs than that."""
    seed_path()
    query = "интернет"
    assert client.get("/api/v1/search", params={"q": query, "limit": 500}).json()["total"] > 25
    monkeypatch.setattr(search_module, "RANK_WINDOW", 5)
    answer = client.get("/api/v1/search", params={"q": query, "limit": 20}).json()
    assert (answer["total"], answer["total_exact"], len(answer["hits"])) == (25, False, 20)

    page = client.get("/search", params={"q": query})
    assert page.status_code == 200
    assert "Results 1–20 of more than 25" in page.text
    assert 'data-testid="search-next"' in page.text
    assert re.search(r"<span>Page 1</span>", page.text)
    russian = client.get("/search", params={"q": query, "lang": "ru", "page": 2})
    assert "Результаты 21–40 из более чем 45" in russian.text
    assert 'data-testid="search-previous"' in russian.text
