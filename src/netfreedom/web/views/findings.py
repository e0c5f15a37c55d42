"""Findings of the checks as pages show them, in the interface language.

A finding's ``location`` is an indicator id (shown as it is), ``category:X`` or one of the
section words below (translated). Its ``message`` is English text built by the rule from a
``template`` (a gettext message id) and ``values``; a page shows the template's translation
filled with the values, else the English text marked ``lang="en"`` and
``data-untranslated="finding-message"`` (see :func:`finding_message`) so a reader, and the test
of the Russian interface, can tell.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from netfreedom.methodology import CURRENT, Status, load_methodology
from netfreedom.model.assessment import Finding, MessageValue
from netfreedom.model.scoring import status_label
from netfreedom.web.i18n import N_, Translator, keep

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


def _value(name: str, value: MessageValue, words: Translator) -> MessageValue | Markup:
    """A template value as shown: status labels and key internet controls in the interface
    language, anything else (numbers, ids, quoted report text, file names) kept as content."""
    if isinstance(value, str) and (name == "status" or name.endswith("_status")):
        try:
            return status_label(Status(value), words.language)
        except ValueError:
            return keep(value)
    if name == "control_label" and isinstance(value, str):
        return value
    if isinstance(value, str):
        return keep(value)
    return value


def finding_message(finding: Finding, words: Translator, controls: dict[str, str] | None = None) -> Markup:
    """The finding's message as markup in the interface language: its ``template``
    translated and filled with its ``values`` (see :func:`_value`; a ``control`` id gives
    ``control_label`` in the interface language); a finding without a template (stored by an
    older version) is looked up by its message. Untranslated: the English text in a span marked
    ``lang="en" data-untranslated="finding-message"``."""
    template = finding.template or finding.message
    translated = words.gettext(template) if template else template
    if words.language != "en" and translated == template:
        return Markup('<span lang="en" data-untranslated="finding-message">{}</span>').format(finding.message)
    if finding.template is None:
        return Markup("{}").format(translated)
    values = {name: _value(name, value, words) for name, value in finding.values.items()}
    control = finding.values.get("control")
    if isinstance(control, str):
        values["control_label"] = _control_label(control, words.language, str(finding.values.get("control_label")))
    try:
        return Markup(escape(translated)).format(**values)
    except (KeyError, IndexError, ValueError):  # a translation naming a value the finding lacks
        return Markup('<span lang="en" data-untranslated="finding-message">{}</span>').format(finding.message)


def _control_label(control: str, language: str, fallback: str) -> str:
    for spec in load_methodology(CURRENT).key_internet_controls:
        if spec.id == control:
            return spec.label.get(language) or spec.label.get("en") or fallback
    return fallback
