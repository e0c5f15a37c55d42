"""Checks the JSON API applies to its query parameters beyond their types, so that a wrong
name is an error in the one shape and never an empty ``200 []``.

* :func:`single_valued_parameters` (a dependency of every ``/api/v1`` router): no route takes
  a parameter twice (lists are comma-separated: ``countries=KAZ,RUS``), so ``?country=KAZ&
  country=RUS`` is refused instead of silently answering for the last value only.
* :func:`checked_edition`: a year in which no Freedom on the Net edition was published
  (before the 2009 pilot, 2010, after next year: :func:`netfreedom.methodology.edition_problem`).
* :func:`checked_language`: a code that is no language (``zz``); a real language of which
  nothing is stored (``fr``) still answers an empty list.

Every refusal is ``ApiError(400, "invalid_parameter")`` naming the parameter.
"""

from __future__ import annotations

from functools import cache

from fastapi import Request

from netfreedom.methodology import edition_problem
from netfreedom.web.errors import ApiError

__all__ = ["checked_edition", "checked_language", "known_language", "single_valued_parameters"]


def single_valued_parameters(request: Request) -> None:
    """Refuse a request that gives any query parameter more than once (400, naming it)."""
    counts: dict[str, int] = {}
    for key, _ in request.query_params.multi_items():
        counts[key] = counts.get(key, 0) + 1
    repeated = [f"{key!r} ({count} times)" for key, count in counts.items() if count > 1]
    if repeated:
        raise ApiError(
            400,
            "invalid_parameter",
            f"parameter {', '.join(repeated)} given more than once: give each once "
            "(several values are comma-separated, as in countries=KAZ,RUS)",
        )


def checked_edition(edition: int | None, name: str = "edition") -> int | None:
    """``edition`` when a Freedom on the Net edition may carry that year (or ``None``);
    else ``ApiError(400, "invalid_parameter")`` saying why (``there was no 2010 edition``)."""
    if edition is not None and (problem := edition_problem(edition)) is not None:
        raise ApiError(400, "invalid_parameter", f"{name}: {problem}")
    return edition


@cache
def _language_codes() -> frozenset[str]:
    """ISO 639 codes CLDR knows (two- and three-letter, with their aliases), via Babel."""
    from babel import Locale
    from babel.core import get_global

    aliases = get_global("language_aliases")
    return frozenset(code for code in (*Locale("en").languages, *aliases) if "_" not in code)


def known_language(code: str) -> bool:
    """True when ``code`` (lower case) is a language code CLDR knows (``en``, ``kk``, ``rus``)."""
    return code in _language_codes()


def checked_language(language: str | None, name: str = "language") -> str | None:
    """``language`` when it is a language code (or ``None``/blank: no filter); else
    ``ApiError(400, "invalid_parameter")`` naming it."""
    if language is None or not language.strip():
        return None
    if not known_language(language.strip()):
        raise ApiError(
            400, "invalid_parameter", f"{name}: {language!r} is not a language code (ISO 639, such as en or ru)"
        )
    return language.strip()
