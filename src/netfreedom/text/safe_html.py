"""The one HTML sanitizer for markup the site builds itself (nh3).

Narratives, snippets and redlines are escaped text with a few tags added by our own code;
:func:`clean_html` passes them through nh3 allowing only those tags (defence in depth), at
write time for the stored narrative (:mod:`netfreedom.text.narrative`) and at request time
for the rest (:func:`netfreedom.web.security.sanitize`).
"""

from __future__ import annotations

import nh3

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "clean_html"]

ALLOWED_TAGS = {"a", "sup", "mark", "span", "em", "strong", "del", "ins", "br"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "class", "title", "id"},
    "sup": {"class", "id"},
    "span": {"class"},
    "mark": {"class"},
    "del": {"class"},
    "ins": {"class"},
}


def clean_html(html: str) -> str:
    """``html`` cleaned to :data:`ALLOWED_TAGS` and :data:`ALLOWED_ATTRIBUTES`; links keep
    only relative or http(s) targets and get ``rel="noopener noreferrer"``."""
    cleaned: str = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
    )
    return cleaned
