"""Domain types of translations: a draft's text in another language, part by part, each part
recording which revision of the original it follows.

A :class:`Translation` belongs to one draft (the *original*) and one language. It holds text
only: per indicator the narrative and the score-change note, plus the overview and the key
developments (:data:`SECTION_PARTS`). Scores and key internet controls are always the
original's. Each :class:`TranslationPart` records ``follows``: the draft revision of the
original that the translated text renders (``None``: not translated yet). Whether a part is
behind is never stored: it is worked out from the original's audit trail (the last revision
that changed the part's score or text, ``original_changed``) each time it is read, so it
cannot drift from the revisions.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "SECTION_PARTS",
    "PartStatus",
    "PublishedTranslation",
    "Translation",
    "TranslationPart",
    "part_status",
]

SECTION_PARTS = ("overview", "key_developments")
"""Parts of a translation that are not indicators: the overview and the key developments
(paragraphs, resp. items, separated by a blank line in ``text``)."""


class PartStatus(StrEnum):
    """Where a translated part stands against the original."""

    UNTRANSLATED = "untranslated"
    STALE = "stale"
    CURRENT = "current"


def part_status(follows: int | None, original_changed: int) -> PartStatus:
    """``untranslated`` when ``follows`` is ``None``; ``stale`` when the original changed the
    part (``original_changed``, a draft revision) after the revision the translation follows;
    else ``current``."""
    if follows is None:
        return PartStatus.UNTRANSLATED
    return PartStatus.STALE if original_changed > follows else PartStatus.CURRENT


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TranslationPart(_Model):
    """One part of a translation: an indicator id (``A3``) or a section (``overview``,
    ``key_developments``). ``text`` is Markdown (paragraphs separated by blank lines);
    ``change_note`` the translated score-change note (indicators only; ``None``: none).
    ``follows`` is the original's draft revision the text renders (``None``: untranslated);
    ``original_changed`` the last revision of the original that changed this part's score or
    text (1: unchanged since the draft was made); ``status`` follows from both."""

    id: str
    text: str = ""
    change_note: str | None = None
    follows: int | None = None
    original_changed: int = 1
    status: PartStatus = PartStatus.UNTRANSLATED
    updated_by: str | None = None
    updated_at: datetime | None = None


class Translation(_Model):
    """A draft's text in ``language``, kept by the account ``translator``.

    ``revision`` counts the translation's own saves (optimistic concurrency, like a draft's);
    ``original_revision`` is the original draft's revision when this was read. ``parts`` come
    in the original's order: sections first, then the indicators in methodology order.
    ``published_revision`` is the report revision the last publication of this language wrote.
    """

    id: int
    draft_id: int
    language: str
    original_language: str
    translator: str
    revision: int
    original_revision: int
    parts: list[TranslationPart] = Field(default_factory=list)
    published_revision: int | None = None
    created_by: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def part(self, part_id: str) -> TranslationPart:
        """The part with this id (indicator ids case-insensitive); ``KeyError`` when absent."""
        for part in self.parts:
            if part.id == part_id or part.id == part_id.upper():
                return part
        raise KeyError(part_id)

    @property
    def stale(self) -> list[str]:
        """Ids of the parts the original changed after the revision they follow."""
        return [p.id for p in self.parts if p.status is PartStatus.STALE]

    @property
    def untranslated(self) -> list[str]:
        """Ids of the parts not translated yet."""
        return [p.id for p in self.parts if p.status is PartStatus.UNTRANSLATED]


class PublishedTranslation(_Model):
    """A language version of a published report that was published from a translation.

    ``behind`` lists the parts whose published text follows an older revision of the original
    than the one last published (or was never translated): empty when the version is up to
    date. ``published_at`` is when this language version was last published (UTC)."""

    language: str
    original_language: str
    published_at: datetime
    report_revision: int
    behind: list[str] = Field(default_factory=list)
