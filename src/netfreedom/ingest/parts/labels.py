"""Status words and scale sentences as printed, matched against the methodology's data."""

from __future__ import annotations

import re

from netfreedom.methodology import (
    Methodology,
    Scale,
    Status,
    load_methodology,
    methodology_for_scale,
)

_STATUS_WORDS: dict[str, Status] = {
    "free": Status.FREE,
    "partly free": Status.PARTLY_FREE,
    "not free": Status.NOT_FREE,
    "свободна": Status.FREE,
    "свободно": Status.FREE,
    "частично свободна": Status.PARTLY_FREE,
    "частично свободно": Status.PARTLY_FREE,
    "несвободна": Status.NOT_FREE,
    "несвободно": Status.NOT_FREE,
    "не свободна": Status.NOT_FREE,
}


def normalize_space(text: str) -> str:
    """Collapse runs of white space (no-break spaces included) to one space and strip.

    Text that is already normal (no white space but single inner spaces: every other white
    space character is unprintable) is returned as it is, without splitting it into words.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.replace("\u00a0", " ").split())


def parse_status(text: str) -> Status | None:
    """The status a phrase names ("Not Free", "partly free", "Несвободна"), or ``None``."""
    key = normalize_space(text).casefold()
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    for methodology_id in ("fotn-2019",):
        for status, labels in load_methodology(methodology_id).statuses.items():
            if any(key == label.casefold() for label in labels.values()):
                return status
    return None


STATUS_PATTERN = r"(?:partly\s+free|not\s+free|free)"
"""Regular expression of the English status words (case-insensitive use)."""


def detect_scale(text: str) -> Methodology | None:
    """The methodology whose scale sentence appears in ``text``, or ``None``.

    Matches each methodology's ``scale.phrases`` ignoring case and white space, so a
    republished old edition that states the current scale is read on the current scale
    (fotn-facts.md: detect the scale from the page, never from the year).
    """
    flat = normalize_space(text).casefold()
    for scale in (Scale.HIGHER_IS_FREER, Scale.LOWER_IS_FREER):
        methodology = methodology_for_scale(scale)
        for phrase in methodology.scale.phrases:
            if normalize_space(phrase).casefold() in flat:
                return methodology
    if re.search(r"0\s*=\s*best", flat):
        return methodology_for_scale(Scale.LOWER_IS_FREER)
    return None
