"""Error pages and refusals in the reader's language.

The library's errors carry one English line (``NetfreedomError`` messages, Starlette's
``Not Found``): the JSON API sends it as it is, for scripts. A page shows instead:

- a heading per HTTP status (:func:`status_heading`), always in the interface language;
- the message translated (:func:`translated_message`) when it is one of the known kinds,
  matched by :data:`PATTERNS` (each a message id of ``errors.po``; the values taken from the
  English line, identifiers kept as content with :func:`~netfreedom.web.i18n.keep`);
- otherwise, in a language other than English, the English line marked
  ``lang="en" data-untranslated="service-message"`` after a translated lead-in saying it is
  the server's message (see ``tests/interface_text.py``).

Names of people never appear in the translated lines: where the English line names the
account that acted, the page says "you" (it is always the reader's own account).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

from netfreedom.web.i18n import N_, Translator, keep

__all__ = ["PATTERNS", "STATUS_HEADINGS", "status_heading", "translated_message"]

STATUS_HEADINGS: dict[int, str] = {
    400: N_("The request is not valid"),
    401: N_("Sign-in needed"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("This address does not take this kind of request"),
    406: N_("This format is not available"),
    409: N_("Conflict with the stored version"),
    413: N_("The request is too large"),
    422: N_("This cannot be done now"),
    429: N_("Too many attempts"),
    500: N_("Something went wrong on our side"),
}
"""Heading of an error page by HTTP status (message ids); others get "Error"."""


def status_heading(status: int, words: Translator) -> str:
    """The page heading for ``status`` in ``words``' language."""
    return words.gettext(STATUS_HEADINGS.get(status, N_("Error")))


def _ids(*names: str) -> Callable[[re.Match[str]], dict[str, object]]:
    """Values of a pattern: its groups by name, each kept as content (not translated)."""

    def values(match: re.Match[str]) -> dict[str, object]:
        return {name: keep(match.group(name)) for name in names}

    return values


_CYRILLIC = re.compile("[А-Яа-яЁё]")
_NONE = _ids()
PATTERNS: tuple[tuple[re.Pattern[str], str, Callable[[re.Match[str]], dict[str, object]]], ...] = (
    (re.compile(r"Not Found"), N_("There is nothing at this address."), _NONE),
    (re.compile(r"Method Not Allowed"), N_("This address does not take this kind of request."), _NONE),
    (
        re.compile(r"form or request without a valid CSRF token.*"),
        N_("The form was sent without a valid security token: reload the page and try again."),
        _NONE,
    ),
    (re.compile(r"sign in first.*"), N_("Sign in first."), _NONE),
    (
        re.compile(r"invalid, expired or revoked credentials"),
        N_("The credentials are invalid, expired or revoked."),
        _NONE,
    ),
    (
        re.compile(r"your role does not allow this \((?P<permissions>[^)]*)\)"),
        N_("Your role does not allow this (permission {permissions})."),
        _ids("permissions"),
    ),
    (re.compile(r"(?P<doing>.+) needs the editor or admin role"), N_("This needs the editor or admin role."), _NONE),
    (re.compile(r"internal error"), N_("Internal error: it has been logged."), _NONE),
    (re.compile(r"a number in the request is out of range"), N_("A number in the request is out of range."), _NONE),
    (re.compile(r"no draft (?P<id>\d+)"), N_("There is no draft {id}."), _ids("id")),
    (re.compile(r"draft (?P<id>\d+) is not assigned to .+"), N_("Draft {id} is not assigned to you."), _ids("id")),
    (
        re.compile(r".+ may not edit draft (?P<id>\d+) in stage (?P<stage>\S+)"),
        N_("You may not edit draft {id} in its stage ({stage})."),
        _ids("id", "stage"),
    ),
    (
        re.compile(r".+ may not comment on draft (?P<id>\d+) in stage (?P<stage>\S+)"),
        N_("You may not comment on draft {id} in its stage ({stage})."),
        _ids("id", "stage"),
    ),
    (
        re.compile(r".+ may not (?P<action>\S+) draft (?P<id>\d+)"),
        N_("You may not take the action {action} on draft {id}."),
        _ids("action", "id"),
    ),
    (
        re.compile(r"draft (?P<id>\d+) has no indicator (?P<indicator>\S+)"),
        N_("Draft {id} has no indicator {indicator}."),
        _ids("id", "indicator"),
    ),
    (
        re.compile(r"draft (?P<id>\d+) has no earlier report to compare with"),
        N_("Draft {id} has no earlier report to compare with."),
        _ids("id"),
    ),
    (
        re.compile(r"draft (?P<id>\d+) has no thread (?P<thread>\d+)"),
        N_("Draft {id} has no thread {thread}."),
        _ids("id", "thread"),
    ),
    (re.compile(r"no thread (?P<thread>\d+)"), N_("There is no thread {thread}."), _ids("thread")),
    (re.compile(r"no translation (?P<id>\d+)"), N_("There is no translation {id}."), _ids("id")),
    (
        re.compile(r"draft (?P<id>\d+) has no (?P<language>\w+) translation"),
        N_("Draft {id} has no translation into {language}."),
        _ids("id", "language"),
    ),
    (
        re.compile(r"edition (?P<edition>\d+) is not open for writing.*"),
        N_("Edition {edition} is not open for writing."),
        _ids("edition"),
    ),
    (
        re.compile(r"no (?P<edition>\d+) edition of the report on (?P<iso3>\w+) is stored"),
        N_("No {edition} edition of the report on {iso3} is stored."),
        _ids("edition", "iso3"),
    ),
    (re.compile(r"no such edition"), N_("There is no such edition."), _NONE),
    (re.compile(r"no notification (?P<id>\d+)"), N_("There is no notification {id} in your inbox."), _ids("id")),
)
"""Known English error lines (whole-line regular expressions) and their message ids."""


def translated_message(message: str, words: Translator) -> str | Markup | None:
    """``message`` in ``words``' language: itself in English; else the translation of the
    first of :data:`PATTERNS` matching the whole line; ``None`` when none does (the caller
    shows the English line marked as the server's)."""
    if words.language == "en" or (words.language == "ru" and _CYRILLIC.search(message)):
        return message  # already in the interface language (pages raise translated messages)
    for pattern, message_id, values in PATTERNS:
        match = pattern.fullmatch(message.strip())
        if match:
            return words.gettext(message_id, **values(match))
    return None
