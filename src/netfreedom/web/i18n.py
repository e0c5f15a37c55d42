"""Interface language of the web site: English (source strings) and Russian.

Russian strings live in gettext catalogues ``locales/ru/LC_MESSAGES/*.po`` (one per area of
the site, merged at start) and are read with Babel, so no compile step is needed. The
language is chosen by ``?lang=``, else the ``Accept-Language`` header, else English.
Country names are localized with pycountry's ISO 3166-1 catalogues.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel import Locale
from babel.messages.pofile import read_po
from markupsafe import Markup, escape

from netfreedom.errors import N_ as N_  # the marker of message ids, re-exported for pages
from netfreedom.model.countries import UnknownCountryError, localized_name
from netfreedom.model.identity import RESEARCHER_LABEL, REVIEWER_LABEL

SUPPORTED_LANGUAGES = ("en", "ru")
_REVIEWER_NUMBER = re.compile(re.escape(REVIEWER_LABEL).replace(re.escape("{number}"), r"(\d+)"))
DEFAULT_LANGUAGE = "en"


@cache
def _catalogue(language: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    folder = resources.files(__package__) / "locales" / language / "LC_MESSAGES"
    if not folder.is_dir():
        return messages
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as stream:
            catalog = read_po(stream, locale=language)
        for message in catalog:
            if message.id and message.string and not message.fuzzy and isinstance(message.id, str):
                messages[message.id] = str(message.string)
    return messages


@dataclass(frozen=True)
class Translator:
    """Translations for one language: ``gettext(message)`` and ``country(iso3)``."""

    language: str

    def gettext(self, message: str, **values: object) -> str:
        """``message`` in this language (the English source when untranslated), formatted
        with ``values`` (``{name}`` placeholders)."""
        text = message if self.language == DEFAULT_LANGUAGE else _catalogue(self.language).get(message, message)
        if any(isinstance(value, Markup) for value in values.values()):
            return Markup(escape(text)).format(**values)  # markup values (see :func:`keep`) stay markup
        return text.format(**values) if values else text

    def has(self, message: str) -> bool:
        """Whether ``message`` (a message id) is translated into this language (always, in
        English: the ids are English)."""
        return self.language == DEFAULT_LANGUAGE or message in _catalogue(self.language)

    def country(self, iso3: str, fallback: str | None = None) -> str:
        """The country's name in this language."""
        try:
            return localized_name(iso3, self.language)
        except UnknownCountryError:
            return fallback or iso3

    def person(self, name: str | None) -> Markup:
        """A person as a page shows them: a blind-review label (``Researcher``, ``Reviewer 2``,
        :mod:`netfreedom.model.identity`) in this language, any other name kept as content
        (:func:`keep`); ``—`` for ``None``."""
        if name is None:
            return Markup("—")
        if name == RESEARCHER_LABEL:
            return Markup(escape(self.gettext(RESEARCHER_LABEL)))
        number = _REVIEWER_NUMBER.fullmatch(name)
        if number:
            return Markup(escape(self.gettext(REVIEWER_LABEL, number=number.group(1))))
        return keep(name)

    def language_name(self, code: str) -> str:
        """The name of language ``code`` (ISO 639-1, ``en``) in this language, from Babel's CLDR
        data (``английский``); the code itself when CLDR has no name for it."""
        return _language_names(self.language).get(code, code)


@cache
def _language_names(language: str) -> dict[str, str]:
    return dict(Locale.parse(language).languages)


def keep(value: object) -> Markup:
    """``value`` marked as content that is not interface text (a file name, a digest, a name
    from a report): ``<span translate="no">`` around it, escaped. Used as a ``gettext`` value,
    it makes the whole message markup."""
    return Markup('<span translate="no">{}</span>').format(value)


def negotiate_language(query_language: str | None, accept_language: str | None) -> str:
    """Pick the interface language: an explicit ``?lang=`` wins, then Accept-Language."""
    if query_language in SUPPORTED_LANGUAGES:
        return query_language
    if accept_language:
        wanted = []
        for part in accept_language.split(","):
            tag, _, quality = part.strip().partition(";q=")
            try:
                weight = float(quality) if quality else 1.0
            except ValueError:
                weight = 0.0
            if tag:
                wanted.append((weight, tag.strip().replace("-", "_")))
        preferred = [tag for _, tag in sorted(wanted, key=lambda w: -w[0])]
        chosen = Locale.negotiate(preferred, list(SUPPORTED_LANGUAGES), sep="_")
        if chosen is not None:
            return chosen.language
    return DEFAULT_LANGUAGE


def translator(language: str) -> Translator:
    """A :class:`Translator` for a supported language (English otherwise)."""
    return Translator(language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE)


Gettext = Callable[..., str]
