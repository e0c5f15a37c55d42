"""Working offline on a draft: export it as text in the published report layout, import the
edited file back with a three-way merge.

:func:`export_text` writes the draft the way a Freedom House country page reads as text (the
score block in English, the body in the draft's language), so our own readers read it back;
its last line records the draft and the revision it came from (:data:`MARKER`).
:func:`import_text` reads an edited file with the registered readers, rebuilds the draft as it
was at that revision (from the audit trail, newest change first) and merges per indicator:
a field changed only in the file is applied, one changed only in the store is kept, the same
change on both sides is nothing to do, and different changes to one field are a conflict:
listed, never applied. Narratives changed on both sides are merged line by line with the
``merge3`` library when their changes do not overlap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date
from merge3 import Merge3

from netfreedom.errors import DraftRuleError, InputError, NotFoundError, ReadError
from netfreedom.ingest import read_report_bytes
from netfreedom.ingest.formats.limits import guarded_read
from netfreedom.methodology import load_methodology
from netfreedom.model.assessment import Assessment, Citation
from netfreedom.model.drafting import Draft
from netfreedom.services.draft_report import draft_assessment, paragraphs_of
from netfreedom.services.drafting import Actor, IndicatorEdit, draft_for, set_indicator
from netfreedom.store import Store
from netfreedom.store.drafts import DraftStore

__all__ = ["MARKER", "SOURCE_LINE", "Conflict", "ImportOutcome", "export_text", "import_text", "source_line"]

MARKER = re.compile(r"^netfreedom draft (\d+) of ([A-Z]{3}) (\d{4}), revision (\d+)$", re.MULTILINE)
"""The last line of an exported draft: ``netfreedom draft 7 of KAZ 2023, revision 12``."""

_MAX_ROW_ID = 2**63 - 1
"""The largest id a database row can have (64-bit integers): a larger draft number is no draft."""

_OVERVIEW = {"en": "Overview", "ru": "Резюме", "es": "Descripción General"}
_SCALE = "Scale of the scores: 0 (least free) to 100 (most free)."


def _period(draft: Draft) -> str:
    start, end = draft.coverage.start, draft.coverage.end
    if draft.language == "ru":
        pattern = "d MMMM y 'г.'"
        return f"Основные события, {format_date(start, pattern, 'ru')} - {format_date(end, pattern, 'ru')}"
    return f"Key Developments, {format_date(start, 'MMMM d, y', 'en')} - {format_date(end, 'MMMM d, y', 'en')}"


def export_text(draft: Draft) -> str:
    """The draft as the text of a published report, ending with the :data:`MARKER` line.
    Indicators without a score are written with the score line ``-`` (the reader then
    reports them as missing)."""
    methodology = load_methodology(draft.methodology)
    assessment = draft_assessment(draft)
    lines = [draft.country_name, "", methodology.status_label(assessment.status, "en") or "-"]
    lines += [str(assessment.total if assessment.total is not None else "-"), "100"]
    for category in methodology.categories:
        score = assessment.categories[category.id].score
        lines.append(f"{category.id} {category.label['en']} {score if score is not None else '-'} {category.max}")
    lines.append("Last Year's Score & Status")
    if assessment.previous.total is not None:
        status = methodology.status_label(assessment.previous.status, "en")
        lines.append(f"{assessment.previous.total} 100 {status}".rstrip())
    lines += [_SCALE, "", _OVERVIEW.get(draft.language, "Overview"), ""]
    for paragraph in draft.overview:
        lines += [paragraph, ""]
    lines += [_period(draft), ""]
    lines += [f"  • {text}" for text in draft.key_developments]
    for category in methodology.categories:
        lines += ["", f"{category.id}. {category.label.get(draft.language) or category.label['en']}", ""]
        for indicator in assessment.indicators:
            if indicator.category != category.id:
                continue
            shown = str(indicator.score) if indicator.score is not None else "-"
            lines += [f"{indicator.id} (0-{indicator.max})", "", indicator.question or "", "", shown, ""]
            for paragraph in indicator.paragraphs:
                lines += [paragraph, ""]
            for number, citation in enumerate(indicator.sources, start=1):
                lines += [source_line(indicator.id, number, citation), ""]
    lines += ["", f"netfreedom draft {draft.id} of {draft.iso3} {draft.edition}, revision {draft.revision}", ""]
    return "\n".join(lines)


SOURCE_LINE = re.compile(r"^\[([A-Z]\d{1,2}) source (\d+)\] ")
"""A cited source in an exported draft: ``[A3 source 1] title; publisher; date; evidence …``.
Such lines are for reading only: an import leaves the sources as they are stored."""


def source_line(indicator: str, number: int, citation: Citation) -> str:
    """One cited source as a line of the export (see :data:`SOURCE_LINE`)."""
    parts = [citation.title, citation.publisher or "", citation.published.isoformat() if citation.published else ""]
    parts += [citation.url or "", citation.archived_url or ""]
    if citation.evidence is not None:
        found = citation.evidence
        parts.append(f"evidence {found.file}, {found.locator}, sha256 {found.sha256}")
    return f"[{indicator} source {number}] " + "; ".join(p for p in parts if p)


@dataclass(frozen=True)
class Conflict:
    """One field changed differently in the file and in the store since the exported revision."""

    indicator: str
    field: str
    base: Any
    file: Any
    store: Any


@dataclass
class ImportOutcome:
    """What an import did: the draft after it, the fields applied (``A3.score`` ...), the
    conflicts left for a person, and the revision the file was exported from."""

    draft: Draft
    exported_revision: int
    applied: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def _draft_at(store: Store, draft: Draft, revision: int) -> Draft:
    """The draft as it was at ``revision``: the current one with every later audited change
    of an indicator's score, narrative or note undone, newest first."""
    indicators = {i.id: i.model_copy() for i in draft.indicators}
    for entry in reversed(DraftStore(store).audit(draft.id)):
        if entry.revision <= revision or "." not in entry.field:
            continue
        indicator_id, name = entry.field.split(".", 1)
        if indicator_id in indicators and name in {"score", "narrative", "change_note"}:
            indicators[indicator_id] = indicators[indicator_id].model_copy(update={name: entry.before})
    return draft.model_copy(update={"indicators": [indicators[i.id] for i in draft.indicators]})


def _fields_of(assessment: Assessment) -> dict[str, dict[str, Any]]:
    """Per indicator: score, change note (its paragraph as published) and narrative."""
    out = {}
    for indicator in assessment.indicators:
        note = indicator.score_change.text if indicator.score_change else None
        narrative = [
            p
            for p in indicator.paragraphs
            if p != note and not MARKER.fullmatch(p.strip()) and not SOURCE_LINE.match(p.strip())
        ]
        out[indicator.id] = {"score": indicator.score, "change_note": note, "narrative": "\n\n".join(narrative)}
    return out


def _merge_text(base: str, mine: str, theirs: str) -> str | None:
    """Line-wise three-way merge of narratives; ``None`` when the changes overlap."""
    was, new, now = (t.replace("\n\n", "\n").splitlines(keepends=True) for t in (base, mine, theirs))
    merged = Merge3(was, new, now)
    if any(region[0] == "conflict" for region in merged.merge_regions()):
        return None
    return "".join(merged.merge_lines()).replace("\n", "\n\n").rstrip("\n")


def import_text(store: Store, data: bytes, actor: Actor, file_name: str = "<file>") -> ImportOutcome:
    """Apply an edited export of a draft as ``actor`` (who must be allowed to edit it now).

    Raises :class:`InputError` (naming ``file_name``) when the file carries no :data:`MARKER`
    line, names a revision the draft never had, or cannot be read as a report (a damaged or
    hostile file included), :class:`NotFoundError` when its draft is gone, and the errors of
    :func:`~netfreedom.services.drafting.set_indicator`. Each indicator with changes to apply
    is saved as one revision; conflicts are returned, not applied.
    """
    text = data.decode("utf-8", "replace")
    found = MARKER.findall(text)
    if not found:
        raise InputError(f"{file_name}: no 'netfreedom draft N of XXX YYYY, revision R' line: not an exported draft")
    draft_id, iso3, edition, exported = (int(found[-1][0]), found[-1][1], int(found[-1][2]), int(found[-1][3]))
    if draft_id > _MAX_ROW_ID:
        raise NotFoundError(f"{file_name}: no draft {draft_id}")
    draft = draft_for(store, draft_id, actor)
    if (draft.iso3, draft.edition) != (iso3, edition):
        raise NotFoundError(f"{file_name}: draft {draft_id} is not the draft of {iso3} {edition}")
    if not 1 <= exported <= draft.revision:
        raise InputError(
            f"{file_name}: exported at revision {exported}, but draft {draft_id} has revisions 1 to {draft.revision}"
        )
    try:
        with guarded_read():
            read = read_report_bytes(data, file_name)
    except ReadError as exc:
        raise InputError(f"{file_name}: {exc}") from None
    mine = _fields_of(read)
    base = _fields_of(draft_assessment(_draft_at(store, draft, exported)))
    theirs = _fields_of(draft_assessment(draft))
    outcome = ImportOutcome(draft=draft, exported_revision=exported)
    for indicator_id, current in theirs.items():
        if indicator_id not in mine:
            continue
        changes: dict[str, Any] = {}
        for name in ("score", "change_note", "narrative"):
            was, new, now = base[indicator_id][name], mine[indicator_id][name], current[name]
            if _same(name, new, was) or _same(name, new, now):
                continue
            if _same(name, now, was):
                changes[name] = new
            elif name == "narrative" and (merged := _merge_text(was, new, now)) is not None:
                changes[name] = merged
            else:
                outcome.conflicts.append(Conflict(indicator_id, name, was, new, now))
        if changes:
            outcome.draft = _apply(store, outcome.draft, indicator_id, actor, changes)
            outcome.applied += [f"{indicator_id}.{name}" for name in changes]
    return outcome


def _same(name: str, a: Any, b: Any) -> bool:
    if name == "narrative":
        return bool(paragraphs_of(a or "") == paragraphs_of(b or ""))
    return bool(a == b)


def _apply(store: Store, draft: Draft, indicator_id: str, actor: Actor, changes: dict[str, Any]) -> Draft:
    if "score" in changes and changes["score"] is None:
        raise DraftRuleError(f"{indicator_id}: the file has no score line")
    edit = IndicatorEdit(
        revision=draft.revision,
        score=changes.get("score"),
        narrative=changes.get("narrative"),
        change_note=("" if changes["change_note"] is None else changes["change_note"])
        if "change_note" in changes
        else None,
    )
    return set_indicator(store, draft.id, indicator_id, actor, edit)


def conflict_lines(conflicts: Sequence[Conflict]) -> list[str]:
    """One line per conflict, for people."""
    return [f"{c.indicator}.{c.field}: changed in the file and in the store since the export" for c in conflicts]
