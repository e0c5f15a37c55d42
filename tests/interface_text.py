"""The interface text of a page, and the English words left in it.

A page mixes interface text (labels, headings, messages: ours to translate) with the report's
own content (narrative, names, quoted values, file names: never translated). Templates mark the
report's content with the standard HTML attribute ``translate="no"`` on the element that holds
it (and ``translate="yes"`` on interface text inside it, as HTML inherits the attribute);
:func:`interface_text` keeps every text node outside such elements, outside ``<script>``,
``<style>`` and ``<code>`` (computer code: routes, rule ids, parameter names), plus the
attributes a reader meets (``title``, ``alt``, ``aria-label``, ``placeholder``, the ``value`` of a
button). :func:`english_words` then lists every Latin-script word that is not on the short,
documented list of :data:`ALLOWED` words and patterns.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED_WORDS = frozenset(
    {
        "netfreedom",  # the product's name
        "Markdown",  # the name of the text format of narratives
        "OpenAPI",  # the name of the API description format
        "Bearer",  # the HTTP authorization scheme, typed as is
        "otpauth",  # the URI scheme of authenticator apps
        "px",  # CSS pixels
    }
)
"""Latin-script words allowed in Russian interface text: names that are never translated."""

ALLOWED_PATTERNS = (
    re.compile(r"[A-Z]{2,5}(?:-\d+)?s?"),  # acronyms and codes: FOTN, API, CSV, JSON, XLSX, PDF, KAZ, RU, SHA-256
    re.compile(r"[A-Z]\d{0,2}"),  # category and indicator ids (B, A3, C8) and single-letter variables (v, m)
    re.compile(r"[a-z]"),
    re.compile(r"fotn-[a-z0-9]+"),  # methodology ids (fotn-2019, fotn-legacy)
    re.compile(r"[a-z]+(?:_[a-z]+)+"),  # machine field names written as such (source_kind)
)
"""Patterns a whole Latin-script word may match and still be allowed (see each comment)."""

PENDING = {
    "notification-text": "an inbox item's subject and body are rendered once, in English, when the event happens "
    "(the text of its e-mail, shown as sent); the inbox page gives its kind, draft, indicator and its one-line "
    "message (a template plus values) in the interface language",
    "api-description": "a route description (docstring) changed since its Russian translation was written; "
    "tests/test_api_reference.py lists them",
}
"""Interface text known to be left in English, by the ``data-untranslated`` value that marks
it on the page, with why. Only what is marked so, and listed here, is left out."""

_SKIPPED = {"script", "style", "code", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_READ_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’_][A-Za-z0-9]+)*")
_URL = re.compile(r"(?:https?://|/)[^\s\"'<>]*")
_FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|json|xlsx|zip|txt|pdf|yaml)\b")
_COMMAND = re.compile(
    r"\b(?:netfreedom|frictionless)(?: --?[a-z][a-z-]*| (?:show|check|ingest|export|history|methodology|serve|validate)\b)+"
)
ALLOWED_NAMES = ("Freedom House", "Frictionless Data", "Frictionless", "Excel")
"""Names of organisations, specifications and programs, kept as they are written."""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped here or above)
        self.chunks: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = tag in _SKIPPED or values.get("translate") == "no" or values.get("data-untranslated") in PENDING
        if not skip and values.get("translate") != "yes":  # translate="yes" brings interface text back
            skip = self._skipping()
        if not skip:
            for name in _READ_ATTRIBUTES:
                if values.get(name):
                    self.chunks.append(str(values[name]))
            if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
                self.chunks.append(str(values["value"]))
        if tag not in _VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._skipping() and data.strip():
            self.chunks.append(data)


def interface_text(html: str) -> list[str]:
    """The interface text chunks of ``html`` (see the module docstring), in page order."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.chunks


def allowed(word: str) -> bool:
    """Whether a Latin-script ``word`` may stand in Russian interface text."""
    return word in ALLOWED_WORDS or any(p.fullmatch(word) for p in ALLOWED_PATTERNS)


def english_words(chunks: list[str]) -> list[str]:
    """Each chunk holding a Latin-script word that is not :func:`allowed`, as
        ``"word: …context…"`` (links, paths, file names and the commands of netfreedom and
    frictionless written as text are left out, as are :data:`ALLOWED_NAMES`)."""
    left = []
    for chunk in chunks:
        text = " ".join(chunk.split())
        bare = _COMMAND.sub(" ", _FILE_NAME.sub(" ", _URL.sub(" ", text)))
        for name in ALLOWED_NAMES:
            bare = bare.replace(name, " ")
        for word in _WORD.findall(bare):
            if not allowed(word):
                left.append(f"{word}: {text[:120]}")
                break
    return left
