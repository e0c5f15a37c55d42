"""Country names to ISO 3166-1 alpha-3 codes, in English and Russian.

Built on pycountry's ISO 3166-1 data and its gettext catalogues of localized names, plus
``countries-extra.yaml`` for common short names ("Russia", "South Korea") and user-assigned
codes (Kosovo ``XKX``; ``XEX`` for the invented country of the sample reports).
"""

from __future__ import annotations

import difflib
import gettext
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

import pycountry
import yaml

from netfreedom.errors import N_, InputError, Listing, UnknownCountryError
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


def known_names() -> list[str]:
    """Every country name :func:`resolve_country` knows, case-folded (English and Russian ISO
    names, common and official names, aliases of countries-extra.yaml)."""
    return list(_name_index())


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
        raise UnknownCountryError(N_("no ISO 3166-1 country has the code '{code}'"), code=iso3)
    return str(getattr(entry, "common_name", entry.name))


@lru_cache(maxsize=4096)
def localized_name(iso3: str, language: str) -> str:
    """The country's name in ``language`` (``en``, ``ru``, ...), English when untranslated.

    Kept per (code, language) once looked up: pages name hundreds of countries (the search
    form lists every stored one) and each ``gettext.translation`` lookup looks for its
    catalogue files again (about 20 µs). Raises :class:`UnknownCountryError` for a code no
    country has (not kept)."""
    code = iso3.upper()
    assigned = _extra()["assigned"]
    if code in assigned:
        labels = assigned[code]
        assert isinstance(labels, dict)
        return str(labels.get(language, labels["en"]))
    entry = pycountry.countries.get(alpha_3=code)
    if entry is None:
        raise UnknownCountryError(N_("no ISO 3166-1 country has the code '{code}'"), code=iso3)
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
    return catalogue.gettext(str(getattr(entry, "common_name", entry.name)))


CLOSE_ENOUGH = 0.88
"""Similarity (difflib ratio of folded names) from which a misspelt name is taken as the
country it nearly spells, when only one country comes that close (``Kazakstan``)."""


def suggestions(name: str, limit: int = 3) -> list[str]:
    """English names of the countries whose names come closest to ``name`` (best first)."""
    index = _name_index()
    close = difflib.get_close_matches(_fold(name), list(index), n=limit * 3, cutoff=0.75)
    names: list[str] = []
    for match in close:
        english = english_name(index[match])
        if english not in names:
            names.append(english)
    return names[:limit]


def resolve_country(name_or_code: str, *, fuzzy: bool = False) -> Country:
    """A :class:`Country` from an English or Russian name, or an alpha-2/alpha-3 code.

    With ``fuzzy``, a name that nearly spells exactly one country (difflib ratio at least
    :data:`CLOSE_ENOUGH`) is taken as that country. Raises :class:`UnknownCountryError`
    when nothing matches; its message suggests the closest names ("did you mean …?").
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
    index = _name_index()
    code = index.get(_fold(text))
    if code is None and fuzzy and text:
        scored = [(difflib.SequenceMatcher(None, _fold(text), known).ratio(), index[known]) for known in index]
        best = sorted({c for r, c in scored if r >= CLOSE_ENOUGH})
        if len(best) == 1:
            code = best[0]
    if code is None:
        near = suggestions(text) if text else []
        if near:
            error = UnknownCountryError(
                N_("no ISO 3166-1 country is called '{name}'; did you mean {names}?"),
                name=name_or_code,
                names=Listing(near, separator=N_(" or ")),
            )
        else:
            error = UnknownCountryError(N_("no ISO 3166-1 country is called '{name}'"), name=name_or_code)
        error.query = name_or_code
        raise error
    return Country(name=english_name(code), iso3=code)


def resolve_countries(values: str | Iterable[str], *, limit: int | None = None) -> list[str]:
    """ISO alpha-3 codes of comma-separated names or codes (one string, or several each
    holding a list), de-duplicated in order; blank entries are skipped. The one parser of
    country lists: the CLI, the compare page and the API use it.

    Raises :class:`UnknownCountryError` for the first entry that is no country (naming it),
    and :class:`~netfreedom.errors.InputError` when more than ``limit`` countries are given.
    """
    codes: list[str] = []
    for value in [values] if isinstance(values, str) else values:
        for part in value.split(","):
            if not part.strip():
                continue
            code = resolve_country(part).iso3
            if code not in codes:
                codes.append(code)
            if limit is not None and len(codes) > limit:
                raise InputError(N_("countries: at most {count} at a time"), count=limit)
    return codes
