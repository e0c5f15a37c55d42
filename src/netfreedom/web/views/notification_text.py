"""An inbox item's one-line message in the reader's language.

A notification stored since migration 0017 carries its message as a template (an English
message id, :mod:`netfreedom.services.notifications`) and values; :func:`notification_text`
translates the template (``inbox.po``) and fills it in: the workflow's action and stage labels
in the reader's language, the country's name from ISO 3166 (pycountry), language codes by name
(CLDR), who acted as :meth:`~netfreedom.web.i18n.Translator.person` shows them (a blind label
translated, an account name kept), and identifiers (edition, indicator and part ids) kept as
content. An older item has no template: ``None``, and the page shows its English text as stored.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from netfreedom.model.notifications import Notification, NotificationKind
from netfreedom.web.i18n import N_, Translator, keep

__all__ = ["KIND_LABELS", "kind_label", "notification_text"]

KIND_LABELS = {
    NotificationKind.WORK_ARRIVED: N_("Work arrived for you"),
    NotificationKind.THREAD_MOVED: N_("A thread you are in moved"),
    NotificationKind.TRANSLATION_STALE: N_("Your translation fell behind its original"),
}
"""What each kind of notification says, as a message id."""


def kind_label(kind: NotificationKind, words: Translator) -> str:
    """What a notification of ``kind`` is, in ``words``' language."""
    return words.gettext(KIND_LABELS.get(kind, N_("Notification")))


def _value(name: str, value: Any, raw: dict[str, Any], words: Translator) -> Any:
    if isinstance(value, dict):  # a label by language
        return str(value.get(words.language) or value.get("en") or next(iter(value.values()), ""))
    if name == "country":
        return words.country(str(raw.get("iso3") or ""), fallback=str(value))
    if name in ("language", "original_language"):
        return words.language_name(str(value))
    if name == "actor":
        return words.person(str(value))
    return keep(value)


def notification_text(item: Notification, words: Translator) -> Markup | None:
    """``item``'s message in ``words``' language (markup: kept values are marked
    ``translate="no"``), or ``None`` for an item stored without a template."""
    if not item.template:
        return None
    raw = item.template_values
    values = {name: _value(name, value, raw, words) for name, value in raw.items() if name != "iso3"}
    return Markup(escape(words.gettext(item.template, **values)))
