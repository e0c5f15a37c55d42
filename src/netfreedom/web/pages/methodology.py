"""``GET /methodology``: both methodology versions (categories, indicators, questions, status
bands), the two scale eras and the conversion rule, in the interface language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from netfreedom.methodology import CURRENT, LEGACY, Methodology, Scale, load_methodology
from netfreedom.model.scoring import status_label, to_current
from netfreedom.web.context import language_of, render
from netfreedom.web.i18n import N_
from netfreedom.web.views.labels import STATUS_ORDER, localized

router = APIRouter()

CONVERSION_RULES = (N_("reflect"),)
"""Names of conversion rules the methodology files use, as the page shows them (translated)."""


def era_rows(methodologies: list[Methodology], language: str) -> list[dict[str, Any]]:
    """One row per methodology for the table of scale eras: editions, direction, bands."""
    rows = []
    for methodology in methodologies:
        bands = {b.status: f"{b.min}–{b.max}" for b in methodology.bands}
        rows.append(
            {
                "id": methodology.id,
                "editions": (methodology.first_edition, methodology.last_edition),
                "higher_is_freer": methodology.scale.direction is Scale.HIGHER_IS_FREER,
                "bands": [(status_label(s, language), bands[s]) for s in STATUS_ORDER],
            }
        )
    return rows


@router.get("/methodology", response_class=HTMLResponse)
def methodology_page(request: Request) -> HTMLResponse:
    """Both methodology versions, the scale eras and the conversion rule."""
    language = language_of(request)
    methodologies = [load_methodology(CURRENT), load_methodology(LEGACY)]
    legacy = methodologies[1]
    example = 68
    return render(
        request,
        "methodology.html",
        {
            "methodologies": methodologies,
            "eras": era_rows(methodologies, language),
            "text": lambda texts: localized(texts, language),
            "status_label": lambda s: status_label(s, language),
            "example_legacy": example,
            "example_current": to_current(legacy, example, legacy.scale.max),
        },
    )
