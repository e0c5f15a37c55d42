"""Full-text search over the narratives of stored assessments (Russian and English).

Every saved assessment's narrative (overview, key developments, indicator paragraphs) is
copied, one row per paragraph with footnote markers removed, into ``narrative_paragraphs``
(:class:`~netfreedom.store.tables.NarrativeParagraphRow`) by :func:`index_document`, inside
the transaction of :meth:`Store.save <netfreedom.store.Store.save>`. The full-text index over
that table depends on the database, and this module hides the difference:

* **SQLite**: an FTS5 table ``narrative_paragraphs_fts`` (rowid = paragraph id) holds a
  stemmed copy of each paragraph: every word lower-cased and stemmed with Snowball,
  ``russian`` for words with Cyrillic letters and ``english`` for the others
  (:func:`stem`). Query words are stemmed the same way and must all occur; ranked by
  BM25. A trigger deletes a paragraph's FTS row with the paragraph.
* **PostgreSQL**: two partial GIN indexes, ``to_tsvector('russian', …)`` over the rows
  whose ``language`` is ``ru`` and ``to_tsvector('english', …)`` over the others (of the
  text with ``<``, ``>``, ``&`` made spaces: :data:`PG_DOCUMENT`), queried with
  ``plainto_tsquery`` in the same configuration (every word must occur); ranked by
  ``ts_rank``. Both configurations stem Latin words with the English stemmer, and the
  ``russian`` one Cyrillic words with the Russian stemmer, as on SQLite. PostgreSQL also
  drops stop words and reads host names and URLs as one word, so a few queries match a
  little differently there. The database needs a UTF-8 encoding and a non-``C`` ``LC_CTYPE``
  (``C.UTF-8``, ``en_US.UTF-8``): in the ``C`` locale it does not lower-case Cyrillic.

Both are created by migration 0002. Snippets and highlighting are computed here, in Python,
the same way on both databases (:func:`highlight`). Other databases have no full-text index:
:func:`search` raises :class:`~netfreedom.store.StoreError` there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    Table,
    Text,
    and_,
    bindparam,
    case,
    column,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session

from netfreedom.errors import StoreError
from netfreedom.store.tables import AssessmentRow, NarrativeParagraphRow
from netfreedom.text.highlight import highlight
from netfreedom.text.stemming import stem, stems_of

if TYPE_CHECKING:
    from netfreedom.store.repository import Store

__all__ = [
    "MAX_LIMIT",
    "MAX_QUERY_CHARS",
    "SearchHit",
    "SearchResults",
    "highlight",
    "include_name",
    "index_document",
    "paragraphs_of",
    "reindex",
    "search",
    "stem",
]

FTS_TABLE = "narrative_paragraphs_fts"
"""SQLite FTS5 table of stemmed paragraphs (rowid = ``narrative_paragraphs.id``)."""

FTS_DELETE_TRIGGER = "narrative_paragraphs_fts_delete"
"""SQLite trigger that deletes a paragraph's FTS row when the paragraph is deleted."""

PG_INDEXES = {
    "ix_narrative_paragraphs_fts_russian": ("russian", "language = 'ru'"),
    "ix_narrative_paragraphs_fts_english": ("english", "language <> 'ru'"),
}
"""PostgreSQL GIN index name -> (text-search configuration, partial-index predicate);
each indexes ``to_tsvector(configuration, PG_DOCUMENT)``. :func:`_postgresql_match` writes
the same expressions."""

PG_MARKUP = "<>&"
"""Characters PostgreSQL's parser reads as HTML (tags, entities; it skips a ``<script>``
element's content): indexed and queried as spaces there, as the SQLite side ignores them."""

PG_DOCUMENT = f"translate(text, '{PG_MARKUP}', '{' ' * len(PG_MARKUP)}')"
"""The text PostgreSQL indexes: the paragraph with :data:`PG_MARKUP` made spaces."""

MAX_LIMIT = 500
"""Largest ``limit`` :func:`search` accepts."""

MAX_QUERY_CHARS = 500
"""Longest query :func:`search` accepts, in characters."""

"""About how many characters of a paragraph a snippet keeps."""

_SPACE_BEFORE_PUNCTUATION = re.compile(r" [,.;:!?)]")
_INDICATOR_ID = re.compile(r"^[A-Za-z]\d{1,2}$")
_REINDEX_BATCH = 100


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SearchHit(_Record):
    """One matching paragraph.

    ``location`` is ``overview``, ``key-developments`` or an indicator id and ``paragraph``
    its 0-based index there. ``snippet`` is HTML: up to about :data:`SNIPPET_CHARS`
    characters of the paragraph around the first matched word, escaped, with ``<mark>``
    around every word whose stem matches a query stem and ``…`` where text was cut. ``rank``
    is higher for better matches; it compares hits of one search only (BM25 on SQLite,
    ``ts_rank`` on PostgreSQL).
    """

    iso3: str
    edition: int
    language: str
    location: str
    paragraph: int
    snippet: str
    rank: float


class SearchResults(_Record):
    """One page of a search: ``total`` matching paragraphs, ``hits`` from ``offset`` on
    (at most ``limit``), best first."""

    query: str
    total: int
    limit: int
    offset: int
    hits: list[SearchHit]


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
    """Write the paragraph rows (and, on SQLite, their stemmed FTS rows) of the assessment
    stored with id ``assessment_id``, whose JSON form is ``document``.

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
        {**key, "location": location, "paragraph": index, "text": body}
        for location, index, body in paragraphs_of(document)
    ]
    if not rows:
        return 0
    if connection.dialect.name != "sqlite":
        connection.execute(insert(paragraphs), rows)
        return len(rows)
    ids = connection.execute(
        insert(paragraphs).returning(paragraphs.c.id, sort_by_parameter_order=True), rows
    ).scalars()
    stemmed = [
        {"rowid": row_id, "stems": " ".join(stems_of(row["text"]))} for row_id, row in zip(ids, rows, strict=True)
    ]
    connection.execute(insert(_fts), stemmed)
    return len(rows)


def reindex(target: Store | Session | Connection) -> int:
    """Rebuild the whole search index from the stored assessment documents.

    ``target`` is a :class:`~netfreedom.store.Store` (runs in one transaction of its own:
    on any failure it is rolled back and the old index stays), or a ``Session`` or
    ``Connection`` whose transaction the caller owns (migration 0002 passes its connection).
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
    ``key-developments``; ``language`` the report's language (``ru``, ``en``). Hits are
    ordered best first, then in reading order; ``limit`` (1..:data:`MAX_LIMIT`) and
    ``offset`` page through them. A query without letters or digits matches nothing.

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
    empty = SearchResults(query=query, total=0, limit=limit, offset=offset, hits=[])
    filters = _filters(country, edition, indicator, language)
    if not query_stems or filters is None:
        return empty
    dialect = session_or_store.get_bind().dialect.name
    if dialect == "sqlite":
        base, rank = _sqlite_match(query_stems)
    elif dialect == "postgresql":
        base, rank = _postgresql_match(query)
    else:
        raise StoreError(f"full-text search is not available on {dialect} databases")
    paragraphs = _PARAGRAPHS
    base = base.where(*filters)
    total = session_or_store.execute(base.with_only_columns(func.count(), maintain_column_froms=True)).scalar_one()
    if total == 0:
        return empty
    ordered = base.with_only_columns(
        paragraphs.c.iso3,
        paragraphs.c.edition,
        paragraphs.c.language,
        paragraphs.c.location,
        paragraphs.c.paragraph,
        paragraphs.c.text,
        rank.label("rank"),
        maintain_column_froms=True,
    ).order_by(literal_column("rank").desc(), paragraphs.c.id)
    rows = session_or_store.execute(ordered.limit(limit).offset(offset)).all()
    hits = [
        SearchHit(
            iso3=row.iso3,
            edition=row.edition,
            language=row.language,
            location=row.location,
            paragraph=row.paragraph,
            snippet=highlight(row.text, query_stems),
            rank=float(row.rank or 0.0),
        )
        for row in rows
    ]
    return SearchResults(query=query, total=total, limit=limit, offset=offset, hits=hits)


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
) -> list[ColumnElement[bool]] | None:
    """WHERE conditions of the filters; ``None`` when a filter can match nothing."""
    paragraphs = _PARAGRAPHS
    conditions: list[ColumnElement[bool]] = []
    if country is not None and country.strip():
        iso3 = _iso3(country.strip())
        if iso3 is None:
            return None
        conditions.append(paragraphs.c.iso3 == iso3)
    if edition is not None:
        conditions.append(paragraphs.c.edition == edition)
    if indicator is not None and indicator.strip():
        wanted = indicator.strip()
        wanted = wanted.upper() if _INDICATOR_ID.match(wanted) else wanted.lower()
        conditions.append(paragraphs.c.location == wanted)
    if language is not None and language.strip():
        conditions.append(paragraphs.c.language == language.strip().lower())
    return conditions


def _iso3(country: str) -> str | None:
    from netfreedom.model.countries import UnknownCountryError, resolve_country

    if len(country) == 3 and country.isascii() and country.isalpha():
        return country.upper()
    try:
        return resolve_country(country).iso3
    except UnknownCountryError:
        return None


def _sqlite_match(query_stems: list[str]) -> tuple[Select[Any], ColumnElement[Any]]:
    """Paragraphs whose FTS row holds every stem (FTS5 phrase strings, ANDed), BM25 rank."""
    paragraphs = _PARAGRAPHS
    expression = " ".join('"' + s.replace('"', '""') + '"' for s in query_stems)
    base = (
        select(paragraphs.c.id)
        .select_from(_fts.join(paragraphs, paragraphs.c.id == _fts.c.rowid))
        .where(literal_column(FTS_TABLE).op("MATCH")(expression))
    )
    return base, -func.bm25(literal_column(FTS_TABLE))


def _postgresql_match(query: str) -> tuple[Select[Any], ColumnElement[Any]]:
    """Paragraphs matched through the partial GIN index of their language, ``ts_rank``.

    The configurations and the language test are literals in the SQL, so that PostgreSQL
    sees the very expressions and predicates of the indexes and can use them.
    """
    paragraphs = _PARAGRAPHS
    plain = query.translate(str.maketrans(PG_MARKUP + "\0", " " * (len(PG_MARKUP) + 1)))
    words = bindparam("query", plain, type_=Text)
    spaces: ColumnElement[str] = literal_column(f"'{' ' * len(PG_MARKUP)}'")
    document = func.translate(paragraphs.c.text, literal_column(f"'{PG_MARKUP}'"), spaces)
    russian = paragraphs.c.language == literal_column("'ru'")
    branches = []
    for name, is_russian in (("russian", russian), ("english", ~russian)):
        config: ColumnElement[str] = literal_column(f"'{name}'")
        vector = func.to_tsvector(config, document)
        tsquery = func.plainto_tsquery(config, words)
        branches.append((and_(is_russian, vector.op("@@")(tsquery)), func.ts_rank(vector, tsquery)))
    base = select(paragraphs.c.id).where(or_(*(condition for condition, _ in branches)))
    rank = case((russian, branches[0][1]), else_=branches[1][1])
    return base, rank


# -- Alembic --------------------------------------------------------------------------------


def include_name(name: str | None, type_: str, parent_names: Mapping[str, Any]) -> bool:
    """Alembic ``include_name`` hook: leave out the full-text objects that migration 0002
    creates outside the declared tables (the SQLite FTS5 table and its shadow tables, the
    PostgreSQL GIN indexes), so that autogenerate neither drops nor reports them."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(FTS_TABLE)
    if type_ == "index":
        return name not in PG_INDEXES
    return True
