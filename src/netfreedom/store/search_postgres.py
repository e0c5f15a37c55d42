"""The first window of a PostgreSQL search in one statement: matches, BM25 and the page's rows.

:func:`netfreedom.store.search.search` takes matches newest stored first in windows of
``RANK_WINDOW`` and ranks each window by BM25 from the stored statistics (migration 0018). On
SQLite the window's rows go to Python (:func:`~netfreedom.store.search_statistics.rank_window`).
On PostgreSQL a page inside the first window (``offset + limit < RANK_WINDOW``: the first page
of hits and the ones after it up to 500) is answered by :func:`first_window`, one statement
that finds the window, counts it (to its end plus one, as everywhere), scores it with the
same BM25 arithmetic in SQL and returns only the page's rows. The statement also reads the
query stems' counts from ``search_terms`` and computes their weights (as ``term_weights``
does), so a first page is one statement, one round trip (``Store.search`` runs it in
autocommit: no BEGIN / COMMIT around it). Nothing but the page crosses the connection.

Finding the newest matches (measured with ``EXPLAIN ANALYZE`` on 2,000 synthetic reports,
129,866 paragraphs; ``benchmarks/search.py --postgres``): walking the primary key newest first
and testing each row's stored vector costs ~1-3 µs a row, so it is fast when matches are
common (~1,900 rows for 500 matches of "journalists arrested") and reads the whole table when
they are rare or absent (100+ ms for English words with the Russian-language filter). The GIN
index costs ~0.35 µs per match found plus a heap read per match to learn its id, so it is fast
for rare matches and slow for common ones (9-25 ms for 28,000). The planner guesses between
the two from term frequencies it assumes independent, which fails exactly there (English and
Russian words never meet). So the statement walks at most :data:`WALK_ROWS` newest paragraphs,
and only when fewer than a window's matches were among them asks the GIN index for the older
ones (the primary key is hidden from that part, ``id + 0``, so the planner cannot walk again).
When the rarest query stem is too rare to fill a window within the walk (its paragraphs, spread
evenly, would give fewer than ``window + 1`` in :data:`WALK_ROWS`), the walk is skipped and the
GIN index finds them all. With a language filter that estimate uses the stem's paragraphs of
that language among all of the language's (``search_term_languages``, migration 0022). When a
query stem is held by no paragraph (of the filter's language: English words with
``language=ru``), the statement reads neither the walk's index nor the GIN index (the walk and the
GIN part both sit behind one-time filters) and answers no match: before, that cost a walk of
4,000 Russian paragraphs and an empty GIN intersection, ~8-10 ms, the filtered search's tail.
Whichever way, the matches are the newest ``window + 1``: the choice changes the cost, never the
hits.

Two plan traps, seen with ``EXPLAIN ANALYZE`` (``benchmarks/search.py``'s store): (1) the GIN part
is read only when the walk fell short (a one-time filter above it; a materialized CTE nobody
reads never runs), and its ``tsquery`` is a sub-select, so the planner, which cannot estimate
it, plans the GIN index (a bitmap scan) instead of a parallel sequential scan: PostgreSQL 15
launched two parallel workers for it on every search, even when the walk had filled the window
(10-20 ms of a 25 ms search); (2) with a filter the walk goes newest first through ``-id``,
and the hits keep that order (the outer query orders by the same key), so the walk stops at
the ``window + 1``-th hit instead of sorting all :data:`WALK_ROWS` rows first.

The score: for a paragraph of ``tokens`` stems and stem frequency ``f`` of each query stem
(``f`` read from ``repeats``, else 1), with ``norm = norm0 + norm1 * tokens``, the sum of
``w * f / (f + norm)`` over the query stems in query order, or ``single / (1 + norm)`` when the
paragraph repeats no stem: the operations and their order of
:func:`~netfreedom.store.search_statistics.rank_window`, on IEEE doubles with the same bound
values, so both databases give the same scores to the last bit and the same order (best
first, then by paragraph id).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Row, TextClause, text

from netfreedom.store.search_statistics import K1, B

__all__ = ["WALK_INDEXES", "WALK_ROWS", "first_window", "first_window_statement", "walk_conditions"]

WALK_ROWS = 4000
"""How many of the newest paragraphs the statement tests one by one before it asks the GIN
index for older matches. At the densities of the benchmark's queries (22-34% of paragraphs)
a window of 500 needs 1,500-2,300 rows; ~4,000 rows cost 4-6 ms on a busy 2-core machine."""

WALK_INDEXES = {
    "edition": ("ix_narrative_paragraphs_walk_edition", "edition"),
    "iso3": ("ix_narrative_paragraphs_walk_country", "lower(iso3)"),
    "location": ("ix_narrative_paragraphs_walk_location", "replace(lower(location), '-', '')"),
    "language": ("ix_narrative_paragraphs_walk_language", "replace(lower(language), '-', '')"),
}
"""Filter column -> (name, expression) of the PostgreSQL index on ``(expression, -id)`` (migration
0021) that walks the paragraphs of one filter value newest first. Each expression is the one
the column's filter term is made of in the stored vector (``search.PG_VECTOR_EXPRESSION``), so a
paragraph passes the walk's condition exactly when its vector holds the filter term."""

_COLUMNS = "p.iso3, p.edition, p.language, p.location, p.paragraph, p.text, p.stems"


def _frequency(index: int) -> str:
    """SQL of the frequency of query stem ``index`` in a match: the ``n`` of ``stem:n`` in
    ``repeats`` (bound pattern ``:pattern{index}`` = ``" stem:"``), else 1."""
    return (
        f"coalesce(nullif(split_part(split_part(' ' || s.repeats || ' ', :pattern{index}, 2), ' ', 1), '')::integer, 1)"
    )


def walk_conditions(filters: dict[str, Any], alias: str) -> tuple[str, dict[str, Any]]:
    """SQL condition on the rows of ``narrative_paragraphs`` named ``alias`` that holds exactly
    for the paragraphs whose filter terms match ``filters`` (column -> value, as
    ``search._filters`` gives them; ``true`` without filters), and its bound values
    (``walk_<column>``). Each is the leading expression of a :data:`WALK_INDEXES` index."""
    conditions, values = [], {}
    for column, value in filters.items():
        expression = WALK_INDEXES[column][1].replace(column, f"{alias}.{column}")
        conditions.append(f"{expression} = :walk_{column}")
        values[f"walk_{column}"] = value if column == "edition" else str(value).lower().replace("-", "")
    return " AND ".join(conditions) or "true", values


@lru_cache(maxsize=128)
def _statement(vector: str, tsquery: str, filters: tuple[str, ...], stems: int) -> TextClause:
    """The statement for ``stems`` query stems (each weighed and scored in SQL, bound as
    ``stem{i}`` and ``pattern{i}``) matching ``vector @@ tsquery``, walking the paragraphs of the
    ``filters`` columns' values; see the module docstring. Bound: the tsquery's parameters, the
    walk's values (:func:`walk_conditions`), ``walk``, ``take`` (window + 1), ``window``,
    ``keep``, ``scale`` (k1 + 1), ``norm0`` (k1 (1 - b)), ``kb`` (k1 b), ``stem{i}``,
    ``pattern{i}``."""
    walked = {alias: walk_conditions(dict.fromkeys(filters, 0), alias)[0] for alias in ("p", "q")}
    # newest first through the first filter's walk index, which orders by ``-id``: the primary
    # key cannot give that order, so the planner cannot walk it instead and skip the other
    # values' rows one by one (seen: 20,903 rows read for 2,909 of edition 2023)
    newest = {alias: f"-{alias}.id" if filters else f"{alias}.id DESC" for alias in ("p", "q")}
    # the walk's rows stay in the walk's order (the newest ``take`` hits are its first ones): the
    # outer query orders by the same key, so it needs no sort and stops at the ``take``-th hit
    key, outer = ("-p.id", "w.key") if filters else ("p.id", "w.key DESC")
    indexes = range(stems)
    # the paragraphs holding each stem (0: none; in the weights a stem no paragraph holds counts
    # as one, as in term_weights)
    holding = [
        f"coalesce((SELECT t.paragraphs FROM search_terms AS t WHERE t.term = :stem{i}), 0) AS h{i}" for i in indexes
    ]
    # with a language filter, the paragraphs of that language holding each stem, and all of them
    # (migration 0022): a stem none of them holds means no match, and the walk's hit rate is the
    # language's own (an English word is rare among Russian paragraphs however common it is)
    language = "language" in filters
    if language:
        holding += [
            f"coalesce((SELECT l.paragraphs FROM search_term_languages AS l "
            f"WHERE l.language = :walk_language AND l.term = :stem{i}), 0) AS l{i}"
            for i in indexes
        ]
        holding.append(
            "coalesce((SELECT l.paragraphs FROM search_term_languages AS l "
            "WHERE l.language = :walk_language AND l.term = ''), 0) AS lt"
        )
    # idf * (k1 + 1) of each stem, as term_weights and rank_window compute it (same operations on doubles)
    idf = ", ".join(
        f"ln(CAST(1 AS double precision) + (CAST(a.total - greatest(h.h{i}, 1) AS double precision)"
        f" + CAST(0.5 AS double precision)) / (CAST(greatest(h.h{i}, 1) AS double precision)"
        f" + CAST(0.5 AS double precision))) * CAST(:scale AS double precision) AS w{i}"
        for i in indexes
    )
    single = " + ".join(f"w{i}" for i in indexes)
    held = "l" if language else "h"
    rarest = f"least({', '.join(f'h.{held}{i}' for i in indexes)})" if stems > 1 else f"h.{held}0"
    population = "h.lt" if language else "a.total"
    terms = " + ".join(f"k.w{i} * f{i} / (f{i} + n.norm)" for i in indexes)
    frequencies = ", ".join(f"{_frequency(i)} AS f{i}" for i in indexes)
    boundary = (
        f"(SELECT coalesce(min(w.id), 0) FROM (SELECT q.id FROM narrative_paragraphs AS q WHERE {walked['q']} "
        f"ORDER BY {newest['q']} LIMIT :walk) AS w)"
    )
    sql = f"""
WITH weights AS MATERIALIZED (
  SELECT {idf}, CAST(:kb AS double precision) / greatest(CAST(a.tokens AS double precision)
         / CAST(a.total AS double precision), CAST(1 AS double precision)) AS norm1,
         {rarest} = 0 AS none,
         {rarest} = 0 OR CAST({rarest} AS double precision) * :walk < CAST({population} AS double precision) * :take
           AS skip
  FROM (SELECT greatest(coalesce(max(t.paragraphs), 0), 1) AS total, coalesce(max(t.tokens), 0) AS tokens
        FROM search_terms AS t WHERE t.term = '') AS a
  CROSS JOIN (SELECT {", ".join(holding)} OFFSET 0) AS h
), weighed AS MATERIALIZED (
  SELECT {", ".join(f"w{i}" for i in indexes)}, {single} AS single, norm1 FROM weights
), recent AS MATERIALIZED (
  SELECT w.id FROM (
    SELECT p.id, {key} AS key, p.{vector} @@ {tsquery} AS hit FROM narrative_paragraphs AS p
    WHERE {walked["p"]} AND NOT (SELECT skip FROM weights)
    ORDER BY {newest["p"]} LIMIT :walk) AS w
  WHERE w.hit ORDER BY {outer} LIMIT :take
), older AS MATERIALIZED (
  SELECT p.id FROM narrative_paragraphs AS p
  WHERE p.{vector} @@ (SELECT {tsquery})
    AND p.id + 0 < (SELECT CASE WHEN skip THEN 9223372036854775807 ELSE {boundary} END FROM weights)
  ORDER BY p.id + 0 DESC LIMIT :take
), matched AS (
  SELECT id FROM recent UNION ALL
  SELECT id FROM older WHERE (SELECT count(*) FROM recent) < :take AND NOT (SELECT none FROM weights)
  ORDER BY id DESC LIMIT :take
), counted AS (
  SELECT count(*) AS matches, coalesce(max(id), 0) AS newest, coalesce(min(id), 0) AS oldest FROM matched
), ranked AS (
  SELECT w.id,
    CASE WHEN s.repeats = '' THEN k.single / (CAST(1 AS double precision) + n.norm) ELSE {terms} END AS score
  FROM (SELECT id FROM matched ORDER BY id DESC LIMIT :window) AS w
  JOIN narrative_paragraph_terms AS s ON s.paragraph_id = w.id
  CROSS JOIN weighed AS k
  CROSS JOIN LATERAL (SELECT CAST(:norm0 AS double precision) + k.norm1 * s.tokens AS norm) AS n
  CROSS JOIN LATERAL (SELECT {frequencies}) AS f
  ORDER BY score DESC, w.id LIMIT :keep
)
SELECT c.matches, c.newest, c.oldest, r.id, r.score, {_COLUMNS}
FROM counted AS c LEFT JOIN ranked AS r ON true LEFT JOIN narrative_paragraphs AS p ON p.id = r.id
ORDER BY r.score DESC, r.id"""
    return text(sql)


def first_window_statement(
    vector: str,
    tsquery: str,
    params: dict[str, Any],
    filters: dict[str, Any],
    stems: list[str],
    window: int,
    keep: int,
) -> tuple[TextClause, dict[str, Any]]:
    """The statement :func:`first_window` runs for these arguments (the same as there) and its
    bound values, e.g. to ``EXPLAIN`` it."""
    bound: dict[str, Any] = {
        **params,
        **walk_conditions(filters, "p")[1],
        "walk": WALK_ROWS,
        "take": window + 1,
        "window": window,
        "keep": keep,
        "scale": K1 + 1.0,
        "norm0": K1 * (1.0 - B),
        "kb": K1 * B,
    }
    for index, term in enumerate(stems):
        bound[f"stem{index}"] = term
        bound[f"pattern{index}"] = f" {term}:"
    return _statement(vector, tsquery, tuple(filters), len(stems)), bound


def first_window(
    connection: Connection,
    vector: str,
    tsquery: str,
    params: dict[str, Any],
    filters: dict[str, Any],
    stems: list[str],
    window: int,
    keep: int,
) -> tuple[int, int, int, list[tuple[float, Row[Any]]]]:
    """``(matches, newest id, oldest id, [(score, row), ...])`` of the newest ``window`` + 1
    matches of ``vector @@ tsquery`` (``params`` binds the tsquery's parameters; ``filters``
    the search's filters, column -> value, which the tsquery holds as terms): how many
    there are (at most ``window + 1``), the newest and oldest of them (0 when none), and the
    ``keep`` best of the newest ``window`` by BM25 of the query's ``stems`` (distinct, in
    query order; weighed from ``search_terms`` in the same statement, as ``term_weights``
    does), best first then by id, each with its row (``iso3``, ``edition``, ``language``,
    ``location``, ``paragraph``, ``text``, ``stems``). No match, and neither index read, when a
    stem is held by no paragraph (of the filter's language). One statement, one round trip; in
    the caller's transaction or in autocommit. Database errors propagate (SQLAlchemy exceptions)."""
    statement, bound = first_window_statement(vector, tsquery, params, filters, stems, window, keep)
    # psycopg prepares a statement run 5 times on a connection, and PostgreSQL then plans it
    # for any values (a generic plan): measured 31 ms p50 against 16-20 ms planned for the
    # values each time, so this statement is never prepared
    driver = connection.connection.driver_connection
    threshold = getattr(driver, "prepare_threshold", None)
    if threshold is not None:
        driver.prepare_threshold = None  # type: ignore[union-attr]
    try:
        rows = connection.execute(statement, bound).all()
    finally:
        if threshold is not None:
            driver.prepare_threshold = threshold  # type: ignore[union-attr]
    matches, newest, oldest = rows[0][0], rows[0][1], rows[0][2]
    return matches, newest, oldest, [(row.score, row) for row in rows if row.id is not None]
