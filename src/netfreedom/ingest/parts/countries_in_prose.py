"""Countries a page's prose names, for a page whose title line is lost (ingest/parts/identity.py
decides from them): English names, Russian names in any of their six cases, and the peoples
named (demonyms), each found in one pass over the words."""

from __future__ import annotations

import re
from functools import cache

from netfreedom.errors import UnknownCountryError
from netfreedom.model.assessment import Country
from netfreedom.model.countries import demonyms, known_names, resolve_country, russian_case_forms

_WORD = re.compile(r"[^\W\d_]+")
_LONGEST_NAME_WORDS = 4


@cache
def _names() -> dict[str, int]:
    """Folded country name -> its number of words (names of 4+ letters, up to 4 words)."""
    names = {}
    for name in known_names():
        words = _WORD.findall(name)
        if len(words) <= _LONGEST_NAME_WORDS and len("".join(words)) >= 4:
            names[" ".join(words)] = len(words)
    return names


@cache
def _russian_forms() -> dict[str, tuple[int, Country]]:
    """Russian country names in their six cases -> (number of words, country); built on the
    first Cyrillic capitalised word met (pymorphy3, about 0.7 s once)."""
    return {form: (len(form.split()), resolve_country(code)) for form, code in russian_case_forms().items()}


def _is_cyrillic(word: str) -> bool:
    return "а" <= word[0] <= "я" or word[0] == "ё"


def resolve_name(name: str, *, fuzzy: bool = False) -> Country | None:
    """The country ``name`` (English or Russian, nominative) names, ``None`` when none; with
    ``fuzzy``, a near spelling of one country (:func:`~netfreedom.model.countries.resolve_country`)."""
    if not fuzzy and " ".join(_WORD.findall(name.casefold())) not in _names():
        return None  # spares resolve_country's "did you mean" search
    try:
        return resolve_country(" ".join(name.split()), fuzzy=fuzzy)
    except UnknownCountryError:
        return None


def countries_named(text: str) -> list[Country]:
    """Every country named in ``text`` (English names; Russian names in any of their six cases,
    ``в Казахстане``; the longest name wins at each word), in order, repeats kept. One pass
    over the words. A name is a proper noun: its first word must start with a capital letter,
    so a common word spelled like a country (``turkey``, ``chad``) names none; a Russian form
    that is almost always a common word (``Того``, the pronoun at a sentence's start) names
    none either (:func:`~netfreedom.model.countries.russian_case_forms`)."""
    names = _names()
    printed = _WORD.findall(text)
    words = [word.casefold() for word in printed]
    found = []
    index = 0
    while index < len(words):
        if not printed[index][0].isupper():
            index += 1
            continue
        if _is_cyrillic(words[index]):
            forms = _russian_forms()
            for size in range(_LONGEST_NAME_WORDS, 0, -1):
                hit = forms.get(" ".join(words[index : index + size]).replace("ё", "е"))
                if hit is not None and hit[0] == size:
                    found.append(hit[1])
                    index += size
                    break
            else:
                index += 1
            continue
        for size in range(_LONGEST_NAME_WORDS, 0, -1):
            candidate = " ".join(words[index : index + size])
            if names.get(candidate) == size and (country := resolve_name(candidate)) is not None:
                found.append(country)
                index += size
                break
        else:
            index += 1
    return found


def outweighed(country: Country, named: list[Country], head: str) -> str | None:
    """The demonym that outweighs ``country`` (the opening prose's pick), else ``None``: each
    country's evidence is how often the prose names it plus how often it names its people
    (``Russians``; :func:`~netfreedom.model.countries.demonyms`), and another country's
    evidence above ``country``'s means the prose is about that one, or cannot be told (a tie
    is no such sign: ``a Chinese company`` beside one ``Zimbabwe``)."""
    evidence: dict[str, int] = {}
    for other in named:
        evidence[other.iso3] = evidence.get(other.iso3, 0) + 1
    printed: dict[str, str] = {}
    for codes, demonym in demonyms_named(head):
        for code in codes:
            evidence[code] = evidence.get(code, 0) + 1
            printed.setdefault(code, demonym)
    own = evidence[country.iso3]
    return next((printed[code] for code, count in evidence.items() if code != country.iso3 and count > own), None)


_LONGEST_DEMONYM_WORDS = 3


def demonyms_named(text: str) -> list[tuple[frozenset[str], str]]:
    """Each people ``text`` names (``Russians``, ``South Korean``; capitalised, the longest
    demonym wins at each word), in order: (ISO alpha-3 codes of the countries it may be of,
    the demonym as printed)."""
    known = demonyms()
    printed = _WORD.findall(text)
    found = []
    index = 0
    while index < len(printed):
        if printed[index][0].isupper() and not _is_cyrillic(printed[index].casefold()):
            for size in range(_LONGEST_DEMONYM_WORDS, 0, -1):
                codes = known.get(" ".join(printed[index : index + size]).casefold())
                if codes is not None:
                    found.append((codes, " ".join(printed[index : index + size])))
                    index += size
                    break
            else:
                index += 1
        else:
            index += 1
    return found
