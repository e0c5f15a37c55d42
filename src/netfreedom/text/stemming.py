"""Search stems of words: Snowball ``russian`` for Cyrillic words, ``english`` otherwise.

The same function stems what is indexed and what is asked, so every form of a word
(``блокировка``, ``блокировок``, ``блокировки``) meets the same stem. Snowball keeps the
fleeting vowel of the genitive plural of nouns in ``-ка`` (``блокировок`` -> ``блокировок``
while ``блокировка`` -> ``блокировк``), so a Russian stem ending in consonant + ``о``/``е``
+ ``к`` drops that vowel (``блокировк``). Both sides get the same rule, so matching stays
consistent; changing it needs the index rebuilt (migration 0007).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

WORD = re.compile(r"[^\W_]+")
"""A word: a run of letters and digits."""

_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_FLEETING_VOWEL = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])[ое](?=к$)")

_stemmers = threading.local()  # Snowball stemmer objects keep state: one set per thread


def _stemmer(language: str) -> Any:
    found = getattr(_stemmers, language, None)
    if found is None:
        found = snowballstemmer.stemmer(language)
        setattr(_stemmers, language, found)
    return found


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The search stem of one word: lower-cased (``ё`` as ``е``), then Snowball ``russian``
    when it has a Cyrillic letter, else ``english``; an ASCII word with digits (``2022``,
    ``tele2``) comes back lower-cased only."""
    lowered = word.lower().replace("ё", "е")
    if _CYRILLIC.search(lowered):
        stemmed = str(_stemmer("russian").stemWord(lowered))
        return _FLEETING_VOWEL.sub("", stemmed) if len(stemmed) > 4 else stemmed
    if lowered.isascii() and not lowered.isalpha():
        return lowered
    return str(_stemmer("english").stemWord(lowered))


def stems_of(words_text: str) -> list[str]:
    """The stems of the words of ``words_text``, in order (words: runs of letters/digits)."""
    return [stem(match.group()) for match in WORD.finditer(words_text)]
