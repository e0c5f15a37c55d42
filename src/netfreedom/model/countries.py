"""Country names to ISO 3166-1 alpha-3 codes, in English and Russian.

Built on pycountry's ISO 3166-1 data and its gettext catalogues of localized names, plus
``countries-extra.yaml`` for common short names ("Russia", "South Korea") and user-assigned
codes (Kosovo ``XKX``; ``XEX`` for the invented country of the sample reports).
"""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache
from importlib import resources

import pycountry
import yaml

from netfreedom.errors import UnknownCountryError
from netfreedom.model.assessment import Country

LANGUAGES = ("en", "ru")


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).replace("ё", "е").replace("Ё", "Е")
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


@cache
def _extra() -> dict[str, dict[str, object]]:
    text = (resources.files(__package__) / "countries-extra.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, object]] = yaml.safe_load(text)
    return data


@cache
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    catalogues = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in LANGUAGES
    }
    for entry in pycountry.countries:
        code = entry.alpha_3
        names = {entry.name, getattr(entry, "common_name", entry.name), getattr(entry, "official_name", entry.name)}
        for name in list(names):
            for catalogue in catalogues.values():
                names.add(catalogue.gettext(name))
        for name in names:
            index.setdefault(_fold(name), code)
    extra = _extra()
    for alias, alias_code in extra["aliases"].items():
        index[_fold(alias)] = str(alias_code)
    for assigned_code, labels in extra["assigned"].items():
        assert isinstance(labels, dict)
        for label in labels.values():
            index[_fold(str(label))] = assigned_code
    return index


def english_name(iso3: str) -> str:
    """Short English name for an alpha-3 code; raises :class:`UnknownCountryError`."""
    code = iso3.upper()
    assigned = _extra()["assigned"]
    if code in assigned:
        labels = assigned[code]
        assert isinstance(labels, dict)
        return str(labels["en"])
    entry = pycountry.countries.get(alpha_3=code)
    if entry is None:
        raise UnknownCountryError(f"no ISO 3166-1 country has the code {iso3!r}")
    return str(getattr(entry, "common_name", entry.name))


def localized_name(iso3: str, language: str) -> str:
    """The country's name in ``language`` (``en``, ``ru``, ...), English when untranslated."""
    code = iso3.upper()
    assigned = _extra()["assigned"]
    if code in assigned:
        labels = assigned[code]
        assert isinstance(labels, dict)
        return str(labels.get(language, labels["en"]))
    entry = pycountry.countries.get(alpha_3=code)
    if entry is None:
        raise UnknownCountryError(f"no ISO 3166-1 country has the code {iso3!r}")
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
    return catalogue.gettext(str(getattr(entry, "common_name", entry.name)))


def resolve_country(name_or_code: str) -> Country:
    """A :class:`Country` from an English or Russian name, or an alpha-2/alpha-3 code.

    Raises :class:`UnknownCountryError` when nothing matches.
    """
    text = name_or_code.strip()
    if len(text) == 3 and text.isascii() and text.isalpha():
        try:
            return Country(name=english_name(text), iso3=text.upper())
        except UnknownCountryError:
            pass
    if len(text) == 2 and text.isascii() and text.isalpha():
        entry = pycountry.countries.get(alpha_2=text.upper())
        if entry is not None:
            return Country(name=english_name(entry.alpha_3), iso3=entry.alpha_3)
    code = _name_index().get(_fold(text))
    if code is None:
        raise UnknownCountryError(f"no ISO 3166-1 country is called {name_or_code!r}")
    return Country(name=english_name(code), iso3=code)
