"""Per-language stem counts (migration 0022): which search stems the paragraphs of each report
language hold, so a search filtered to a language that lacks a query stem is answered "none"
without reading either full-text index.

The table is ``search_term_languages`` (:class:`~netfreedom.store.search_tables.SearchTermLanguageRow`):
per report language and stem, how many stored narrative paragraphs of that language hold the
stem; the row of the empty stem counts every paragraph of the language. The language is kept
as the search filter's term spells it (:data:`LANGUAGE_KEY`: lower case, no hyphens, the
``l`` term of ``search.filter_terms``), so a filter value is looked up as it is.

Why: English words asked with ``language=ru`` match nothing, yet finding that out cost
PostgreSQL a walk of the newest ~4,000 Russian paragraphs and an intersection of two large GIN
posting lists (``'journalist' & 'arrest' & '_lru'``: 7.8 ms, ``EXPLAIN ANALYZE`` on
``benchmarks/search.py``'s 2,000 reports), the tail of the filtered first page. With these
counts the search statement sees the zero first (:mod:`netfreedom.store.search_postgres`), and
the pages of several statements (SQLite, later PostgreSQL pages) ask :func:`missing_stem`.

Kept by triggers on ``narrative_paragraphs`` in the statement (so the transaction) that inserts
or deletes paragraphs, beside those of ``search_terms`` (migration 0018, which keeps creating its
own): row triggers on SQLite, statement triggers with transition tables on PostgreSQL (upserts
in (language, stem) order). Paragraphs are only ever inserted and deleted (saving, replacing
and deleting a report, re-indexing), never updated in place.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, text

from netfreedom.store.paragraph_triggers import TriggerSet, create_trigger_set, drop_trigger_set

__all__ = ["LANGUAGE_KEY", "create_triggers", "drop_triggers", "language_key", "missing_stem", "recount"]

LANGUAGE_KEY = "replace(lower({row}.language), '-', '')"
"""SQL of a paragraph's language as the table keeps it (``{row}``: ``new``, a table alias); the
expression of the language filter term on both databases (``search.FTS_FACETS``,
``search.PG_VECTOR_EXPRESSION``)."""

INSERT_TRIGGER = "search_term_languages_insert"
DELETE_TRIGGER = "search_term_languages_delete"
PG_INSERT_FUNCTION = "search_term_languages_added"
PG_DELETE_FUNCTION = "search_term_languages_removed"


def language_key(language: str) -> str:
    """A report language (``ru``, ``EN``, ``pt-BR``) as ``search_term_languages.language``
    holds it: lower case, without hyphens (:data:`LANGUAGE_KEY`)."""
    return language.lower().replace("-", "")


def _sqlite_words(row: str) -> str:
    """``json_each`` over the stems of ``row`` (``new``, ``old``, a table alias): space-separated
    words of letters and digits, so never a quote or a backslash, read as a JSON array."""
    return f"""json_each('["' || replace({row}.stems, ' ', '","') || '"]')"""


def _sqlite_stems(row: str) -> str:
    """The distinct non-empty stems of ``row`` as a subquery of ``value``."""
    return f"SELECT DISTINCT value FROM {_sqlite_words(row)} WHERE value <> ''"


def _sqlite_statements() -> list[str]:
    new_key, old_key = LANGUAGE_KEY.format(row="new"), LANGUAGE_KEY.format(row="old")
    inserted = f"""
CREATE TRIGGER {INSERT_TRIGGER} AFTER INSERT ON narrative_paragraphs BEGIN
  INSERT INTO search_term_languages (language, term, paragraphs)
    SELECT {new_key}, value, 1 FROM ({_sqlite_stems("new")} UNION ALL SELECT '') WHERE true
    ON CONFLICT (language, term) DO UPDATE SET paragraphs = paragraphs + 1;
END"""
    deleted = f"""
CREATE TRIGGER {DELETE_TRIGGER} AFTER DELETE ON narrative_paragraphs BEGIN
  UPDATE search_term_languages SET paragraphs = paragraphs - 1
    WHERE language = {old_key} AND term IN ({_sqlite_stems("old")} UNION ALL SELECT '');
  DELETE FROM search_term_languages
    WHERE language = {old_key} AND paragraphs <= 0 AND term IN ({_sqlite_stems("old")} UNION ALL SELECT '');
END"""
    return [inserted, deleted]


def _pg_counts(rows: str) -> str:
    """``language, term, paragraphs`` of the paragraphs of the transition table (or table) ``rows``
    aliased ``p``: each stem once per paragraph, and the empty stem for every paragraph."""
    return (
        f"SELECT {LANGUAGE_KEY.format(row='p')} AS language, t AS term, count(DISTINCT p.id) AS paragraphs "
        f"FROM {rows} AS p CROSS JOIN LATERAL unnest(array_append(string_to_array(nullif(p.stems, ''), ' '), '')) AS t "
        f"GROUP BY 1, 2"
    )


def _pg_statements() -> list[str]:
    added = f"""
CREATE OR REPLACE FUNCTION {PG_INSERT_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_term_languages (language, term, paragraphs)
    SELECT c.language, c.term, c.paragraphs FROM ({_pg_counts("added")}) AS c ORDER BY 1, 2
    ON CONFLICT (language, term) DO UPDATE SET paragraphs = search_term_languages.paragraphs + excluded.paragraphs;
  RETURN NULL;
END $$"""
    removed = f"""
CREATE OR REPLACE FUNCTION {PG_DELETE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_term_languages AS l SET paragraphs = l.paragraphs - c.paragraphs
    FROM ({_pg_counts("removed")}) AS c WHERE l.language = c.language AND l.term = c.term;
  DELETE FROM search_term_languages AS l WHERE l.paragraphs <= 0
    AND (l.language, l.term) IN (SELECT c.language, c.term FROM ({_pg_counts("removed")}) AS c);
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
    """Create the triggers that keep ``search_term_languages``, on SQLite or PostgreSQL (other
    databases: nothing). In the caller's transaction; database errors propagate (SQLAlchemy
    exceptions)."""
    create_trigger_set(connection, _TRIGGERS)


def drop_triggers(connection: Connection) -> None:
    """Drop what :func:`create_triggers` made (migration 0022's downgrade)."""
    drop_trigger_set(connection, _TRIGGERS)


def recount(connection: Connection) -> None:
    """Fill ``search_term_languages`` again from the stored paragraphs (migration 0022 on a store
    that already holds paragraphs; the triggers keep it from then on). In the caller's
    transaction; database errors propagate."""
    connection.exec_driver_sql("DELETE FROM search_term_languages")
    if connection.dialect.name == "sqlite":
        key = LANGUAGE_KEY.format(row="p")
        words = _sqlite_words("p")
        connection.exec_driver_sql(
            f"INSERT INTO search_term_languages (language, term, paragraphs) "
            f"SELECT {key}, j.value, count(DISTINCT p.id) FROM narrative_paragraphs AS p, {words} AS j "
            f"WHERE j.value <> '' GROUP BY 1, 2"
        )
        connection.exec_driver_sql(
            f"INSERT INTO search_term_languages (language, term, paragraphs) "
            f"SELECT {key}, '', count(*) FROM narrative_paragraphs AS p GROUP BY 1"
        )
    else:
        connection.exec_driver_sql(
            f"INSERT INTO search_term_languages (language, term, paragraphs) {_pg_counts('narrative_paragraphs')}"
        )


_HELD = text("SELECT count(*) FROM search_terms WHERE term IN :terms").bindparams(bindparam("terms", expanding=True))
_HELD_IN = text("SELECT count(*) FROM search_term_languages WHERE language = :language AND term IN :terms").bindparams(
    bindparam("terms", expanding=True)
)


def missing_stem(connection: Connection, stems: Sequence[str], language: str | None) -> bool:
    """Whether some stem of ``stems`` (distinct, non-empty) is held by no stored paragraph, or,
    with ``language`` (a report language filter, any case), by no paragraph of that language:
    then a search for all of them matches nothing. One indexed read of ``search_terms`` or
    ``search_term_languages``, in the caller's transaction; database errors propagate."""
    if language is None:
        held = connection.execute(_HELD, {"terms": list(stems)}).scalar_one()
    else:
        held = connection.execute(_HELD_IN, {"language": language_key(language), "terms": list(stems)}).scalar_one()
    return int(held) < len(stems)
