"""Full-text search over the narratives of stored assessments (Russian and English).

Every saved assessment's narrative (overview, key developments, indicator paragraphs) is
copied, one row per paragraph with footnote markers removed, into ``narrative_paragraphs``
(:class:`~netfreedom.store.tables.NarrativeParagraphRow`) by :func:`index_document`, inside
the transaction of :meth:`Store.save <netfreedom.store.Store.save>`. Each row also holds
``stems``: every word of the paragraph lower-cased and stemmed with Snowball, ``russian`` for
words with Cyrillic letters and ``english`` for the others (:func:`stem`), joined by spaces.
Query words are stemmed the same way and must all occur, so every form of a word
(``блокировка``, ``блокировок``) finds the same paragraphs on both databases. The index over
the stems depends on the database, and this module hides the difference:

* **SQLite**: an FTS5 table ``narrative_paragraphs_fts`` (rowid = paragraph id) holding the
  stems and the paragraph's filter terms (column ``facets``, :func:`filter_terms`; migrations
  0002, 0019). Triggers write a paragraph's FTS row when it is inserted and delete it with the
  paragraph.
* **PostgreSQL**: a stored generated column ``stems_vector`` (:data:`PG_VECTOR`,
  :data:`PG_VECTOR_EXPRESSION`: the stems' lexemes and the filter terms; migrations 0015, 0019)
  with a GIN index (:data:`PG_INDEX`), queried with ``plainto_tsquery('simple', …)`` of the
  query's stems and the filter terms. The ``simple`` configuration only lower-cases and drops no stop
  words, so the two databases find the same paragraphs.

Filters (country, edition, indicator, report language) are terms of the full-text query, so
the index answers them: no match's row is read to compare its columns.

Bounded ranking: no search ranks or counts every match. Matching paragraphs are taken
newest stored first (descending paragraph id) in windows of :data:`RANK_WINDOW`; hits are
ranked within their window, and the windows follow each other. A page reads the ids of the
matches up to the end of its last window plus one (no ranking), then ranks only the windows it
shows, so the first page of a search over 30,000 matching paragraphs ranks 500 of them.
Ranking is BM25 on both databases, from statistics the database keeps when paragraphs are
written (migration 0018, :mod:`netfreedom.store.search_statistics`): how many paragraphs hold
each stem, the average length, and each match's length and repeated stems. Nothing is counted
over the whole index when a search runs. A query stem that no stored paragraph holds (with a
language filter: no paragraph of that language; migration 0022,
:mod:`netfreedom.store.search_languages`) answers "none" without reading the full-text index.
On PostgreSQL a page inside the first window (the first page of hits) is one statement that
finds, counts and ranks the window in SQL with the same BM25 arithmetic
(:mod:`netfreedom.store.search_postgres`); the hits and ranks are those of SQLite.
``total`` is exact when the matches end before that; otherwise ``total_exact`` is false and
there are more than ``total``.

Snippets and highlighting are computed here, in Python, the same way on both databases
(:func:`highlight`). Other databases have no full-text index: :func:`search` raises
:class:`~netfreedom.store.StoreError` there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    Connection,
    Integer,
    Table,
    Text,
    TextClause,
    bindparam,
    column,
    delete,
    insert,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from netfreedom.errors import StoreError
from netfreedom.store.search_languages import missing_stem
from netfreedom.store.search_postgres import WALK_INDEXES, first_window
from netfreedom.store.search_statistics import rank_window, term_weights
from netfreedom.store.tables import AssessmentRow, NarrativeParagraphRow
from netfreedom.text.highlight import highlight
from netfreedom.text.stemming import stem, stems_of

if TYPE_CHECKING:
    from netfreedom.store.repository import Store

__all__ = [
    "MAX_LIMIT",
    "MAX_QUERY_CHARS",
    "SearchChoices",
    "SearchHit",
    "SearchResults",
    "highlight",
    "include_name",
    "index_document",
    "one_statement",
    "paragraphs_of",
    "reindex",
    "search",
    "search_choices",
    "stem",
]

FTS_TABLE = "narrative_paragraphs_fts"
"""SQLite FTS5 table of stemmed paragraphs (rowid = ``narrative_paragraphs.id``)."""

FTS_DELETE_TRIGGER = "narrative_paragraphs_fts_delete"
"""SQLite trigger that deletes a paragraph's FTS row when the paragraph is deleted."""

PG_INDEX = "ix_narrative_paragraphs_stems"
"""PostgreSQL GIN index over :data:`PG_VECTOR` (migration 0015; over the expression
``to_tsvector('simple', stems)`` from migration 0014 until then)."""

PG_VECTOR = "stems_vector"
"""PostgreSQL column of ``narrative_paragraphs`` holding ``to_tsvector('simple', stems)``, stored
and generated by the database (migration 0015); not declared in the ORM tables (SQLite has
no such column): :func:`include_name` hides it from autogenerate."""

PG_CONFIGURATION = "simple"
"""PostgreSQL text-search configuration of the stems: lower-cases, no stemming, no stop words."""

FTS_INSERT_TRIGGER = "narrative_paragraphs_fts_insert"
"""SQLite trigger that writes a paragraph's FTS row (stems and filter terms) when the paragraph
is inserted (migration 0019)."""

FTS_FACETS = (
    "'e' || {row}.edition || ' l' || replace(lower({row}.language), '-', '') || "
    "' i' || replace(lower({row}.location), '-', '') || ' c' || lower({row}.iso3)"
)
"""SQLite expression of a paragraph's filter terms (:func:`filter_terms`), space-separated, for
the FTS5 column ``facets``; ``{row}`` is the paragraph's row (``new``, a table alias)."""

PG_VECTOR_EXPRESSION = (
    f"to_tsvector('{PG_CONFIGURATION}', stems) || array_to_tsvector(ARRAY["
    "'_e' || edition::text, '_l' || replace(lower(language), '-', ''), "
    "'_i' || replace(lower(location), '-', ''), '_c' || lower(iso3)])"
)
"""PostgreSQL expression of :data:`PG_VECTOR` (migration 0019): the stems' lexemes and the
paragraph's filter terms (:func:`filter_terms`) each after ``_``, a character no lexeme parsed
from a query holds, so a query word never matches a filter term."""

RANK_WINDOW = 500
"""How many matching paragraphs (newest stored first) are ranked together: the first page
is the best of the newest 500 matches. Chosen in ``benchmarks/search.py``: windows of 1,000, 500
and 250 gave p50 8.5, 5.3 and 5.2 ms for a first page over 2,000 reports."""

MAX_LIMIT = 500
"""Largest ``limit`` :func:`search` accepts."""

MAX_QUERY_CHARS = 500
"""Longest query :func:`search` accepts, in characters."""

_SPACE_BEFORE_PUNCTUATION = re.compile(r" [,.;:!?)]")
_INDICATOR_ID = re.compile(r"^[A-Za-z]\d{1,2}$")
_REINDEX_BATCH = 100
_INSERT_CHUNK = 1000  # paragraphs per INSERT on PostgreSQL (7 bound values each, under its 65,535)
_FETCH = 100  # rows of a window fetched at a time (see search_statistics.rank_window)


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SearchHit(_Record):
    """One matching paragraph.

    ``location`` is ``overview``, ``key-developments`` or an indicator id and ``paragraph``
    its 0-based index there. ``snippet`` is HTML: up to about
    :data:`~netfreedom.text.highlight.SNIPPET_CHARS` characters of the paragraph around the first matched word, escaped, with ``<mark>``
    around every word whose stem matches a query stem and ``…`` where text was cut. ``rank``
    is higher for better matches; it compares hits of one window of one search only (BM25
    from the stored statistics, the same on both databases; see :data:`RANK_WINDOW`).
    """

    iso3: str
    edition: int
    language: str
    location: str
    paragraph: int
    snippet: str
    rank: float


class SearchResults(_Record):
    """One page of a search: ``hits`` from ``offset`` on (at most ``limit``), best first
    within each window of :data:`RANK_WINDOW` matches.

    ``total`` is the number of matching paragraphs when ``total_exact`` is true; when it is
    false there are more than ``total`` (the search stopped counting there). There is a next
    page when ``more`` is true."""

    query: str
    total: int
    total_exact: bool
    limit: int
    offset: int
    hits: list[SearchHit]

    @property
    def more(self) -> bool:
        """True when matches follow this page's last hit."""
        return self.offset + len(self.hits) < self.total or (not self.total_exact and bool(self.hits))


class SearchChoices(_Record):
    """What the search filters can choose: the ISO alpha-3 codes, editions (newest first) and
    report languages of the stored assessments, each once, sorted."""

    countries: list[str]
    editions: list[int]
    languages: list[str]


# -- what is indexed ------------------------------------------------------------------------


def paragraphs_of(document: Mapping[str, Any]) -> Iterator[tuple[str, int, str]]:
    """``(location, paragraph index, text)`` of each non-blank narrative paragraph of an
    assessment in its JSON form (``Assessment.model_dump(mode="json")``), in reading order:
    overview, key developments, then each indicator. Footnote markers listed in the
    document's ``footnote_markers`` are cut out of the text."""
    cuts: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for marker in document.get("footnote_markers") or ():
        digits = str(marker["number"])
        cuts[(marker["location"], marker["paragraph"])].append((marker["offset"], len(digits)))
    sections: list[tuple[str, list[str]]] = [
        ("overview", document.get("overview") or []),
        ("key-developments", document.get("key_developments") or []),
    ]
    sections += [(i["id"], i.get("paragraphs") or []) for i in document.get("indicators") or ()]
    for location, paragraphs in sections:
        for index, paragraph in enumerate(paragraphs):
            cleaned = _cut(paragraph, cuts.get((location, index), []))
            if cleaned.strip():
                yield location, index, cleaned


def _cut(paragraph: str, spans: list[tuple[int, int]]) -> str:
    """``paragraph`` without the marker spans (offset, length) that hold only digits, and
    without the space some reports put between a marker and the next punctuation
    (``word12 , next`` becomes ``word, next``)."""
    for offset, length in sorted(spans, reverse=True):
        if paragraph[offset : offset + length].isdigit():
            rest = paragraph[offset + length :]
            if _SPACE_BEFORE_PUNCTUATION.match(rest):
                rest = rest[1:]
            paragraph = paragraph[:offset] + rest
    return paragraph


_fts = table(FTS_TABLE, column("rowid", Integer), column("stems", Text))
_PARAGRAPHS = cast(Table, NarrativeParagraphRow.__table__)


def index_document(connection: Connection, assessment_id: int, document: Mapping[str, Any], *, replace: bool) -> int:
    """Write the paragraph rows, with their stems, of the
    assessment stored with id ``assessment_id``, whose JSON form is ``document``.

    With ``replace`` the assessment's old paragraph rows are deleted first. Runs in the
    caller's transaction on ``connection`` and commits nothing; returns the number of
    paragraphs written. Database errors propagate (SQLAlchemy exceptions).
    """
    paragraphs = _PARAGRAPHS
    if replace:
        connection.execute(delete(paragraphs).where(paragraphs.c.assessment_id == assessment_id))
    key = {
        "assessment_id": assessment_id,
        "iso3": document["country"]["iso3"],
        "edition": document["edition"],
        "language": document["language"],
    }
    rows = [
        {**key, "location": location, "paragraph": index, "text": body, "stems": " ".join(stems_of(body))}
        for location, index, body in paragraphs_of(document)
    ]
    if rows and connection.dialect.name == "postgresql":
        # one INSERT per chunk, not one per row (executemany): the statement triggers that keep the
        # search statistics (migration 0018) then run once per chunk instead of once per paragraph
        for start in range(0, len(rows), _INSERT_CHUNK):
            connection.execute(insert(paragraphs).values(rows[start : start + _INSERT_CHUNK]))
    elif rows:
        connection.execute(insert(paragraphs), rows)  # on SQLite a trigger writes the FTS rows (migration 0019)
    return len(rows)


def reindex(target: Store | Session | Connection) -> int:
    """Rebuild the whole search index from the stored assessment documents.

    ``target`` is a :class:`~netfreedom.store.Store` (runs in one transaction of its own:
    on any failure it is rolled back and the old index stays), or a ``Session`` or
    ``Connection`` whose transaction the caller owns (migration 0014 passes its connection).
    Returns the number of paragraphs indexed. Raises :class:`StoreError` on a database error
    when given a Store; SQLAlchemy exceptions otherwise.
    """
    if isinstance(target, Connection):
        return _reindex(target)
    if isinstance(target, Session):
        return _reindex(target.connection())
    with target._transaction("re-indexing the narratives", write=True) as session:
        return _reindex(session.connection())


def _reindex(connection: Connection) -> int:
    if connection.dialect.name == "sqlite":
        connection.execute(delete(_fts))
    connection.execute(delete(_PARAGRAPHS))
    assessments = cast(Table, AssessmentRow.__table__)
    ids = list(connection.scalars(select(assessments.c.id).order_by(assessments.c.id)))
    written = 0
    for start in range(0, len(ids), _REINDEX_BATCH):
        chunk = ids[start : start + _REINDEX_BATCH]
        stmt = select(assessments.c.id, assessments.c.document).where(assessments.c.id.in_(chunk))
        for assessment_id, document in connection.execute(stmt).all():
            written += index_document(connection, assessment_id, document, replace=False)
    return written


# -- searching ------------------------------------------------------------------------------


def search(
    session_or_store: Session | Store,
    query: str,
    country: str | None = None,
    edition: int | None = None,
    indicator: str | None = None,
    language: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SearchResults:
    """Paragraphs of stored narratives that contain every word of ``query`` (stemmed).

    Filters: ``country`` an ISO alpha-3 code (any case) or a country name known to
    :func:`netfreedom.model.countries.resolve_country` (an unknown name matches nothing);
    ``edition``; ``indicator`` an indicator id (``B3``) or ``overview`` /
    ``key-developments``; ``language`` the report's language (``ru``, ``en``). The matches
    are taken newest stored first in windows of :data:`RANK_WINDOW`, each window ordered
    best first, then in reading order; ``limit`` (1..:data:`MAX_LIMIT`) and ``offset`` page
    through them. Only the windows of the page are ranked and matches are counted only to
    the end of the page's last window plus one (``total_exact`` says whether that was all).
    A query without letters or digits matches nothing.

    With a ``Session`` the search runs in the caller's transaction; with a
    :class:`~netfreedom.store.Store`, in a read transaction of its own. Raises
    ``ValueError`` for a blank query, one over :data:`MAX_QUERY_CHARS` characters or a bad
    ``limit``/``offset``, and :class:`StoreError` on a database other than SQLite or
    PostgreSQL or (given a Store) on a database error. Nothing is written.
    """
    if not isinstance(session_or_store, Session):
        return session_or_store.search(
            query,
            country=country,
            edition=edition,
            indicator=indicator,
            language=language,
            limit=limit,
            offset=offset,
        )
    _check_arguments(query, limit, offset)
    query_stems = list(dict.fromkeys(stems_of(query)))
    empty = SearchResults(query=query, total=0, total_exact=True, limit=limit, offset=offset, hits=[])
    filters = _filters(country, edition, indicator, language)
    if not query_stems or filters is None:
        return empty
    dialect = session_or_store.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise StoreError(f"full-text search is not available on {dialect} databases")
    statements = _statements(dialect, tuple(filters))
    connection = session_or_store.connection()
    facets = filter_terms(filters)
    params: dict[str, Any]
    if dialect == "sqlite":
        params = {"query": _sqlite_expression(query_stems, facets)}
    else:
        params = {"query": " ".join(query_stems), "facets": " & ".join(f"'_{term}'" for term in facets)}
    # the windows holding positions offset .. offset + limit (the one after the page included)
    window_size = RANK_WINDOW
    first = offset // window_size
    windows = (offset + limit) // window_size - first + 1
    if one_statement(dialect, limit, offset):  # a page of the first window: one statement
        return _first_window_postgres(connection, query, query_stems, params, filters, limit, offset)
    if missing_stem(connection, query_stems, filters.get("language")):  # no paragraph (of the language) holds one
        return empty
    before = first * window_size  # matches known to come before the first window
    spans: list[tuple[int, int, int]] = []  # (matches, oldest key, newest key) per window
    total_exact = True
    for window in range(windows):
        # count the window's keys and one more, in SQL: the keys never reach Python
        count, newest, oldest = connection.execute(
            statements.window, {**params, "take": window_size + 1, "skip": before + window * window_size}
        ).one()
        if count > window_size:  # ``oldest`` is the first key after the window
            spans.append((window_size, oldest + 1, newest))
            total_exact = window < windows - 1
            continue
        if count:
            spans.append((count, oldest, newest))
        total_exact = True
        break
    if not spans and before:  # past the end: how many there are (fewer than ``before``)
        before = connection.execute(statements.window, {**params, "take": before, "skip": 0}).one()[0]
    total = before + sum(count for count, _, _ in spans)
    if not spans:
        return empty.model_copy(update={"total": total})
    ranked: list[tuple[float, int]] = []  # (score, paragraph id) of the page, in order
    weights: tuple[dict[str, float], float] | None = None
    start = before  # position of the window's first match among all matches
    for count, oldest, newest in spans:
        skip = max(offset - start, 0)
        take = min(offset + limit, start + count) - start - skip
        start += count
        if take > 0:
            if weights is None:
                weights = term_weights(connection, query_stems)
            matches = connection.execute(statements.ranked, {**params, "oldest": oldest, "newest": newest})
            streamed = (row for part in matches.partitions(_FETCH) for row in part)
            ranked += rank_window(streamed, *weights, keep=skip + take)[skip:]
    rows = {row.id: row for row in connection.execute(_PAGE_ROWS, {"ids": [k for _, k in ranked]})}
    hits = [_hit(rows[k], score, query_stems) for score, k in ranked]
    return SearchResults(query=query, total=total, total_exact=total_exact, limit=limit, offset=offset, hits=hits)


def one_statement(dialect: str, limit: int, offset: int) -> bool:
    """Whether :func:`search` answers the page ``offset`` .. ``offset + limit`` on a ``dialect``
    database with one statement (PostgreSQL, a page inside the first window: see
    :mod:`netfreedom.store.search_postgres`); other pages run several statements, which must
    share a transaction to see one snapshot."""
    return dialect == "postgresql" and offset + limit < RANK_WINDOW


def _hit(row: Any, score: float, query_stems: list[str]) -> SearchHit:
    """The hit of a paragraph row (``iso3``, ``edition``, ``language``, ``location``,
    ``paragraph``, ``text``, ``stems``) ranked ``score``, its snippet marked."""
    return SearchHit(
        iso3=row.iso3,
        edition=row.edition,
        language=row.language,
        location=row.location,
        paragraph=row.paragraph,
        snippet=highlight(row.text, query_stems, stems=row.stems.split(" ")),
        rank=score,
    )


def _first_window_postgres(
    connection: Connection,
    query: str,
    query_stems: list[str],
    params: dict[str, Any],
    filters: dict[str, Any],
    limit: int,
    offset: int,
) -> SearchResults:
    """The page ``offset`` .. ``offset + limit`` (inside the first window) of a PostgreSQL
    search, from :func:`~netfreedom.store.search_postgres.first_window`: the same hits, ranks
    and counting as the windows of :func:`search` on SQLite."""
    window_size = RANK_WINDOW
    matches, _, _, ranked = first_window(
        connection,
        PG_VECTOR,
        _pg_tsquery(bool(filters)),
        params,
        filters,
        query_stems,
        window_size,
        offset + limit,
    )
    hits = [_hit(row, score, query_stems) for score, row in ranked[offset : offset + limit]]
    exact = matches <= window_size
    return SearchResults(
        query=query,
        total=matches if exact else window_size,
        total_exact=exact,
        limit=limit,
        offset=offset,
        hits=hits,
    )


def search_choices(session: Session) -> SearchChoices:
    """The countries, editions and languages of the stored assessments (three ``DISTINCT``
    queries over their key columns; no document is read), in the caller's transaction.
    Database errors propagate (SQLAlchemy exceptions)."""
    assessments = cast(Table, AssessmentRow.__table__)

    def distinct(name: str) -> list[Any]:
        return list(session.scalars(select(assessments.c[name]).distinct()))

    return SearchChoices(
        countries=sorted(distinct("iso3")),
        editions=sorted(distinct("edition"), reverse=True),
        languages=sorted(distinct("language")),
    )


def _check_arguments(query: str, limit: int, offset: int) -> None:
    if not query or not query.strip():
        raise ValueError("the search query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise ValueError(f"the search query is longer than {MAX_QUERY_CHARS} characters")
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise ValueError(f"offset must not be negative, not {offset}")


def _filters(
    country: str | None, edition: int | None, indicator: str | None, language: str | None
) -> dict[str, Any] | None:
    """Column -> value of the filters given (``narrative_paragraphs`` columns); ``None`` when
    a filter can match nothing."""
    conditions: dict[str, Any] = {}
    if country is not None and country.strip():
        iso3 = _iso3(country.strip())
        if iso3 is None:
            return None
        conditions["iso3"] = iso3
    if edition is not None:
        conditions["edition"] = edition
    if indicator is not None and indicator.strip():
        wanted = indicator.strip()
        conditions["location"] = wanted.upper() if _INDICATOR_ID.match(wanted) else wanted.lower()
    if language is not None and language.strip():
        conditions["language"] = language.strip().lower()
    return conditions


def _iso3(country: str) -> str | None:
    from netfreedom.model.countries import UnknownCountryError, resolve_country

    if len(country) == 3 and country.isascii() and country.isalpha():
        return country.upper()
    try:
        return resolve_country(country).iso3
    except UnknownCountryError:
        return None


def _sqlite_expression(query_stems: list[str], facets: list[str] | tuple[str, ...] = ()) -> str:
    """The FTS5 query of the stems, each a phrase string of the ``stems`` column, and of the
    filter terms (:func:`filter_terms`) of the ``facets`` column, all required
    (``stems : "a" stems : "b" facets : "e2023"``)."""
    quoted = ['"' + s.replace('"', '""') + '"' for s in query_stems]
    return " ".join([f"stems : {phrase}" for phrase in quoted] + [f'facets : "{term}"' for term in facets])


def filter_terms(filters: Mapping[str, Any]) -> list[str]:
    """The index terms of search filters (``narrative_paragraphs`` column -> value, as
    :func:`search` takes them): ``e`` + edition, ``l`` + report language, ``i`` + location
    (indicator id, ``overview``, ``keydevelopments``) and ``c`` + ISO alpha-3 code, lower case,
    without hyphens. Each paragraph is indexed with its four (:data:`FTS_FACETS`,
    :data:`PG_VECTOR_EXPRESSION`; migration 0019), so a filter is one more term of the
    full-text query instead of a comparison on each match's row."""
    prefixes = {"edition": "e", "language": "l", "location": "i", "iso3": "c"}
    return [prefixes[name] + str(value).lower().replace("-", "") for name, value in filters.items()]


class _Statements(NamedTuple):
    """The two statements of a search, for one database and one set of filters.

    ``window``: ``count, max(key), min(key)`` of the matches ``skip`` .. ``skip + take``,
    newest first (bound parameters ``query``, ``take``, ``skip``; on PostgreSQL with filters
    also ``facets``, the filter terms as a ``tsquery``; on SQLite they are in ``query``).
    ``ranked``: ``k`` (the paragraph id), ``tokens`` and ``repeats`` (its
    ``narrative_paragraph_terms`` row) of every match whose key is between ``oldest`` and
    ``newest`` (inclusive), for :func:`~netfreedom.store.search_statistics.rank_window`.
    """

    window: TextClause
    ranked: TextClause


_PAGE_ROWS = text(
    "SELECT id, iso3, edition, language, location, paragraph, text, stems FROM narrative_paragraphs WHERE id IN :ids"
).bindparams(bindparam("ids", expanding=True))
"""The shown columns of the page's paragraphs (``ids``)."""


def _pg_tsquery(filtered: bool) -> str:
    """The PostgreSQL ``tsquery`` of a search: the query's stems (bound ``query``) and, when
    ``filtered``, the filter terms as lexemes of the stored vector (bound ``facets``)."""
    tsquery = f"plainto_tsquery('{PG_CONFIGURATION}', :query)"
    return f"({tsquery} && CAST(:facets AS tsquery))" if filtered else tsquery


@lru_cache(maxsize=64)
def _statements(dialect: str, filter_columns: tuple[str, ...]) -> _Statements:
    """The search statements for ``dialect`` (``sqlite`` or ``postgresql``) and the filter
    columns given, built once and then reused (their SQL text is fixed; every value is a
    bound parameter).

    SQLite: the matches come from the FTS5 table alone (its rowid is the paragraph id); the
    paragraphs table is joined to filter. PostgreSQL: the stored vector :data:`PG_VECTOR`,
    indexed by :data:`PG_INDEX`, matched against ``plainto_tsquery``. On both, the ranked
    statement reads each match's stored term counts (migration 0018), not its text."""
    counts = "JOIN narrative_paragraph_terms AS s ON s.paragraph_id"
    if dialect == "sqlite":  # the filters are terms of the query (:func:`filter_terms`)
        fts = FTS_TABLE
        window = (
            f"SELECT count(*), max(k), min(k) FROM (SELECT {fts}.rowid AS k FROM {fts} WHERE {fts} MATCH :query "
            f"ORDER BY {fts}.rowid DESC LIMIT :take OFFSET :skip)"
        )
        ranked = (
            f"SELECT {fts}.rowid AS k, s.tokens, s.repeats FROM {fts} {counts} = {fts}.rowid "
            f"WHERE {fts} MATCH :query AND {fts}.rowid BETWEEN :oldest AND :newest"
        )
        return _Statements(text(window), text(ranked))
    tsquery = _pg_tsquery(bool(filter_columns))
    matching = f"FROM narrative_paragraphs AS p WHERE p.{PG_VECTOR} @@ {tsquery}"
    window = (
        f"SELECT count(*), max(k), min(k) FROM "
        f"(SELECT p.id AS k {matching} ORDER BY p.id DESC LIMIT :take OFFSET :skip) AS w"
    )
    ranked = (
        f"SELECT p.id AS k, s.tokens, s.repeats FROM narrative_paragraphs AS p {counts} = p.id "
        f"WHERE p.{PG_VECTOR} @@ {tsquery} AND p.id BETWEEN :oldest AND :newest"
    )
    return _Statements(text(window), text(ranked))


# -- Alembic --------------------------------------------------------------------------------


def include_name(name: str | None, type_: str, parent_names: Mapping[str, Any]) -> bool:
    """Alembic ``include_name`` hook: leave out the full-text objects that migrations 0002,
    0014 and 0021 create outside the declared tables (the SQLite FTS5 table and its shadow tables,
    the PostgreSQL GIN index, walk indexes and stored vector column), so that autogenerate neither drops nor reports them."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(FTS_TABLE)
    if type_ == "index":
        return name != PG_INDEX and name not in {index for index, _ in WALK_INDEXES.values()}
    if type_ == "column":
        return not (name == PG_VECTOR and parent_names.get("table_name") == "narrative_paragraphs")
    return True
