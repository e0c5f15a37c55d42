"""Small things every page shows alike: localized text of the methodology, links to a
country page, the edition query parameter, the order of statuses, the explanation of a
"partial" mark."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException

from netfreedom.methodology import Status
from netfreedom.web.i18n import DEFAULT_LANGUAGE, Translator

STATUS_ORDER = (Status.FREE, Status.PARTLY_FREE, Status.NOT_FREE)
"""Statuses in the order filters and legends list them."""


def edition_param(words: Translator, value: str) -> int | None:
    if not value.strip():
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise HTTPException(400, words.gettext("edition: must be a year such as 2022"))
    return int(text)


def country_href(iso3: str, edition: int | None, language: str) -> str:
    """Link to a country's page: its latest report, or the report of ``edition``."""
    path = f"/country/{iso3}" if edition is None else f"/country/{iso3}/{edition}"
    return page_url(path, {"lang": language})


def localized(texts: dict[str, str], language: str) -> str:
    return texts.get(language, texts[DEFAULT_LANGUAGE])


def page_url(path: str, params: dict[str, Any]) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def partial_title(words: Translator, missing: Iterable[str]) -> str:
    """The explanation of a "partial" mark in the interface language: which printed values
    no source gave (``total`` and ``status`` translated; category and indicator ids as
    they are), e.g. "Partial: not printed in the source: A, B, C."."""
    names = {"total": words.gettext("the total score"), "status": words.gettext("the status")}
    listed = ", ".join(names.get(value, value) for value in missing)
    return words.gettext("Partial: not printed in the source: {missing}.", missing=listed)
