"""What changed between two editions of a country's report: scores and a redline.

:func:`compare_editions` puts two assessments side by side: total, status, categories and
the 21 indicators with every score on the current scale, and for each narrative (overview,
key developments, each indicator) a paragraph-level redline. Paragraphs are matched with
:class:`difflib.SequenceMatcher`; a removed paragraph is wrapped in ``<del class="redline">``,
an added one in ``<ins class="redline">``, and a changed one gets a word-level diff.
Footnote markers are taken out before comparing (their numbers shift from one edition to the
next); all text is escaped and the HTML goes through
:func:`~netfreedom.web.security.sanitize`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from markupsafe import Markup, escape

from netfreedom.methodology import Methodology, load_methodology
from netfreedom.model.assessment import Assessment
from netfreedom.model.scoring import to_current
from netfreedom.text.footnotes import MarkerHit, strip_markers
from netfreedom.text.narrative import marker_index
from netfreedom.web.security import sanitize
from netfreedom.web.views.narrative import status_label

__all__ = [
    "Comparison",
    "IndicatorChange",
    "RedlineBlock",
    "ScoreRow",
    "compare_editions",
    "paragraph_redline",
    "plain_paragraphs",
    "word_diff",
]

BlockKind = Literal["same", "removed", "added", "changed"]

PAIR_MIN_SIMILARITY = 0.4
"""Two paragraphs in a replaced run are diffed word by word when at least this similar
(:meth:`SequenceMatcher.ratio`); below it they show as one removed and one added."""

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class RedlineBlock:
    """One paragraph of a redline: ``kind`` and its safe HTML."""

    kind: BlockKind
    html: Markup


def word_diff(old: str, new: str) -> Markup:
    """``old`` → ``new`` with removed words in ``<del class="redline">`` and added ones in
    ``<ins class="redline">``; text is escaped."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    parts: list[str] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(str(escape("".join(before[i1:i2]))))
            continue
        if i2 > i1:
            parts.append(f'<del class="redline">{escape("".join(before[i1:i2]))}</del>')
        if j2 > j1:
            parts.append(f'<ins class="redline">{escape("".join(after[j1:j2]))}</ins>')
    return sanitize("".join(parts))


def _removed(text: str) -> RedlineBlock:
    return RedlineBlock("removed", sanitize(f'<del class="redline">{escape(text)}</del>'))


def _added(text: str) -> RedlineBlock:
    return RedlineBlock("added", sanitize(f'<ins class="redline">{escape(text)}</ins>'))


def paragraph_redline(old: Sequence[str], new: Sequence[str]) -> list[RedlineBlock]:
    """The redline of paragraph list ``old`` → ``new``, in reading order.

    Equal paragraphs are ``same``; in a replaced run, paragraphs are paired in order and a
    pair similar enough (:data:`PAIR_MIN_SIMILARITY`) is ``changed`` with a word diff, the
    rest are ``removed`` then ``added``.
    """
    blocks: list[RedlineBlock] = []
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks += [RedlineBlock("same", sanitize(str(escape(text)))) for text in old[i1:i2]]
        elif tag == "delete":
            blocks += [_removed(text) for text in old[i1:i2]]
        elif tag == "insert":
            blocks += [_added(text) for text in new[j1:j2]]
        else:
            removed, added = list(old[i1:i2]), list(new[j1:j2])
            while removed and added:
                before, after = removed.pop(0), added.pop(0)
                if SequenceMatcher(None, before, after, autojunk=False).ratio() >= PAIR_MIN_SIMILARITY:
                    blocks.append(RedlineBlock("changed", word_diff(before, after)))
                else:
                    blocks += [_removed(before), _added(after)]
            blocks += [_removed(text) for text in removed]
            blocks += [_added(text) for text in added]
    return blocks


def plain_paragraphs(assessment: Assessment, location: str) -> list[str]:
    """The paragraphs at ``location`` (``overview``, ``key-developments`` or an indicator
    id) with their footnote markers taken out; empty when the report lacks it."""
    if location == "overview":
        paragraphs = assessment.overview
    elif location == "key-developments":
        paragraphs = assessment.key_developments
    else:
        indicator = assessment.indicator(location)
        paragraphs = indicator.paragraphs if indicator else []
    markers = marker_index(assessment)
    out = []
    for number, text in enumerate(paragraphs):
        hits = [
            MarkerHit(m.number, m.offset)
            for m in markers.get((location, number), ())
            if text[m.offset : m.offset + len(str(m.number))] == str(m.number)
        ]
        out.append(strip_markers(text, hits))
    return out


@dataclass(frozen=True)
class ScoreRow:
    """A score in both editions, on the current scale (``None`` when not printed)."""

    id: str
    label: str
    max: int
    old: int | None
    new: int | None

    @property
    def delta(self) -> int | None:
        """``new - old`` (positive = freer), ``None`` when either is missing."""
        return None if self.old is None or self.new is None else self.new - self.old


@dataclass(frozen=True)
class IndicatorChange:
    """An indicator's scores and the redline of its narrative."""

    score: ScoreRow
    redline: tuple[RedlineBlock, ...]

    @property
    def text_changed(self) -> bool:
        """True when any paragraph was removed, added or changed."""
        return any(block.kind != "same" for block in self.redline)


@dataclass(frozen=True)
class Comparison:
    """Two editions side by side (see :func:`compare_editions`)."""

    old: Assessment
    new: Assessment
    total: ScoreRow
    old_status: str | None
    new_status: str | None
    categories: tuple[ScoreRow, ...]
    indicators: tuple[IndicatorChange, ...]
    overview: tuple[RedlineBlock, ...]
    key_developments: tuple[RedlineBlock, ...]
    same_language: bool
    converted: bool


def _current(methodology: Methodology, value: int | None, maximum: int) -> int | None:
    return to_current(methodology, value, maximum)


def compare_editions(old: Assessment, new: Assessment, language: str) -> Comparison:
    """Compare ``old`` and ``new`` (two editions of one country), labels in ``language``.

    Scores of either edition published on the legacy scale are converted to the current
    one (``converted`` is then True). Indicators follow the current methodology's order.
    When the two reports are in different body languages (``same_language`` False), no
    redline is made (every block list is empty). Raises
    :class:`~netfreedom.methodology.MethodologyError` for an unknown methodology.
    """
    current = load_methodology()
    old_m, new_m = load_methodology(old.methodology), load_methodology(new.methodology)
    same_language = old.language == new.language

    def redline(location: str) -> tuple[RedlineBlock, ...]:
        if not same_language:
            return ()
        return tuple(paragraph_redline(plain_paragraphs(old, location), plain_paragraphs(new, location)))

    categories = []
    for spec in current.categories:
        before, after = old.categories.get(spec.id), new.categories.get(spec.id)
        categories.append(
            ScoreRow(
                id=spec.id,
                label=spec.label.get(language) or spec.label["en"],
                max=spec.max,
                old=_current(old_m, before.score, before.max) if before else None,
                new=_current(new_m, after.score, after.max) if after else None,
            )
        )
    indicators = []
    for indicator_spec in current.indicators:
        before_i, after_i = old.indicator(indicator_spec.id), new.indicator(indicator_spec.id)
        row = ScoreRow(
            id=indicator_spec.id,
            label=indicator_spec.topic.get(language) or indicator_spec.topic["en"],
            max=indicator_spec.max,
            old=_current(old_m, before_i.score, before_i.max) if before_i else None,
            new=_current(new_m, after_i.score, after_i.max) if after_i else None,
        )
        indicators.append(IndicatorChange(row, redline(indicator_spec.id)))
    return Comparison(
        old=old,
        new=new,
        total=ScoreRow(
            id="total",
            label="",
            max=current.scale.max,
            old=_current(old_m, old.total, old_m.scale.max),
            new=_current(new_m, new.total, new_m.scale.max),
        ),
        old_status=status_label(old_m, old.status, language),
        new_status=status_label(new_m, new.status, language),
        categories=tuple(categories),
        indicators=tuple(indicators),
        overview=redline("overview"),
        key_developments=redline("key-developments"),
        same_language=same_language,
        converted=old_m.id != current.id or new_m.id != current.id,
    )
