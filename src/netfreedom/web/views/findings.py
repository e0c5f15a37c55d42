"""Findings of the checks as pages show them, in the interface language.

A finding's ``location`` is an indicator id (shown as it is), ``category:X`` or one of the
section words below (translated). Its ``message`` is English text built by the rule; a page
shows the translation when the catalogue has the message, else the English text marked
``lang="en"`` and ``data-untranslated="finding-message"`` (see :func:`finding_message`) so a
reader, and the test of the Russian interface, can tell.
"""

from __future__ import annotations

from markupsafe import Markup

from netfreedom.model.assessment import Finding
from netfreedom.web.i18n import N_, Translator

__all__ = ["LOCATION_WORDS", "finding_message", "location_label"]

LOCATION_WORDS = {
    word: word
    for word in (
        N_("total"),
        N_("status"),
        N_("overview"),
        N_("key-developments"),
        N_("sidebar"),
        N_("footnotes"),
        N_("report"),
        N_("previous"),
        N_("coverage"),
    )
}
"""Section words a finding's location may be (``Finding`` docstring), as message ids."""


def location_label(location: str, words: Translator) -> str:
    """``location`` in the interface language: ``A3`` stays, ``category:B`` is "category B",
    a section word is translated, anything else is shown as it is."""
    if location.startswith("category:"):
        return words.gettext("category {id}", id=location.partition(":")[2])
    if location in LOCATION_WORDS:
        return words.gettext(location)
    return location


def finding_message(finding: Finding, words: Translator) -> Markup:
    """The finding's message as markup: translated, or the English text in a span marked
    ``lang="en" data-untranslated="finding-message"``."""
    text = words.gettext(finding.message)
    if words.language == "en" or text != finding.message:
        return Markup("{}").format(text)
    return Markup('<span lang="en" data-untranslated="finding-message">{}</span>').format(text)
