"""Full-text search of the narratives (netfreedom.store.search), its page and its API.

Every test runs on SQLite and, when ``NETFREEDOM_TEST_POSTGRES_URL`` is set, on PostgreSQL
(see ``tests/postgres.py``). Query words are picked from the stored reports at run time;
no report text is copied here.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, func, select, text

from netfreedom.model.assessment import Assessment
from netfreedom.services.reports import ingest_report
from netfreedom.store import Store
from netfreedom.store.migrate import alembic_config
from netfreedom.store.search import (
    FTS_TABLE,
    SearchResults,
    highlight,
    paragraphs_of,
    reindex,
    stem,
)
from netfreedom.store.tables import NarrativeParagraphRow
from netfreedom.text.stemming import stems_of
from netfreedom.web.pages.search import hit_url

from .conftest import make_assessment
from .shared_data import SAMPLES, seed_path

WORD = re.compile(r"[^\W_]+")
HIT_FIELDS = {"iso3", "edition", "language", "location", "paragraph", "snippet", "rank"}


# -- helpers --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(seeded_database_url: str) -> Iterator[Store]:
    """The seeded store (seed + samples), read only."""
    with Store(seeded_database_url, migrate=True) as opened:
        yield opened


def narrative(store: Store, iso3: str, edition: int, language: str) -> list[tuple[str, int, str]]:
    """(location, paragraph, text) of a stored assessment's narrative, as indexed."""
    assessment = store.get(iso3, edition, language)
    assert assessment is not None, f"{iso3} {edition} {language} is not stored"
    return list(paragraphs_of(assessment.model_dump(mode="json")))


def words_of(paragraph: str) -> set[str]:
    return {w.lower() for w in WORD.findall(paragraph)}


def everything(store: Store, query: str, **filters: Any) -> SearchResults:
    results = store.search(query, limit=500, **filters)
    assert results.total == len(results.hits) and results.total_exact and not results.more
    return results


def keys(results: SearchResults) -> set[tuple[str, int, str, str, int]]:
    return {(h.iso3, h.edition, h.language, h.location, h.paragraph) for h in results.hits}


def paragraph_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(NarrativeParagraphRow)).scalar_one()


def fts_count(engine: Engine) -> int | None:
    if engine.dialect.name != "sqlite":
        return None
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {FTS_TABLE}")).scalar_one())


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    raw = create_engine(database_url)
    yield raw
    raw.dispose()


def with_overview(assessment: Assessment, *paragraphs: str, total: int | None = None) -> Assessment:
    update: dict[str, Any] = {"overview": list(paragraphs)}
    if total is not None:
        update["provenance"] = assessment.provenance.model_copy(  # type: ignore[union-attr]
            update={"sha256": f"{total:064d}"}
        )
    return assessment.model_copy(update=update)


# -- stemming -------------------------------------------------------------------------------


def test_russian_query_in_another_form_finds_the_seed_paragraph(seeded: Store) -> None:
    seed_path()
    paragraphs = narrative(seeded, "KAZ", 2022, "ru")
    forms: dict[str, dict[str, set[tuple[str, int]]]] = defaultdict(lambda: defaultdict(set))
    for location, index, body in paragraphs:
        for word in words_of(body):
            if len(word) >= 7 and not word.isascii():
                forms[stem(word)][word].add((location, index))
    groups = sorted(forms.items(), key=lambda g: (-sum(map(len, g[1].values())), g[0]))
    by_key = {(location, index): body for location, index, body in paragraphs}
    for _, by_form in groups:
        if len(by_form) < 2:
            continue
        query, other = sorted(by_form)[:2]
        # a paragraph with the other form only: found through the stem, not the letters
        only_other = sorted(k for k in by_form[other] if query not in words_of(by_key[k]))
        if not only_other:
            continue
        results = everything(seeded, query, country="KAZ", language="ru")
        found = {(h.location, h.paragraph) for h in results.hits}
        assert set(only_other) <= found, (query, other)
        for hit in results.hits:
            assert "<mark>" in hit.snippet
        return
    pytest.fail("the seed has no Russian word in two forms")


def test_english_query_is_stemmed_on_the_sample(seeded: Store) -> None:
    paragraphs = narrative(seeded, "XEX", 2023, "en")
    blocked = {(loc, i) for loc, i, body in paragraphs if "blocked" in words_of(body)}
    assert blocked, "the English sample no longer says 'blocked'"
    assert stem("blocking") == stem("blocked") == stem("Blocks")

    results = everything(seeded, "blocking", country="XEX", language="en")

    assert blocked <= {(h.location, h.paragraph) for h in results.hits}
    assert all("<mark>" in h.snippet for h in results.hits)


def test_stems_pick_the_stemmer_by_script() -> None:
    assert stem("Ёлки") == stem("елка")  # lower-cased, ё folded, Russian stemmer
    assert stem("Internet") == stem("internets")  # Latin: English stemmer
    assert stem("2022") == "2022"


# -- filters and paging ---------------------------------------------------------------------


def test_filters_by_country_edition_indicator_and_language(seeded: Store) -> None:
    query = "blocking"
    every = everything(seeded, query)
    assert {h.iso3 for h in everything(seeded, query, country="xex").hits} == {"XEX"}
    assert {h.edition for h in everything(seeded, query, edition=2023).hits} == {2023}
    assert everything(seeded, query, edition=1999).total == 0
    assert {h.language for h in everything(seeded, query, language="en").hits} == {"en"}

    in_b3 = everything(seeded, query, country="XEX", indicator="b3")
    assert in_b3.total >= 1
    assert {h.location for h in in_b3.hits} == {"B3"}
    assert keys(in_b3) <= keys(every)

    sections = everything(seeded, query, indicator="key-developments")
    assert {h.location for h in sections.hits} <= {"key-developments"}
    assert everything(seeded, query, country="Exampleland").total == everything(seeded, query, country="XEX").total
    assert everything(seeded, query, country="Atlantis").total == 0


def test_paging_is_stable_and_counts_everything(seeded: Store) -> None:
    every = everything(seeded, "internet")
    assert every.total >= 4
    first = seeded.search("internet", limit=2)
    second = seeded.search("internet", limit=2, offset=2)
    assert first.total == second.total == every.total
    assert first.hits + second.hits == every.hits[:4]
    ranks = [h.rank for h in every.hits]
    assert ranks == sorted(ranks, reverse=True)


@pytest.mark.parametrize("arguments", [{"query": "  "}, {"query": "x", "limit": 0}, {"query": "x", "offset": -1}])
def test_bad_arguments_raise_value_error(seeded: Store, arguments: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        seeded.search(**arguments)


def test_query_without_words_matches_nothing(seeded: Store) -> None:
    assert seeded.search("!!! ...").total == 0


def test_odd_characters_in_the_query_are_harmless(seeded: Store) -> None:
    plain = seeded.search("blocking").total
    assert seeded.search("blocking\x00 & <b> 'or' \"x\" OR NOT *").total <= plain
    assert seeded.search('"blocking" \x00').total == plain


# -- snippets -------------------------------------------------------------------------------


def test_highlight_escapes_first_then_marks_matching_stems() -> None:
    paragraph = 'Officials <script>alert("x")</script> blocked sites & more blocking.'
    snippet = highlight(paragraph, {stem("block")})
    assert "<script" not in snippet and "&lt;script&gt;" in snippet
    assert "&amp;" in snippet and "&quot;x&quot;" in snippet
    assert snippet.count("<mark>") == 2
    assert "<mark>blocked</mark>" in snippet and "<mark>blocking</mark>" in snippet
    assert html.unescape(re.sub(r"</?mark>", "", snippet)) == paragraph


def test_snippet_is_trimmed_around_the_first_hit() -> None:
    words = [f"word{n}" for n in range(200)]
    paragraph = " ".join([*words[:120], "censorship", *words[120:]])
    snippet = highlight(paragraph, {stem("censorship")})
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>censorship</mark>" in snippet
    assert len(re.sub(r"</?mark>", "", snippet)) <= 310
    assert highlight("short text", {"none"}) == "short text"


def test_highlight_with_the_stored_stems_is_the_same_snippet(seeded: Store) -> None:
    """The search passes each hit's stored stems to highlight(); on every paragraph of the seed,
    for each of its words as the query, at three widths, the snippet is the one made by
    stemming the paragraph again, and stems of the wrong length are ignored."""
    compared = 0
    for location, index, body in narrative(seeded, "KAZ", 2022, "ru"):
        stems = stems_of(body)
        for word in sorted(set(stems))[:: max(1, len(set(stems)) // 6)]:
            for width in (300, 120, 40):
                expected = highlight(body, {word}, width)
                assert highlight(body, {word}, width, stems=stems) == expected, (location, index, word)
                assert highlight(body, {word}, width, stems=stems[:-1]) == expected
                compared += 1
    assert compared > 300


def test_search_choices_are_those_of_the_stored_reports(seeded: Store) -> None:
    summaries = seeded.list_assessments()
    choices = seeded.search_choices()
    assert choices.countries == sorted({s.iso3 for s in summaries}) and "KAZ" in choices.countries
    assert choices.editions == sorted({s.edition for s in summaries}, reverse=True) and 2022 in choices.editions
    assert choices.languages == sorted({s.language for s in summaries}) and "ru" in choices.languages


def test_script_in_a_narrative_comes_back_escaped(store: Store) -> None:
    hostile = '<script>alert("owned")</script> Censorship of <b>news</b> sites.'
    store.save(with_overview(make_assessment(), hostile))

    results = store.search("<script> censorship")

    assert results.total == 1
    snippet = results.hits[0].snippet
    assert "<script" not in snippet and "<b>" not in snippet
    assert "&lt;<mark>script</mark>&gt;" in snippet and "<mark>Censorship</mark>" in snippet


def test_footnote_markers_are_not_indexed(seeded: Store) -> None:
    assessment = seeded.get("XEX", 2023, "en")
    assert assessment is not None and assessment.footnote_markers
    marker = assessment.footnote_markers[0]
    indexed = {(loc, i): body for loc, i, body in narrative(seeded, "XEX", 2023, "en")}
    source = {"overview": assessment.overview, "key-developments": assessment.key_developments}
    original = source.get(marker.location) or assessment.indicator(marker.location).paragraphs  # type: ignore[union-attr]
    raw = original[marker.paragraph]
    glued = raw[marker.offset - 1] + str(marker.number)  # "word12": a letter then the digits
    assert glued in raw and glued not in indexed[(marker.location, marker.paragraph)]


# -- indexing with the store's writes -------------------------------------------------------


def test_reingest_does_not_duplicate_rows(database_url: str, engine: Engine) -> None:
    sample = SAMPLES / "exampleland-2023-en.txt"
    with Store(database_url, migrate=True) as store:
        first = ingest_report(sample, store)
        count = paragraph_count(engine)
        total = store.search("blocking").total
        again = ingest_report(sample, store)
        assert (first.saved.action, again.saved.action) == ("created", "unchanged")
        assert paragraph_count(engine) == count == len(narrative(store, "XEX", 2023, "en"))
        assert store.search("blocking").total == total
    assert fts_count(engine) in (None, count)


def test_replaced_assessment_is_reindexed(store: Store, engine: Engine) -> None:
    # words the synthetic indicator paragraphs never use
    store.save(with_overview(make_assessment(), "Zeppelins grew.", "Courts ruled."))
    assert store.search("zeppelin").total == 1

    result = store.save(with_overview(make_assessment(), "Glaciers grew.", total=1))

    assert result.action == "replaced"
    assert store.search("zeppelin").total == 0
    hits = store.search("glacier", country="KAZ").hits
    assert [(h.location, h.paragraph) for h in hits] == [("overview", 0)]
    expected = len(narrative(store, "KAZ", 2022, "en"))
    assert paragraph_count(engine) == expected
    assert fts_count(engine) in (None, expected)


def test_deleting_an_assessment_deletes_its_index(store: Store, engine: Engine) -> None:
    store.save(with_overview(make_assessment(), "Censorship grew."))
    with store._engine.begin() as connection:  # the Store's engine: foreign keys on in SQLite
        connection.execute(text("DELETE FROM assessments"))
    assert paragraph_count(engine) == 0
    assert fts_count(engine) in (None, 0)
    assert store.search("censorship").total == 0


def test_reindex_rebuilds_the_same_index(store: Store, engine: Engine) -> None:
    store.save_many([make_assessment(iso3="KAZ"), make_assessment(iso3="UZB", language="ru")])
    before = everything(store, "internet")
    count = paragraph_count(engine)

    assert reindex(store) == count

    assert paragraph_count(engine) == count
    assert fts_count(engine) in (None, count)
    assert keys(everything(store, "internet")) == keys(before)


def test_migration_indexes_assessments_stored_before_it(database_url: str) -> None:
    with Store(database_url, migrate=True) as store:
        store.save(with_overview(make_assessment(), "Zeppelins grew."))
        with store._engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0001")
    with Store(database_url, migrate=True) as store:  # upgrades to head again: 0014 re-indexes
        assert [h.location for h in store.search("zeppelin").hits] == ["overview"]


# -- web ------------------------------------------------------------------------------------


def test_api_search_shape(client: Any) -> None:
    response = client.get("/api/v1/search", params={"q": "blocking", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"query", "total", "total_exact", "limit", "offset", "hits"}
    assert body["query"] == "blocking" and (body["limit"], body["offset"]) == (3, 0)
    assert body["total"] >= len(body["hits"]) > 0
    for hit in body["hits"]:
        assert set(hit) == HIT_FIELDS
        assert "<mark>" in hit["snippet"]
    filtered = client.get("/api/v1/search", params={"q": "blocking", "indicator": "B3", "edition": ""})
    assert {h["location"] for h in filtered.json()["hits"]} == {"B3"}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "  "},
        {"q": "x" * 501},
        {"q": "x", "edition": "twenty"},
        {"q": "x", "limit": 0},
        {"q": "x", "limit": "a"},
        {"q": "x", "offset": -1},
    ],
)
def test_api_search_errors_have_the_error_shape(client: Any, params: dict[str, Any]) -> None:
    response = client.get("/api/v1/search", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["status"]) == ("invalid_parameter", 400)
    assert "\n" not in error["message"]


def test_search_page_links_each_result_to_its_indicator(client: Any) -> None:
    api = client.get("/api/v1/search", params={"q": "blocking", "country": "XEX", "language": "en"})
    first = api.json()["hits"][0]

    page = client.get("/search", params={"q": "blocking", "country": "XEX", "language": "en"})

    assert page.status_code == 200
    links = re.findall(r'<a class="search-hit" href="([^"]+)"', page.text)
    assert len(links) == len(api.json()["hits"][:20])
    expected = f"/country/XEX/2023?version=en&lang=en#{first['location']}"
    assert html.unescape(links[0]) == expected
    assert "<mark>" in page.text
    target = client.get(html.unescape(links[0]).split("#")[0])
    assert target.status_code == 200
    assert f'id="{first["location"]}"' in target.text


def test_search_page_escapes_the_query(client: Any) -> None:
    page = client.get("/search", params={"q": '<script>alert("q")</script>'})
    assert page.status_code == 200
    assert '<script>alert("q")' not in page.text
    assert "&lt;script&gt;alert(" in page.text


def test_search_page_pages_and_speaks_russian(client: Any) -> None:
    total = client.get("/api/v1/search", params={"q": "internet"}).json()["total"]
    plain = client.get("/search")
    assert plain.status_code == 200 and 'data-testid="search-hit"' not in plain.text

    page = client.get("/search", params={"q": "internet", "lang": "ru", "page": 2})

    assert page.status_code == 200
    assert "Поиск по докладам" in page.text
    if total > 20:
        assert 'data-testid="search-previous"' in page.text
        assert "page=1" in page.text
    assert client.get("/search", params={"q": "x", "edition": "20x"}).status_code == 400
    assert client.get("/search", params={"q": "x" * 501}).status_code == 400
    beyond = client.get("/search", params={"q": "internet", "page": 999})
    assert beyond.status_code == 200 and 'data-testid="search-none"' in beyond.text
    assert "page=1" in beyond.text


def test_hit_url_uses_the_section_anchor() -> None:
    from netfreedom.store.search import SearchHit

    hit = SearchHit(
        iso3="KAZ", edition=2022, language="ru", location="key-developments", paragraph=1, snippet="", rank=0.0
    )
    assert hit_url(hit, "ru") == "/country/KAZ/2022?version=ru&lang=ru#key-developments"


def test_queries_use_the_full_text_index(store: Store, engine: Engine) -> None:
    """Matching goes through the full-text index: on SQLite both statements query the FTS5
    table; on PostgreSQL the window of matches can come from the GIN index over the stored
    vector (the ranked statement is bounded by paragraph ids, so the primary key serves it)."""
    from netfreedom.store import search as search_module

    store.save(with_overview(make_assessment(), "Censorship grew."))
    dialect = engine.dialect.name
    statements = search_module._statements(dialect, ())
    if dialect == "sqlite":
        explain, wanted = "EXPLAIN QUERY PLAN ", ["VIRTUAL TABLE INDEX"]
        query, checked = search_module._sqlite_expression(["censorship"]), list(statements)
    else:
        explain, wanted = "EXPLAIN ", [search_module.PG_INDEX]
        query, checked = "censorship", [statements.window]
    values = {"query": query, "take": 10, "skip": 0, "oldest": 0, "newest": 10**9}
    with engine.connect() as connection:
        if dialect == "postgresql":
            # a tiny table: walking the primary key (newest first) is what the planner picks; take it away
            connection.exec_driver_sql("SET enable_seqscan = off")
            connection.exec_driver_sql("SET enable_indexscan = off")
        for statement in checked:
            plan = "\n".join(str(row[-1]) for row in connection.execute(text(explain + statement.text), values))
            for part in wanted:
                assert part in plan, plan


def test_genitive_plural_finds_the_same_paragraphs_as_the_nominative(seeded: Store) -> None:
    """ "блокировка" and "блокировок" (fleeting vowel) are one word to the search, on SQLite
    and PostgreSQL alike: both match the stems of netfreedom.text.stemming (migration 0014)."""
    seed_path()
    assert stem("блокировок") == stem("блокировка") == stem("блокировки")
    paragraphs = narrative(seeded, "KAZ", 2022, "ru")
    expected = {(loc, i) for loc, i, body in paragraphs if re.search(r"блокиров(к|ок)", body.lower())}
    assert len(expected) > 2
    for form in ("блокировка", "блокировок", "блокировки"):
        found = seeded.search(form, country="KAZ", limit=500)
        assert {(h.location, h.paragraph) for h in found.hits} == expected, form
