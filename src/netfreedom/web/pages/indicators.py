"""``GET /indicators/{indicator_id}?edition=2024``: one indicator across every country of an
edition.

The indicator (``A3``), a category (``B``) or ``total``, from the prepared scorecards of
every source (reports, score tables such as Freedom House's workbook, news values): one row
per country with a value (countries whose partial report or table row lacks it are listed
after them as "not printed", never as 0), sortable by country or score (``sort``, ``order``), each with its
rank for this measure (1 = freest; ties share a rank), and the distribution of the values
(how many countries scored 0, 1, ... up to the maximum) drawn as an inline SVG. Without
``edition``: the latest edition in which any country has a value. An unknown id is 404; a
bad query value 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from netfreedom.methodology import CURRENT, load_methodology
from netfreedom.model.scoring import status_label
from netfreedom.store import Scorecard
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.i18n import Translator, translator
from netfreedom.web.views.labels import country_href, edition_param, localized, page_url

router = APIRouter()

SORT_KEYS = ("score", "country")


@dataclass(frozen=True)
class IndicatorRow:
    """One country's value of the measure in the edition (current scale) and its place."""

    iso3: str
    name: str
    score: int
    place: int
    card: Scorecard


def measure(raw: str, words: Translator, language: str) -> tuple[str, str, int]:
    """(id, label, maximum) of ``total``, a category id or an indicator id (any case);
    :class:`HTTPException` 404 for an id the methodology does not know."""
    methodology = load_methodology(CURRENT)
    text = raw.strip()
    if text.lower() == "total":
        return "total", words.gettext("Total"), methodology.scale.max
    wanted = text.upper()
    for category in methodology.categories:
        if category.id == wanted:
            return wanted, f"{wanted}. {localized(category.label, language)}", category.max
        for indicator in category.indicators:
            if indicator.id == wanted:
                return wanted, f"{wanted}. {localized(indicator.topic, language)}", indicator.max
    raise HTTPException(404, words.gettext("No indicator is called “{name}”.", name=text))


def value_of(card: Scorecard, measure_id: str) -> int | None:
    """The card's value of the measure on the current scale, ``None`` when unknown."""
    if measure_id == "total":
        return card.total
    if len(measure_id) == 1:
        return card.categories.get(measure_id)
    return card.indicators.get(measure_id)


NARROW_BAR = 48
"""Drawn width of one column when every score has its own label (at most 11 scores: an
indicator or a category of up to 10 points): 7 columns are 336 units, so the chart fits a
390 px phone at its drawn size (11 px labels) and no column is hidden in a scroll box."""


def distribution_svg(counts: list[int], label: str) -> Markup:
    """Counts per score (index = score) as an inline SVG column chart, CSP-safe.

    Up to 11 scores (an indicator, a category of up to 10 points): one column of
    :data:`NARROW_BAR` units per score, the score under it and the number of countries above
    it (class ``narrow``). More scores (the total, a category of 25-40 points): 600 units wide,
    a label every 10 points, the counts in each column's tooltip (class ``wide``: it keeps its
    drawn width and scrolls in its box on a phone).
    """
    tallest = max(counts) or 1
    narrow = len(counts) <= 11
    chart_width = NARROW_BAR * len(counts) if narrow else 600
    width = chart_width / len(counts)
    top = 14 if narrow else 0  # room for the counts above the tallest column
    height = 120
    bars = []
    for score, count in enumerate(counts):
        h = round(height * count / tallest, 1)
        y = top + height - h
        bars.append(
            Markup('<rect class="dist-bar" x="{x}" y="{y}" width="{w}" height="{h}"><title>{t}</title></rect>').format(
                x=round(score * width + 1, 1), y=round(y, 1), w=round(width - 2, 1), h=h, t=f"{score}: {count}"
            )
        )
        middle = round(score * width + width / 2, 1)
        if narrow:
            bars.append(
                Markup('<text class="dist-count" x="{x}" y="{y}">{n}</text>').format(
                    x=middle, y=round(y - 3, 1), n=count
                )
            )
        if narrow or score % 10 == 0:
            bars.append(
                Markup('<text class="dist-label" x="{x}" y="{y}">{s}</text>').format(
                    x=middle, y=top + height + 12, s=score
                )
            )
    return Markup(
        '<svg class="distribution {kind}" viewBox="0 0 {vw} {vh}" role="img" aria-label="{label}">{bars}</svg>'
    ).format(
        kind="narrow" if narrow else "wide",
        vw=chart_width,
        vh=top + height + 14,
        label=label,
        bars=Markup("").join(bars),
    )


@router.get("/indicators/{indicator_id}", response_class=HTMLResponse)
def indicator_page(
    request: Request, indicator_id: str, edition: str = "", sort: str = "score", order: str = "desc"
) -> HTMLResponse:
    """One measure across the countries of an edition, sortable, with its distribution."""
    language = language_of(request)
    words = translator(language)
    measure_id, label, maximum = measure(indicator_id, words, language)
    if sort not in SORT_KEYS or order not in ("asc", "desc"):
        raise HTTPException(400, words.gettext("sort: must be score or country; order: asc or desc"))
    wanted = edition_param(words, edition)
    store = store_of(request)
    editions = sorted(store.scorecard_counts().editions, reverse=True)
    cards = store.scorecards(edition=wanted) if wanted is not None else []
    if wanted is None:
        for year in editions:
            cards = store.scorecards(edition=year)
            if any(value_of(c, measure_id) is not None for c in cards):
                wanted = year
                break
    valued = [(c, v) for c in cards if (v := value_of(c, measure_id)) is not None]
    scores = sorted((v for _, v in valued), reverse=True)
    place = {v: scores.index(v) + 1 for v in set(scores)}
    rows = [IndicatorRow(c.iso3, words.country(c.iso3, fallback=c.country_name), v, place[v], c) for c, v in valued]
    # countries whose source lacks this value (a partial report or table row): listed as not printed, never as 0
    not_printed = sorted(
        ((words.country(c.iso3, fallback=c.country_name), c) for c in cards if measure_id in c.missing),
        key=lambda pair: pair[0].casefold(),
    )
    rows.sort(key=lambda r: r.name.casefold())
    if sort == "score":
        rows.sort(key=lambda r: r.score, reverse=order == "desc")
    elif order == "desc":
        rows.reverse()
    counts = [0] * (maximum + 1)
    for score in scores:
        counts[max(0, min(score, maximum))] += 1
    base = {"edition": wanted, "lang": language}

    def sort_href(key: str) -> str:
        flip = "asc" if (sort == key and order == "desc") or (sort != key and key == "country") else "desc"
        return page_url(f"/indicators/{measure_id}", {**base, "sort": key, "order": flip})

    values: dict[str, Any] = {
        "measure_id": measure_id,
        "label": label,
        "maximum": maximum,
        "edition": wanted,
        "editions": editions,
        "rows": rows,
        "not_printed": not_printed,
        "known": len(cards),
        "sort": sort,
        "order": order,
        "sort_href": sort_href,
        "distribution": distribution_svg(counts, words.gettext("Distribution of the scores")),
        "median": scores[len(scores) // 2] if scores else None,
        "indicators": [(i.id, localized(i.topic, language)) for i in load_methodology(CURRENT).indicators],
        "href": lambda iso3: country_href(iso3, wanted, language),
        "status_label": lambda s: status_label(s, language),
    }
    return render(request, "indicator.html", values)
