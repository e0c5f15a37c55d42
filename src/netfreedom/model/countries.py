"""Country names to ISO 3166-1 alpha-3 codes, in English and Russian.

Built on pycountry's ISO 3166-1 data and its gettext catalogues of localized names, plus
``countries-extra.yaml`` for common short names ("Russia", "South Korea") and user-assigned
codes (Kosovo ``XKX``; ``XEX`` for the invented country of the sample reports). Russian prose
names a country in six grammatical cases (``в Казахстане``, ``власти России``):
:func:`russian_case_forms` declines every Russian name with pymorphy3's OpenCorpora dictionary.
"""

from __future__ import annotations

import difflib
import gettext
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from typing import cast

import pycountry
import yaml
from babel import Locale

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


_CYRILLIC_WORD = re.compile(r"[а-яё]+(?P<joined>[-‐‑’'](?=[а-яё]))?")
_MARKS = {0x0301: None, 0x00AD: None}
"""A stress mark (``Респу́блика`` in pycountry's catalogue) and a soft hyphen, dropped."""
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
"""pymorphy3's grammemes of the six Russian cases (OpenCorpora tag set)."""


def _russian_names() -> dict[str, set[str]]:
    """Russian country names (folded) by alpha-3 code: pycountry's Russian ISO names, CLDR's
    short names (Babel: ``Россия``, ``Киргизия``) and the Russian aliases of
    countries-extra.yaml."""
    names: dict[str, set[str]] = {}
    for name, code in _name_index().items():
        if _CYRILLIC_WORD.search(name):
            names.setdefault(code, set()).add(name)
    for alpha_2, name in Locale("ru").territories.items():
        entry = pycountry.countries.get(alpha_2=alpha_2) if len(alpha_2) == 2 else None
        if entry is not None:
            names.setdefault(entry.alpha_3, set()).add(_fold(name))
    return names


def _declined(name: str, analyzer: object) -> set[str]:
    """``name`` (folded, Russian) in each of the six cases, words joined by single spaces as
    the prose finder compares them. Each word is declined by its nominative analysis: a
    geographic name first, else a noun, adjective or participle; a word of any other kind
    (``Шри``, ``Южно``) and the first part of a hyphenated word that is no geographic name
    (``Кот-д’Ивуар``) stay as printed; an indeclinable name (``Того``, ``Перу``) keeps one form.
    A name is an inanimate thing: its accusative is its nominative but for feminine words.
    Two forms per case: every word declined (``Республики Казахстана``) and, as official
    usage has it, the words after the first noun left in the nominative (``Республики
    Казахстан``)."""
    words: list[tuple[str, object | None]] = []
    for match in _CYRILLIC_WORD.finditer(name.translate(_MARKS)):
        word = match.group().rstrip("-‐‑’'")
        parses = [p for p in analyzer.parse(word) if "nomn" in p.tag]  # type: ignore[attr-defined]
        geographic = [p for p in parses if "Geox" in p.tag]
        parse = (geographic or [p for p in parses if {"NOUN", "ADJF", "PRTF"} & p.tag.grammemes] or [None])[0]
        if match.group("joined") and not geographic:
            parse = None
        words.append((word, parse))
    nouns = [i for i, (_, parse) in enumerate(words) if parse is not None and parse.tag.POS == "NOUN"]  # type: ignore[attr-defined]
    forms = set()
    for case in _CASES:
        declined = []
        for word, parse in words:
            form = None
            if parse is not None and (case != "accs" or parse.tag.gender == "femn"):  # type: ignore[attr-defined]
                form = parse.inflect({case})  # type: ignore[attr-defined]
            declined.append(form.word if form is not None else word)
        forms.add(_fold(" ".join(declined)))
        if nouns:
            head = nouns[0] + 1
            forms.add(_fold(" ".join(declined[:head] + [word for word, _ in words[head:]])))
    return forms


@cache
def russian_case_forms() -> dict[str, str]:
    """Folded Russian country names in the six cases (``казахстане``, ``россией``,
    ``саудовской аравии``, words joined by one space) -> ISO alpha-3 code.

    Built once from :func:`_russian_names` with pymorphy3 (its OpenCorpora dictionary ships
    with the package; about 0.7 s). A form two countries share is left out: it tells neither;
    so is a form that is almost always a common word (``того``, Togo's name and the pronoun's
    genitive: pymorphy3 scores the common word at least :data:`COMMON_WORD_SCORE`)."""
    import pymorphy3  # loaded only when Russian prose has to be read (~0.2 s, 16 MB dictionary)

    analyzer = pymorphy3.MorphAnalyzer(lang="ru")
    owners: dict[str, set[str]] = {}
    for code, names in _russian_names().items():
        for name in names:
            for form in _declined(name, analyzer):
                owners.setdefault(form, set()).add(code)
    return {form: codes.pop() for form, codes in owners.items() if len(codes) == 1 and not _common_word(form, analyzer)}


COMMON_WORD_SCORE = 0.9
"""pymorphy3's probability from which a one-word name's best analysis, when it is no
geographic name, makes the word a common word rather than a name."""


def _common_word(form: str, analyzer: object) -> bool:
    if " " in form:
        return False
    best = analyzer.parse(form)[0]  # type: ignore[attr-defined]
    return "Geox" not in best.tag and best.score >= COMMON_WORD_SCORE


@cache
def demonyms() -> dict[str, frozenset[str]]:
    """English demonyms, folded, singular and plural (``russian``, ``russians``, ``south
    korean``) -> the ISO alpha-3 codes of the countries whose people they name (a set:
    ``chinese`` is China's, Hong Kong's and Macao's). From countryinfo's country data (its
    ``demonym`` field); a field listing two (``Bosnian,Herzegovinian``) gives both."""
    from countryinfo import CountryInfo  # reads its JSON files once (~0.1 s): imported when needed

    found: dict[str, set[str]] = {}
    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha3")
        for demonym in str(info.get("demonym") or "").split(","):
            folded = _fold(demonym)
            if code and folded:
                for form in (folded, folded if folded.endswith(("ese", "s", "x")) else folded + "s"):
                    found.setdefault(form, set()).add(str(code))
    return {form: frozenset(codes) for form, codes in found.items()}


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


@cache
def _real_names() -> list[str]:
    """Folded names of the name index without the invented countries of the test fixtures
    (``fixture_countries`` in countries-extra.yaml), which a misspelt name is never taken as
    nor pointed to; the shipped samples' Exampleland stays (``run`` stores it without
    ../shared)."""
    fixtures = set(cast(list[str], _extra().get("fixture_countries") or []))
    return [name for name, code in _name_index().items() if code not in fixtures]


def suggestions(name: str, limit: int = 3) -> list[str]:
    """English names of the real countries whose names come closest to ``name`` (best first)."""
    index = _name_index()
    close = difflib.get_close_matches(_fold(name), _real_names(), n=limit * 3, cutoff=0.75)
    names: list[str] = []
    for match in close:
        english = english_name(index[match])
        if english not in names:
            names.append(english)
    return names[:limit]


def find_country(name_or_code: str) -> Country | None:
    """The :class:`Country` an English or Russian name or an alpha-2/alpha-3 code names
    exactly (case, accents of NFKC forms and spacing aside), or ``None``. The lookup of
    :func:`resolve_country` without its error and its suggestions (a difflib pass over every
    known name: milliseconds per miss), for callers that try many texts that are no country."""
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
    return Country(name=english_name(code), iso3=code) if code is not None else None


def resolve_country(name_or_code: str, *, fuzzy: bool = False) -> Country:
    """A :class:`Country` from an English or Russian name, or an alpha-2/alpha-3 code.

    With ``fuzzy``, a name that nearly spells exactly one country (difflib ratio at least
    :data:`CLOSE_ENOUGH`) is taken as that country. Raises :class:`UnknownCountryError`
    when nothing matches; its message suggests the closest names ("did you mean …?").
    """
    text = name_or_code.strip()
    found = find_country(text)
    if found is not None:
        return found
    index = _name_index()
    code = None
    if fuzzy and text:
        scored = [(difflib.SequenceMatcher(None, _fold(text), known).ratio(), index[known]) for known in _real_names()]
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
