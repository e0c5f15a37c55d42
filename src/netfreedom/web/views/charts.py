"""Score history of one country as an SVG chart, drawn on the server.

:func:`series_points` turns the store's time series (``Store.series``: reports and score
datasets, the best-supported value per edition) into one point per edition with every score
on the current (higher-is-freer) scale; :func:`history_points` does the same from the stored
assessments' summaries alone; :func:`history_spec` describes the chart in
Vega-Lite (total and categories A/B/C per edition, a rule where the scale changed in 2019);
:func:`history_svg` renders it with vl-convert (no browser, no network) and makes the SVG
safe to inline under the site's Content-Security-Policy (no ``<style>``, no ``style=``, no
scripts or event handlers).
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import vl_convert
from markupsafe import Markup

from netfreedom.methodology import CURRENT, load_methodology, methodology_for_scale
from netfreedom.model.scoring import scale_to_current
from netfreedom.store import AssessmentSummary, SeriesPoint

__all__ = ["HistoryPoint", "csp_safe_svg", "history_points", "history_spec", "history_svg", "series_points"]

SERIES_COLOURS = ("#1d1d1f", "#1558b0", "#c62828", "#2e7d32")
"""Line colours of total, A, B, C (lines also differ by dash pattern)."""

SERIES_DASHES = ((1, 0), (6, 3), (2, 2), (8, 3, 2, 3))

SOURCE_SHAPES = {"report": "circle", "table": "square", "news": "triangle-up"}
"""Marker shape of a total by its scorecard's source kind."""

_render_lock = threading.Lock()


@dataclass(frozen=True)
class HistoryPoint:
    """Scores of one edition on the current scale (0-100, higher is freer).

    ``categories`` maps category id to its score (``None`` when not printed);
    ``converted`` is True when the edition was published on the legacy scale and its
    values were reflected (``max - value``). ``sources`` names where the values came from
    (file names, in field order: total first), when known.
    """

    edition: int
    total: int | None
    categories: Mapping[str, int | None] = field(default_factory=dict)
    converted: bool = False
    sources: tuple[str, ...] = ()


def _convert(summary: AssessmentSummary, value: int | None, maximum: int) -> int | None:
    return scale_to_current(summary.scale, value, maximum)  # a value outside the scale: None, not drawn


def history_points(summaries: Iterable[AssessmentSummary]) -> list[HistoryPoint]:
    """One :class:`HistoryPoint` per edition, oldest first.

    When an edition is stored in several languages, the first summary with a total is
    used (translations carry the same scores). Category maxima are the methodology's;
    categories it does not know are left out.
    """
    chosen: dict[int, AssessmentSummary] = {}
    for summary in summaries:
        held = chosen.get(summary.edition)
        if held is None or (held.total is None and summary.total is not None):
            chosen[summary.edition] = summary
    points = []
    for edition in sorted(chosen):
        summary = chosen[edition]
        methodology = methodology_for_scale(summary.scale)
        categories: dict[str, int | None] = {}
        for category in methodology.categories:
            if category.id in summary.categories:
                categories[category.id] = _convert(summary, summary.categories[category.id], category.max)
        points.append(
            HistoryPoint(
                edition=edition,
                total=_convert(summary, summary.total, methodology.scale.max),
                categories=categories,
                converted=methodology.id != CURRENT,
            )
        )
    return points


def series_points(series: Iterable[SeriesPoint]) -> list[HistoryPoint]:
    """One :class:`HistoryPoint` per point of a ``Store.series`` time series with a total or
    a category score, in its order (oldest first); values are already on the current scale.
    ``converted`` marks editions with any value reflected from the legacy scale."""
    points = []
    for point in series:
        chosen = [o for o in (point.total, *point.categories.values()) if o is not None]
        if not chosen:
            continue
        points.append(
            HistoryPoint(
                edition=point.edition,
                total=point.total.current_value if point.total is not None else None,
                categories={key: o.current_value for key, o in sorted(point.categories.items())},
                converted=point.converted,
                sources=tuple(dict.fromkeys(o.source_name for o in chosen)),
            )
        )
    return points


def history_spec(points: Iterable[HistoryPoint], labels: Mapping[str, str]) -> dict[str, Any]:
    """The Vega-Lite spec of the history chart.

    ``labels`` names the series and axes: keys ``total``, ``A``, ``B``, ``C`` (series),
    ``edition``, ``score`` (axis titles), ``scale_change`` (label of the rule) and
    ``description`` (text alternative); ``kind.report``, ``kind.table``, ``kind.news`` name
    the source kinds, ``source`` their legend and ``converted`` the mark of converted values.
    The x domain always reaches the 2019 scale change so the rule is visible. When points
    carry their source kind (``sources[0]``, from scorecards), each total is marked by its
    kind's shape (circle: report, square: table, triangle: news), hollow when its values
    were converted from the legacy scale.
    """
    points = list(points)
    rows: list[dict[str, Any]] = []
    order = ["total", *sorted({c for p in points for c in p.categories})]
    for point in points:
        values = {"total": point.total, **point.categories}
        for key in order:
            if values.get(key) is not None:
                rows.append({"edition": point.edition, "series": labels.get(key, key), "score": values[key]})
    # Each run of consecutive editions is its own line piece (the "piece" detail channel),
    # so no straight segment crosses editions for which nothing was published.
    rows.sort(key=lambda row: (row["series"], row["edition"]))
    piece, previous = 0, None
    for row in rows:
        if previous is None or previous["series"] != row["series"] or row["edition"] - previous["edition"] > 1:
            piece += 1
        row["piece"] = piece
        previous = row
    change = load_methodology(CURRENT).first_edition
    editions = [p.edition for p in points] or [change]
    domain = [min(min(editions), change - 1) - 0.5, max(max(editions), change) + 0.5]
    series = [labels.get(key, key) for key in order]
    rule_at = change - 0.5
    x_axis = {
        "field": "edition",
        "type": "quantitative",
        "title": labels.get("edition", "edition"),
        "scale": {"domain": domain, "nice": False, "zero": False},
        "axis": {"format": "d", "tickMinStep": 1},
    }
    layers: list[dict[str, Any]] = []
    marked = [p for p in points if p.total is not None and p.sources and p.sources[0] in SOURCE_SHAPES]
    if marked:
        kinds = [k for k in SOURCE_SHAPES if any(p.sources[0] == k for p in marked)]
        kind_labels = [labels.get(f"kind.{k}", k) for k in kinds]
        converted_label = labels.get("converted", "converted")
        layers.append(
            {
                "data": {
                    "values": [
                        {
                            "edition": p.edition,
                            "score": p.total,
                            "source": labels.get(f"kind.{p.sources[0]}", p.sources[0]),
                            "converted": converted_label if p.converted else "",
                        }
                        for p in marked
                    ]
                },
                "mark": {"type": "point", "size": 70, "strokeWidth": 2, "color": SERIES_COLOURS[0]},
                "encoding": {
                    "y": {"field": "score", "type": "quantitative"},
                    "shape": {
                        "field": "source",
                        "type": "nominal",
                        "title": labels.get("source", "source"),
                        "scale": {"domain": kind_labels, "range": [SOURCE_SHAPES[k] for k in kinds]},
                        "legend": {"orient": "bottom"},
                    },
                    "fill": {
                        "condition": {"test": "datum.converted !== ''", "value": "white"},
                        "value": SERIES_COLOURS[0],
                    },
                },
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": labels.get("description", ""),
        "width": 520,
        "height": 240,
        "background": "white",
        # Vega would describe every mark and axis in English ARIA text; the page gives the chart
        # one translated label instead (role="img" on its container) and the table below it.
        "config": {"aria": False},
        "encoding": {"x": x_axis},
        "layer": [
            {
                "data": {"values": [{"edition": rule_at, "label": labels.get("scale_change", "")}]},
                "layer": [
                    {"mark": {"type": "rule", "color": "#5f6368", "strokeDash": [4, 4]}},
                    {
                        "mark": {
                            "type": "text",
                            "align": "left",
                            "baseline": "top",
                            "dx": 4,
                            "y": 2,
                            "color": "#5f6368",
                            "fontSize": 11,
                        },
                        "encoding": {"text": {"field": "label", "type": "nominal"}},
                    },
                ],
            },
            {
                "data": {"values": rows},
                "mark": {"type": "line", "point": True, "strokeWidth": 2},
                "encoding": {
                    "y": {
                        "field": "score",
                        "type": "quantitative",
                        "title": labels.get("score", "score"),
                        "scale": {"domain": [0, 100]},
                    },
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "sort": series,
                        "scale": {"domain": series, "range": list(SERIES_COLOURS[: len(series)])},
                        "legend": {"orient": "bottom", "columns": 2, "labelLimit": 320},
                    },
                    "detail": {"field": "piece", "type": "nominal"},
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "sort": series,
                        "scale": {"domain": series, "range": [list(d) for d in SERIES_DASHES[: len(series)]]},
                        "legend": None,
                    },
                },
            },
            *layers,
        ],
    }


@lru_cache(maxsize=256)
def _render(spec_json: str) -> str:
    with _render_lock:
        svg: str = vl_convert.vegalite_to_svg(json.loads(spec_json), allowed_base_urls=[])
    return svg


def history_svg(
    points: Iterable[HistoryPoint], gettext: Callable[..., str], category_labels: Mapping[str, str]
) -> Markup:
    """The history chart as inline SVG markup, safe under the site's CSP.

    ``gettext`` translates the chart's words; ``category_labels`` maps category ids to
    their labels in the interface language. Rendered charts are cached by spec. Raises
    ``ValueError`` (from vl-convert) when the spec cannot be rendered.
    """
    labels = {
        "total": gettext("Total"),
        "edition": gettext("Edition"),
        "score": gettext("Score (0-100, higher is freer)"),
        "scale_change": gettext("2019: scale reversed"),
        "description": gettext("Scores by edition on the current scale"),
        "kind.report": gettext("report"),
        "kind.table": gettext("table"),
        "kind.news": gettext("news"),
        "source": gettext("Source"),
        "converted": gettext("converted from the legacy scale"),
        **{key: f"{key}. {label}" for key, label in category_labels.items()},
    }
    spec = history_spec(points, labels)
    return Markup(csp_safe_svg(_render(json.dumps(spec, sort_keys=True))))


_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_FOREIGN_OBJECT = re.compile(r"<foreignObject\b.*?</foreignObject\s*>", re.IGNORECASE | re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*("([^"]*)"|'([^']*)')""", re.IGNORECASE)
_EVENT_ATTRIBUTE = re.compile(r"""\son[a-z]+\s*=\s*("[^"]*"|'[^']*')""", re.IGNORECASE)
_JAVASCRIPT_LINK = re.compile(
    r"""\s(?:xlink:)?href\s*=\s*("\s*javascript:[^"]*"|'\s*javascript:[^']*')""", re.IGNORECASE
)
_PRESENTATION = {
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "display",
    "visibility",
    "pointer-events",
    "shape-rendering",
    "text-rendering",
    "cursor",
}


def _as_attributes(declarations: str) -> str:
    out = []
    for declaration in declarations.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), html.unescape(value).strip()
        if name in _PRESENTATION and value and "url(" not in value.lower():
            out.append(f' {name}="{html.escape(value, quote=True)}"')
    return "".join(out)


def csp_safe_svg(svg: str) -> str:
    """``svg`` without what the CSP forbids or an inline SVG must not carry.

    Removes ``<style>``, ``<script>`` and ``<foreignObject>`` elements, event-handler
    attributes and ``javascript:`` links; turns each ``style="..."`` attribute into SVG
    presentation attributes (``fill``, ``font-size``...; other properties are dropped).
    """
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _SCRIPT_ELEMENT.sub("", svg)
    svg = _FOREIGN_OBJECT.sub("", svg)
    svg = _EVENT_ATTRIBUTE.sub("", svg)
    svg = _JAVASCRIPT_LINK.sub("", svg)
    return _STYLE_ATTRIBUTE.sub(lambda m: _as_attributes(m.group(2) if m.group(2) is not None else m.group(3)), svg)
