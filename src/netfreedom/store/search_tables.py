"""Search statistics kept by the database (migration ``0018``): what ranking a search needs,
stored when a paragraph is written instead of counted when a search runs.

``search_terms`` holds, per search stem (:func:`netfreedom.text.stemming.stems_of`), how many
stored narrative paragraphs contain it (``paragraphs``) and how often it occurs in them
(``tokens``); the row whose ``term`` is the empty string holds the totals: every stored
paragraph and every stem of them. ``narrative_paragraph_terms`` holds, per paragraph, its
number of stems (``tokens``) and the stems it repeats with their counts (``repeats``: ``stem:n``
joined by spaces, sorted by stem; empty when no stem occurs twice), so that a stem's frequency
in the paragraph is ``n`` when listed there, else 1 for a match.

Neither table is written by Python code: triggers on ``narrative_paragraphs`` (created by the
migration, per database; see :mod:`netfreedom.store.search_statistics`) update both from each
inserted or deleted paragraph's ``stems``, in the statement (so the transaction) that writes
the paragraph. Saving, replacing and deleting a report (cascade) and re-indexing keep them right.

``search_term_languages`` (migration ``0022``) holds the same paragraph counts per report language
(the language as the search filter term spells it: lower case, no hyphens), the empty stem's row
counting every paragraph of the language; its own triggers keep it
(:mod:`netfreedom.store.search_languages`).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from netfreedom.store.tables import Base

__all__ = ["ParagraphTermsRow", "SearchTermLanguageRow", "SearchTermRow"]


class SearchTermRow(Base):
    """One search stem's counts over the stored paragraphs (``term`` ``""``: the totals)."""

    __tablename__ = "search_terms"

    term: Mapped[str] = mapped_column(Text, primary_key=True)
    paragraphs: Mapped[int] = mapped_column(Integer)
    tokens: Mapped[int] = mapped_column(Integer)


class ParagraphTermsRow(Base):
    """One stored paragraph's stem count and repeated stems (see the module's docstring)."""

    __tablename__ = "narrative_paragraph_terms"

    paragraph_id: Mapped[int] = mapped_column(
        ForeignKey("narrative_paragraphs.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    tokens: Mapped[int] = mapped_column(Integer)
    repeats: Mapped[str] = mapped_column(Text)


class SearchTermLanguageRow(Base):
    """How many stored paragraphs of one report language hold one search stem (``term``
    ``""``: every paragraph of the language); see the module's docstring."""

    __tablename__ = "search_term_languages"

    language: Mapped[str] = mapped_column(Text, primary_key=True)
    term: Mapped[str] = mapped_column(Text, primary_key=True)
    paragraphs: Mapped[int] = mapped_column(Integer)
