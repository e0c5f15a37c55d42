"""Stored search statistics and the ranking that reads them (BM25 without counting any match).

The tables are :mod:`netfreedom.store.search_tables` (migration 0018). Triggers on
``narrative_paragraphs`` keep them, created per database by :func:`create_triggers`:

* **SQLite**: row triggers; a paragraph's stems (space-separated words of letters and digits,
  so never a quote or a backslash) are read as a JSON array (``json_each``).
* **PostgreSQL**: statement triggers with transition tables (``string_to_array``), so a batch
  of inserted paragraphs updates each stem's row once; stems are upserted in stem order.

:func:`rank_window` ranks the matches of one window of a search by Okapi BM25 (k1 = 1.2,
b = 0.75, idf = ln(1 + (N - n + 0.5) / (n + 0.5)), as Lucene; FTS5's ``bm25()`` has the same
term weight but counts every match of each term in the whole index on every search to find n).
Here N, n and the average paragraph length come from ``search_terms`` (one indexed read of the
query's stems) and each match's length and stem frequencies from
``narrative_paragraph_terms``, so ranking a window costs the same however many paragraphs are
stored, and both databases rank alike.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, text

from netfreedom.store.paragraph_triggers import TriggerSet, create_trigger_set, drop_trigger_set

__all__ = [
    "B",
    "K1",
    "create_triggers",
    "drop_triggers",
    "rank_window",
    "recount",
    "term_weights",
]

K1 = 1.2
"""BM25 term-frequency saturation."""

B = 0.75
"""BM25 length normalisation."""

TOTALS = ""
"""``search_terms.term`` of the row holding the totals (every paragraph, every stem)."""

INSERT_TRIGGER = "search_terms_insert"
DELETE_TRIGGER = "search_terms_delete"
PG_INSERT_FUNCTION = "search_terms_added"
PG_DELETE_FUNCTION = "search_terms_removed"


def _sqlite_words(row: str) -> str:
    """``json_each`` over the stems of ``row`` (``new`` / ``old`` / a table alias)."""
    return f"""json_each('["' || replace({row}.stems, ' ', '","') || '"]')"""


def _sqlite_repeats(row: str) -> str:
    return (
        f"coalesce((SELECT group_concat(r.value || ':' || r.n, ' ') FROM "
        f"(SELECT value, count(*) AS n FROM {_sqlite_words(row)} WHERE value <> '' "
        f"GROUP BY value HAVING count(*) > 1 ORDER BY value) AS r), '')"
    )


def _sqlite_statements() -> list[str]:
    new_words, old_words = _sqlite_words("new"), _sqlite_words("old")
    inserted = f"""
CREATE TRIGGER {INSERT_TRIGGER} AFTER INSERT ON narrative_paragraphs BEGIN
  INSERT INTO narrative_paragraph_terms (paragraph_id, tokens, repeats)
    SELECT new.id, count(*), {_sqlite_repeats("new")} FROM {new_words} WHERE value <> '';
  INSERT INTO search_terms (term, paragraphs, tokens)
    SELECT value, 1, count(*) FROM {new_words} WHERE value <> '' GROUP BY value
    ON CONFLICT (term) DO UPDATE SET paragraphs = paragraphs + 1, tokens = tokens + excluded.tokens;
  UPDATE search_terms SET paragraphs = paragraphs + 1,
    tokens = tokens + (SELECT tokens FROM narrative_paragraph_terms WHERE paragraph_id = new.id)
    WHERE term = '';
END"""
    deleted = f"""
CREATE TRIGGER {DELETE_TRIGGER} AFTER DELETE ON narrative_paragraphs BEGIN
  UPDATE search_terms SET paragraphs = paragraphs - 1, tokens = tokens - j.n
    FROM (SELECT value, count(*) AS n FROM {old_words} WHERE value <> '' GROUP BY value) AS j
    WHERE search_terms.term = j.value;
  UPDATE search_terms SET paragraphs = paragraphs - 1,
    tokens = tokens - (SELECT count(*) FROM {old_words} WHERE value <> '')
    WHERE term = '';
  DELETE FROM search_terms WHERE paragraphs <= 0 AND term IN (SELECT value FROM {old_words} WHERE value <> '');
  DELETE FROM narrative_paragraph_terms WHERE paragraph_id = old.id;
END"""
    return [inserted, deleted]


_PG_WORDS = "string_to_array(nullif({row}.stems, ''), ' ')"


def _pg_statements() -> list[str]:
    added_words, removed_words = _PG_WORDS.format(row="a"), _PG_WORDS.format(row="o")
    added = f"""
CREATE OR REPLACE FUNCTION {PG_INSERT_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO narrative_paragraph_terms (paragraph_id, tokens, repeats)
    SELECT a.id, coalesce(cardinality(w.words), 0),
      coalesce((SELECT string_agg(r.t || ':' || r.n, ' ' ORDER BY r.t)
                FROM (SELECT t, count(*) AS n FROM unnest(w.words) AS t GROUP BY t HAVING count(*) > 1) AS r), '')
    FROM added AS a CROSS JOIN LATERAL (SELECT {added_words} AS words) AS w;
  INSERT INTO search_terms (term, paragraphs, tokens)
    SELECT t, count(DISTINCT a.id), count(*) FROM added AS a CROSS JOIN LATERAL unnest({added_words}) AS t
    GROUP BY t ORDER BY t
    ON CONFLICT (term) DO UPDATE
      SET paragraphs = search_terms.paragraphs + excluded.paragraphs, tokens = search_terms.tokens + excluded.tokens;
  UPDATE search_terms SET paragraphs = search_terms.paragraphs + s.paragraphs, tokens = search_terms.tokens + s.tokens
    FROM (SELECT count(*) AS paragraphs, coalesce(sum(cardinality({added_words})), 0) AS tokens FROM added AS a) AS s
    WHERE search_terms.term = '';
  RETURN NULL;
END $$"""
    removed = f"""
CREATE OR REPLACE FUNCTION {PG_DELETE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_terms SET paragraphs = search_terms.paragraphs - r.paragraphs, tokens = search_terms.tokens - r.tokens
    FROM (SELECT t, count(DISTINCT o.id) AS paragraphs, count(*) AS tokens
          FROM removed AS o CROSS JOIN LATERAL unnest({removed_words}) AS t GROUP BY t) AS r
    WHERE search_terms.term = r.t;
  UPDATE search_terms SET paragraphs = search_terms.paragraphs - s.paragraphs, tokens = search_terms.tokens - s.tokens
    FROM (SELECT count(*) AS paragraphs, coalesce(sum(cardinality({removed_words})), 0) AS tokens FROM removed AS o) AS s
    WHERE search_terms.term = '';
  DELETE FROM search_terms WHERE paragraphs <= 0 AND term <> ''
    AND term IN (SELECT unnest({removed_words}) FROM removed AS o);
  RETURN NULL;
END $$"""
    return [
        added,
        removed,
        f"CREATE TRIGGER {INSERT_TRIGGER} AFTER INSERT ON narrative_paragraphs "
        f"REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION {PG_INSERT_FUNCTION}()",
        f"CREATE TRIGGER {DELETE_TRIGGER} AFTER DELETE ON narrative_paragraphs "
        f"REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION {PG_DELETE_FUNCTION}()",
    ]


_TRIGGERS = TriggerSet(
    _sqlite_statements, _pg_statements, (INSERT_TRIGGER, DELETE_TRIGGER), (PG_INSERT_FUNCTION, PG_DELETE_FUNCTION)
)


def create_triggers(connection: Connection) -> None:
    """Create the triggers that keep ``search_terms`` and ``narrative_paragraph_terms``, on SQLite or PostgreSQL (other
    databases: nothing). In the caller's transaction; database errors propagate (SQLAlchemy
    exceptions)."""
    create_trigger_set(connection, _TRIGGERS)


def drop_triggers(connection: Connection) -> None:
    """Drop what :func:`create_triggers` made (migration 0018's downgrade)."""
    drop_trigger_set(connection, _TRIGGERS)


def recount(connection: Connection) -> None:
    """Fill both tables again from the stored paragraphs' stems (migration 0018 on a store
    that already holds paragraphs; the triggers keep them from then on). In the caller's
    transaction; database errors propagate."""
    connection.exec_driver_sql("DELETE FROM narrative_paragraph_terms")
    connection.exec_driver_sql("DELETE FROM search_terms")
    if connection.dialect.name == "sqlite":
        words = _sqlite_words("p")
        connection.exec_driver_sql(
            f"INSERT INTO narrative_paragraph_terms (paragraph_id, tokens, repeats) "
            f"SELECT p.id, (SELECT count(*) FROM {words} WHERE value <> ''), {_sqlite_repeats('p')} "
            f"FROM narrative_paragraphs AS p"
        )
        connection.exec_driver_sql(
            f"INSERT INTO search_terms (term, paragraphs, tokens) "
            f"SELECT j.value, count(DISTINCT p.id), count(*) FROM narrative_paragraphs AS p, {words} AS j "
            f"WHERE j.value <> '' GROUP BY j.value"
        )
    else:
        words = _PG_WORDS.format(row="p")
        connection.exec_driver_sql(
            f"INSERT INTO narrative_paragraph_terms (paragraph_id, tokens, repeats) "
            f"SELECT p.id, coalesce(cardinality(w.words), 0), "
            f"coalesce((SELECT string_agg(r.t || ':' || r.n, ' ' ORDER BY r.t) FROM (SELECT t, count(*) AS n "
            f"FROM unnest(w.words) AS t GROUP BY t HAVING count(*) > 1) AS r), '') "
            f"FROM narrative_paragraphs AS p CROSS JOIN LATERAL (SELECT {words} AS words) AS w"
        )
        connection.exec_driver_sql(
            f"INSERT INTO search_terms (term, paragraphs, tokens) SELECT t, count(DISTINCT p.id), count(*) "
            f"FROM narrative_paragraphs AS p CROSS JOIN LATERAL unnest({words}) AS t GROUP BY t"
        )
    connection.exec_driver_sql(
        "INSERT INTO search_terms (term, paragraphs, tokens) SELECT '', "
        "(SELECT count(*) FROM narrative_paragraphs), "
        "(SELECT coalesce(sum(tokens), 0) FROM narrative_paragraph_terms)"
    )


_WEIGHTS = text("SELECT term, paragraphs, tokens FROM search_terms WHERE term IN :terms").bindparams(
    bindparam("terms", expanding=True)
)


def term_weights(connection: Connection, stems: Sequence[str]) -> tuple[dict[str, float], float]:
    """BM25 weight (idf) of each stem of ``stems`` and the average paragraph length in stems,
    from ``search_terms`` (one read). A stem no paragraph holds weighs as a stem of one
    paragraph; an empty store gives weights of a one-paragraph store."""
    rows = {
        term: (paragraphs, tokens)
        for term, paragraphs, tokens in connection.execute(_WEIGHTS, {"terms": [TOTALS, *stems]})
    }
    total, tokens = rows.get(TOTALS, (0, 0))
    total = max(total, 1)
    weights = {}
    for term in stems:
        holding = max(rows.get(term, (1, 0))[0], 1)
        weights[term] = math.log(1.0 + (total - holding + 0.5) / (holding + 0.5))
    return weights, max(tokens / total, 1.0)


def rank_window(
    matches: Iterable[Any], weights: dict[str, float], average_length: float, keep: int
) -> list[tuple[float, int]]:
    """``(score, paragraph id)`` of the ``keep`` best matches, best first then by id:
    ``matches`` are rows of ``(paragraph id, tokens, repeats)`` from ``narrative_paragraph_terms``
    of paragraphs that hold every stem of ``weights``; the score is BM25 (higher is better).

    ``matches`` is read once, as it comes, and only the best ``keep`` are held: a window of
    500 rows never lives in memory at once (hundreds of live objects per search would make the
    garbage collector run a full collection every few dozen searches, ~60 ms each, seen as the
    p95 of ``benchmarks/search_compare.py``)."""
    norm0, norm1 = K1 * (1.0 - B), K1 * B / average_length
    patterns = [(" " + term + ":", weight * (K1 + 1.0)) for term, weight in weights.items()]
    single = 0.0  # the score's numerator when every stem occurs once, added in query order as SQL does
    for _, weight in patterns:  # (not sum(): Python 3.12's sum of floats compensates rounding)
        single += weight

    def scored() -> Iterator[tuple[float, int]]:
        for paragraph_id, tokens, repeats in matches:
            norm = norm0 + norm1 * tokens
            if not repeats:
                yield -single / (1.0 + norm), paragraph_id
                continue
            listed = " " + repeats + " "
            score = 0.0
            for pattern, weight in patterns:
                at = listed.find(pattern)
                frequency = 1 if at < 0 else int(listed[at + len(pattern) : listed.index(" ", at + 1)])
                score += weight * frequency / (frequency + norm)
            yield -score, paragraph_id

    return [(-score, paragraph_id) for score, paragraph_id in heapq.nsmallest(keep, scored())]
