"""Error pages and refusals in the reader's language.

The library's errors carry an English template and its values (``NetfreedomError.template``,
``.values``; :mod:`netfreedom.errors`); the JSON API and the CLI send the English line they
make, for scripts. A page shows instead:

- a heading per HTTP status (:func:`status_heading`), always in the interface language;
- the message translated (:func:`translated_message`): the template looked up in the
  catalogue (``errors.po``) and filled with the values, each kept as content with
  :func:`~netfreedom.web.i18n.keep` (identifiers, numbers, codes: never translated);
- otherwise, in a language other than English, the English line marked ``lang="en"`` after a
  translated lead-in saying it is the server's message: ``data-untranslated="service-message"``
  for a plain message (raised without values, not in the catalogue),
  ``data-untranslated="service-template"`` for a template with values that has no translation.
  Both are mistakes on a Russian page: the Russian interface tests fail on either (neither is
  excused by ``tests/interface_text.py`` since session 8), ``tests/test_russian_interface.py``
  fails on any marked template without Russian, and ``tests/test_error_templates.py`` on an error
  built from a plain line in the layers pages call.

A value that is itself a message is translated too (:func:`shown_value`): a
:class:`~netfreedom.errors.Phrase` by its template, a :class:`~netfreedom.errors.Listing` item
by item (a finding as the finding lists show it: its location and its message in the reader's
language); one without a translation is the English text marked ``service-template``.

Names of people never appear in the translated lines: where the English line names the
account that acted (the ``account`` value), the translation says "you" (it is always the
reader's own account).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from netfreedom.errors import Listing, NetfreedomError, Phrase
from netfreedom.model.assessment import Finding
from netfreedom.web.i18n import N_, Translator, keep, translator
from netfreedom.web.views.findings import finding_message, location_label

__all__ = ["STATUS_HEADINGS", "shown_value", "status_heading", "told", "translated_message"]

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


_CYRILLIC = re.compile("[А-Яа-яЁё]")
PLAIN = "service-message"
"""``data-untranslated`` of a plain English message (no template values, no translation)."""
UNTRANSLATED_TEMPLATE = "service-template"
"""``data-untranslated`` of a template with values that has no translation (never expected)."""


def translated_message(
    message: str, words: Translator, template: str | None = None, values: dict[str, object] | None = None
) -> tuple[str | Markup | None, str]:
    """``(translation, marker)`` of the English line ``message`` in ``words``' language:
    ``message`` itself in English (or when it is already Russian: pages raise translated
    messages); else ``template`` translated and filled with ``values`` (each kept as content)
    when the catalogue holds it; else ``None`` and the ``data-untranslated`` marker the page
    puts on the English line (:data:`PLAIN` or :data:`UNTRANSLATED_TEMPLATE`)."""
    values = values or {}
    if words.language == "en" or (words.language == "ru" and _CYRILLIC.search(message)):
        return message, PLAIN
    if template and words.has(template):
        if not values:
            return words.gettext(template), PLAIN
        return Markup(escape(words.gettext(template))).format(**_shown(values, words)), PLAIN
    return None, UNTRANSLATED_TEMPLATE if values else PLAIN


def _shown(values: dict[str, object], words: Translator) -> dict[str, Markup]:
    return {name: shown_value(value, words) for name, value in values.items()}


def shown_value(value: object, words: Translator) -> Markup:
    """A message value as a page shows it in ``words``' language: a :class:`Phrase` translated
    (its values shown so in turn), a :class:`Listing` item by item with its separator
    translated, a ``Finding`` as ``location: message`` (:mod:`netfreedom.web.views.findings`),
    anything else kept as content (:func:`~netfreedom.web.i18n.keep`). A phrase without a
    translation is its English text marked ``lang="en" data-untranslated="service-template"``."""
    if isinstance(value, Phrase):
        if not words.has(value.template):
            return Markup('<span lang="en" data-untranslated="{}">{}</span>').format(UNTRANSLATED_TEMPLATE, value)
        if not value.values:
            return Markup(escape(words.gettext(value.template)))
        return Markup(escape(words.gettext(value.template))).format(**_shown(value.values, words))
    if isinstance(value, Listing):
        separator = words.gettext(value.separator) if words.has(value.separator) else value.separator
        return Markup(escape(separator)).join(shown_value(item, words) for item in value.items)
    if isinstance(value, Finding):
        return Markup("{}: {}").format(location_label(value.location, words), finding_message(value, words))
    return keep(value)


def told(error: NetfreedomError, language: str) -> Markup:
    """A refused save or action on a form page (``refused``, ``problem``) in ``language``: the
    error's template translated with its values, else its English line in a ``lang="en"``
    span with the ``data-untranslated`` marker :func:`translated_message` gives."""
    message = str(error)
    translated, marker = translated_message(message, translator(language), error.template, error.values)
    if translated is not None:
        return Markup(escape(translated))
    return Markup('<span lang="en" data-untranslated="{}">{}</span>').format(marker, message)
